"""One FilterSet per edited model of the industry app: the list page, its .xlsx export and the API share it."""

import django_filters
from django.utils.translation import gettext_lazy as _

from yuanqu.core.filtersets import BaseFilterSet
from yuanqu.industry.models import Chain, ChainNode, ChainStage, CostProfile, RegionIndustryTable, TableMeasure
from yuanqu.projects.models import Orientation


class ChainFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = Chain
        fields = []


class ChainNodeFilterSet(BaseFilterSet):
    search_fields = ("name", "keywords", "industry_codes")
    stage = django_filters.ChoiceFilter(choices=ChainStage.choices, label=_("位置"))
    orientation = django_filters.ChoiceFilter(choices=Orientation.choices, label=_("产业转移导向"))

    class Meta:
        model = ChainNode
        fields = ["chain", "stage", "orientation"]


class CostProfileFilterSet(BaseFilterSet):
    search_fields = ("location", "note")
    illustrative = django_filters.BooleanFilter(label=_("示例数据"))

    class Meta:
        model = CostProfile
        fields = ["illustrative"]


class RegionIndustryTableFilterSet(BaseFilterSet):
    search_fields = ("name", "source", "basis", "note")
    measure = django_filters.ChoiceFilter(choices=TableMeasure.choices, label=_("指标"))
    illustrative = django_filters.BooleanFilter(label=_("示例数据"))

    class Meta:
        model = RegionIndustryTable
        fields = ["year", "measure", "illustrative"]
