from django.urls import include, path
from rest_framework.routers import SimpleRouter

from yuanqu.core.urls import crud_urls
from yuanqu.places import api, filtersets, forms, tables, views
from yuanqu.places.models import Carrier, Industry, Park, Region, RegionChange

router = SimpleRouter()
router.register("regions", api.RegionViewSet)
router.register("industries", api.IndustryViewSet)
router.register("parks", api.ParkViewSet)
router.register("carriers", api.CarrierViewSet)
api_urlpatterns = [path("", include(router.urls))]

urlpatterns = [
    path("regions/setup/", views.RegionSetupView.as_view(), name="region_setup"),
    path("regions/boundaries/", views.BoundaryView.as_view(), name="boundary_list"),
    *crud_urls(
        "regions",
        "region",
        queryset=Region.objects.select_related("parent"),
        filterset=filtersets.RegionFilterSet,
        table=tables.RegionTable,
        form_class=forms.RegionForm,
        fields=["code", "name", "level", "parent", "group", "retired", "successors", "seat_latitude",
                "seat_longitude"],
    ),
    *crud_urls(
        "region-changes",
        "regionchange",
        queryset=RegionChange.objects.all(),
        filterset=filtersets.RegionChangeFilterSet,
        table=tables.RegionChangeTable,
        form_class=forms.RegionChangeForm,
        fields=["old_code", "new_codes", "new_name", "date", "kind", "note"],
    ),
    *crud_urls(
        "industries",
        "industry",
        queryset=Industry.objects.select_related("parent"),
        filterset=filtersets.IndustryFilterSet,
        table=tables.IndustryTable,
        form_class=forms.IndustryForm,
        fields=["code", "name", "parent"],
    ),
    *crud_urls(
        "parks",
        "park",
        queryset=Park.objects.select_related("region").prefetch_related("leading_industries"),
        filterset=filtersets.ParkFilterSet,
        table=tables.ParkTable,
        form_class=forms.ParkForm,
        fields=["name", "region", "level", "leading_industries", "planned_area_km2", "description", "latitude",
                "longitude"],
    ),
    *crud_urls(
        "carriers",
        "carrier",
        queryset=Carrier.objects.with_status().select_related("park__region"),
        filterset=filtersets.CarrierFilterSet,
        table=tables.CarrierTable,
        form_class=forms.CarrierForm,
        fields=[
            "name", "park", "kind", "floor_area", "occupied_area", "construction", tables.CarrierTable.column("status"),
            "completion_date", "address", "latitude", "longitude",
        ],
    ),
]
