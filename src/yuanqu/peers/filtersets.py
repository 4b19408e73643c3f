import django_filters
from django.utils.translation import gettext_lazy as _

from yuanqu.core.filtersets import BaseFilterSet
from yuanqu.peers.models import Indicator, IndicatorValue, PeerGroup


class IndicatorValueFilterSet(BaseFilterSet):
    search_fields = ("region__name", "region__code", "indicator__name", "source")
    indicator = django_filters.ModelChoiceFilter(queryset=Indicator.objects.all(), label=_("指标"))
    group = django_filters.ModelChoiceFilter(
        queryset=PeerGroup.objects.all(), field_name="region__groups", label=_("对标组")
    )

    class Meta:
        model = IndicatorValue
        fields = ["region", "year", "indicator", "basis", "illustrative"]
