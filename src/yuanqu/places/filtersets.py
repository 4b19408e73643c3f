import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from yuanqu.core.filtersets import BaseFilterSet
from yuanqu.places.models import (
    Carrier,
    CarrierKind,
    CarrierStatus,
    Industry,
    Park,
    ParkLevel,
    Region,
    RegionChange,
    RegionChangeKind,
    RegionLevel,
)


class RegionFilterSet(BaseFilterSet):
    search_fields = ("code", "name")
    level = django_filters.ChoiceFilter(choices=RegionLevel.choices, label=_("级别"))

    class Meta:
        model = Region
        fields = ["level", "parent", "group"]


class RegionChangeFilterSet(BaseFilterSet):
    search_fields = ("old_code", "new_codes", "new_name", "note")
    kind = django_filters.ChoiceFilter(choices=RegionChangeKind.choices, label=_("变更类型"))

    class Meta:
        model = RegionChange
        fields = ["kind"]


class IndustryFilterSet(BaseFilterSet):
    search_fields = ("code", "name")
    level = django_filters.ChoiceFilter(
        choices=[("section", _("门类")), ("division", _("大类"))], method="filter_level", label=_("层级")
    )

    class Meta:
        model = Industry
        fields = ["parent"]

    def filter_level(self, queryset, name, value):
        return queryset.filter(parent__isnull=(value == "section")) if value else queryset


class ParkFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    level = django_filters.ChoiceFilter(choices=ParkLevel.choices, label=_("园区级别"))

    class Meta:
        model = Park
        fields = ["region", "level", "leading_industries"]


class CarrierFilterSet(BaseFilterSet):
    search_fields = ("name", "address", "park__name")
    kind = django_filters.ChoiceFilter(choices=CarrierKind.choices, label=_("载体类型"))
    status = django_filters.ChoiceFilter(choices=CarrierStatus.choices, label=_("状态"), method="filter_status")
    region = django_filters.ModelChoiceFilter(
        field_name="park__region", queryset=Region.objects.all(), label=_("所在区县")
    )
    min_available = django_filters.NumberFilter(method="filter_available", label=_("可用面积不少于（m²）"))

    class Meta:
        model = Carrier
        fields = ["region", "park", "kind", "status"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status().filter(status=value)

    def filter_available(self, queryset, name, value):
        return queryset.filter(floor_area__gte=F("occupied_area") + value) if value is not None else queryset
