from django.contrib import admin

from yuanqu.core.admin import AuditedAdmin
from yuanqu.peers.models import Indicator, IndicatorValue, PeerGroup, PeerRegion


@admin.register(PeerRegion)
class PeerRegionAdmin(AuditedAdmin):
    list_display = ["code", "name", "province"]
    search_fields = ["code", "name"]


@admin.register(PeerGroup)
class PeerGroupAdmin(AuditedAdmin):
    list_display = ["name"]
    filter_horizontal = ["members"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["key", "name", "unit", "higher_is_better"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(AuditedAdmin):
    list_display = ["region", "year", "indicator", "value", "basis", "published", "illustrative"]
    list_filter = ["indicator", "year", "basis", "illustrative"]
    search_fields = ["region__name", "region__code"]
