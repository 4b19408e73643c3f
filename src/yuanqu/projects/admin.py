from django.contrib import admin

from yuanqu.core.admin import AuditedAdmin
from yuanqu.projects.models import Enterprise, MonthLock, ProgressReport, Project


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedAdmin):
    list_display = ("name", "credit_code", "region", "industry")
    search_fields = ("name", "credit_code")
    list_filter = ("region",)


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ("name", "region", "park", "stage", "total_investment", "key_level")
    list_filter = ("stage", "region", "key_level", "kind")
    search_fields = ("name", "code", "enterprise__name")


@admin.register(ProgressReport)
class ProgressReportAdmin(AuditedAdmin):
    list_display = ("project", "month", "investment_month", "investment_cumulative", "stage")
    list_filter = ("month", "stage")
    search_fields = ("project__name",)


@admin.register(MonthLock)
class MonthLockAdmin(AuditedAdmin):
    list_display = ("month", "note")
