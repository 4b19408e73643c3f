from django.contrib import admin

from yuanqu.core.admin import AuditedAdmin, ReadOnlyAdmin
from yuanqu.industry.models import (
    Chain,
    ChainNode,
    CostProfile,
    EfficiencyRecord,
    GradingScheme,
    RegionIndustryFigure,
    RegionIndustryTable,
)


@admin.register(Chain)
class ChainAdmin(AuditedAdmin):
    list_display = ["name"]


@admin.register(ChainNode)
class ChainNodeAdmin(AuditedAdmin):  # no inline on Chain: inline saves would bypass the audit
    list_display = ["name", "chain", "stage", "order", "industry_codes"]
    list_filter = ["chain", "stage"]
    filter_horizontal = ["parents"]


@admin.register(CostProfile)
class CostProfileAdmin(AuditedAdmin):
    list_display = ["location", "land_price_per_mu", "wage_per_employee_year", "power_price_per_kwh", "illustrative"]


@admin.register(EfficiencyRecord)
class EfficiencyRecordAdmin(AuditedAdmin):
    list_display = ["enterprise", "year", "land_mu", "tax", "sales"]
    list_filter = ["year"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]


@admin.register(GradingScheme)
class GradingSchemeAdmin(ReadOnlyAdmin):
    """Read only: a new version is made on the grading parameters page (validated, audited, old ones kept)."""

    list_display = ["version", "active", "note", "created_by", "created"]



@admin.register(RegionIndustryTable)
class RegionIndustryTableAdmin(AuditedAdmin):
    list_display = ["name", "year", "measure", "source", "illustrative"]
    list_filter = ["measure", "illustrative"]


@admin.register(RegionIndustryFigure)
class RegionIndustryFigureAdmin(ReadOnlyAdmin):
    """Read only: cells are imported (all or nothing, audited) on the table's page."""

    list_display = ["table", "region", "industry_code", "value"]
    list_filter = ["table"]
