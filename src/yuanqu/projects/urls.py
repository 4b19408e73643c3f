from django.urls import include, path
from rest_framework.routers import SimpleRouter

from yuanqu.core.urls import crud_urls
from yuanqu.projects import api, filtersets, forms, tables, views
from yuanqu.projects.models import Enterprise, Project

router = SimpleRouter()
router.register("enterprises", api.EnterpriseViewSet)
router.register("projects", api.ProjectViewSet)
api_urlpatterns = [path("", include(router.urls))]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    *crud_urls(
        "enterprises",
        "enterprise",
        queryset=Enterprise.objects.select_related("region", "industry"),
        filterset=filtersets.EnterpriseFilterSet,
        table=tables.EnterpriseTable,
        form_class=forms.EnterpriseForm,
        fields=["name", "credit_code", "region", "industry", "address"],
    ),
    *crud_urls(
        "projects",
        "project",
        queryset=Project.objects.select_related("region", "park", "carrier", "enterprise", "industry"),
        filterset=filtersets.ProjectFilterSet,
        table=tables.ProjectTable,
        form_class=forms.ProjectForm,
        detail_view=views.ProjectDetailView,
        fields=[
            "name",
            "code",
            "enterprise",
            "region",
            "park",
            "carrier",
            "industry",
            "kind",
            "orientation",
            "key_level",
            "total_investment",
            "stage",
            "construction_content",
            "latitude",
            "longitude",
        ],
    ),
]
