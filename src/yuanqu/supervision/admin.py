from django.contrib import admin

from yuanqu.core.admin import AuditedAdmin, ReadOnlyAdmin
from yuanqu.supervision.models import Exemption, Light, RuleSet, SupervisedTask, TaskFeedback


@admin.register(RuleSet)
class RuleSetAdmin(ReadOnlyAdmin):
    """Read only: a new version is made on the rules page (validated, audited, old ones kept)."""

    list_display = ("version", "active", "note", "created_by", "created")


@admin.register(Light)
class LightAdmin(AuditedAdmin):
    list_display = ("project", "month", "color", "ruleset", "computed_at")
    list_filter = ("color", "month")
    search_fields = ("project__name",)


@admin.register(Exemption)
class ExemptionAdmin(AuditedAdmin):
    list_display = ("project", "rule", "status", "valid_until", "requested_by", "decided_by")
    list_filter = ("status", "rule")


class TaskFeedbackInline(admin.TabularInline):
    model = TaskFeedback
    extra = 0


@admin.register(SupervisedTask)
class SupervisedTaskAdmin(AuditedAdmin):
    list_display = ("title", "region", "owner_unit", "deadline", "status", "overdue")
    list_filter = ("status", "overdue", "source", "region")
    search_fields = ("title", "owner_unit", "responsible_person")
    inlines = [TaskFeedbackInline]
