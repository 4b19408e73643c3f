from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from yuanqu.core.admin import AuditedAdmin, ComputedFilter, ReadOnlyAdmin
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


class OverdueFilter(ComputedFilter):
    parameter_name = "overdue"
    title = _("已逾期")
    options = [("1", _("是")), ("0", _("否"))]


@admin.register(SupervisedTask)
class SupervisedTaskAdmin(AuditedAdmin):
    list_display = ("title", "region", "owner_unit", "deadline", "status", "is_overdue")
    list_filter = ("status", OverdueFilter, "source", "region")
    search_fields = ("title", "owner_unit", "responsible_person")
    inlines = [TaskFeedbackInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_overdue()

    @admin.display(description=_("已逾期"), boolean=True, ordering="overdue")
    def is_overdue(self, task):
        return task.overdue
