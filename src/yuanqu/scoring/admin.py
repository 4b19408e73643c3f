from django.contrib import admin

from yuanqu.core.admin import AuditedAdmin, ReadOnlyAdmin
from yuanqu.scoring.models import Result, ScoringCriterion, ScoringScheme, Submission


class CriterionInline(admin.TabularInline):
    model = ScoringCriterion
    extra = 0


@admin.register(ScoringScheme)
class SchemeAdmin(AuditedAdmin):
    list_display = ("meeting", "kind", "trim", "trim_min_raters", "normalise", "hide_until_close")
    inlines = [CriterionInline]

    def has_change_permission(self, request, obj=None):
        # Frozen once scores exist, as scheme_update enforces: changing the rules afterwards would change rankings.
        if obj is not None and Submission.objects.filter(stop__meeting_id=obj.meeting_id).exists():
            return False
        return super().has_change_permission(request, obj)


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    """Read-only: submissions are written only through the rater's link."""

    list_display = ("stop", "attendee", "version", "is_current", "withdrawn", "received_at")
    list_filter = ("is_current", "withdrawn")



@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "published_at", "published_by", "digest")

