"""Warning rules (versioned), lights (one per project and month: the history), exemptions, supervised tasks."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yuanqu.core.models import BaseModel, VersionedParams
from yuanqu.places.models import Region, current_regions_q
from yuanqu.projects.models import Project
from yuanqu.supervision import rules


class RuleSet(VersionedParams):
    """One version of the warning-rule parameters; editing creates a new version, old ones are kept."""

    operations = ("supervision.view", "supervision.manage")

    params = models.JSONField(_("规则参数"))

    class Meta(VersionedParams.Meta):
        verbose_name = _("亮灯规则版本")
        verbose_name_plural = pgettext_lazy("plural", "亮灯规则版本")
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=models.Q(active=True), name="ruleset_one_active")
        ]

    def clean(self):
        errors = rules.validate_params(self.params)
        if errors:
            raise ValidationError({"params": errors})


class LightColor(models.TextChoices):
    GREEN = rules.GREEN, _("绿灯")
    YELLOW = rules.YELLOW, _("黄灯")
    RED = rules.RED, _("红灯")


class RuleKey(models.TextChoices):
    START_DELAY = rules.START_DELAY, _("开工滞后")
    INVESTMENT_LAG = rules.INVESTMENT_LAG, _("投资滞后")
    REPORT_MISSING = rules.REPORT_MISSING, _("月报缺报")


class Light(BaseModel):
    """A project's light for one month. Past months are only recomputed when that month is asked for."""

    scope_path = "project__region"
    operations = ("supervision.view", "supervision.manage")  # computed by the organiser's recompute, never edited
    # a recompute that finds the same light only refreshes computed_at: not a change worth a log entry
    audit_ignore_fields = ("computed_at",)

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="lights")
    month = models.DateField(_("月份"))
    color = models.CharField(_("灯色"), max_length=6, choices=LightColor.choices)
    reasons = models.JSONField(_("原因"), default=list, blank=True)
    ruleset = models.ForeignKey(RuleSet, verbose_name=_("规则版本"), on_delete=models.PROTECT, related_name="lights")
    time_progress = models.DecimalField(_("时间进度（%）"), max_digits=6, decimal_places=2, null=True, blank=True)
    investment_progress = models.DecimalField(
        _("投资完成（%）"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("亮灯")
        verbose_name_plural = pgettext_lazy("plural", "亮灯")
        ordering = ["-month", "project__region__code", "project__name"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="light_unique_project_month")]

    def __str__(self) -> str:
        return f"{self.project} {rules.month_label(self.month)} {self.get_color_display()}"

    @property
    def reason_text(self) -> str:
        return "；".join(r["text"] for r in self.reasons) or str(_("各项指标正常"))


class ExemptionStatus(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")


class Exemption(BaseModel):
    """A justified delay: once the organiser approves it, the rule no longer colours the project's light."""

    scope_path = "project__region"
    operations = ("supervision.view", "supervision.respond")  # a district requests; the organiser decides

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="exemptions")
    rule = models.CharField(_("豁免规则"), max_length=20, choices=RuleKey.choices)
    reason = models.TextField(_("申请理由"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ExemptionStatus.choices, default=ExemptionStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("豁免申请")
        verbose_name_plural = pgettext_lazy("plural", "豁免申请")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.project} {self.get_rule_display()}（{self.get_status_display()}）"

    def clean(self):
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("请填写申请豁免的理由。")})


class TaskSource(models.TextChoices):
    MANUAL = "manual", _("手工创建")
    LIGHT = "light", _("红灯转办")
    MEETING = "meeting", _("会议要求")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待办")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已办结")
    CLOSED = "closed", _("已关闭")


ACTIVE_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)


def overdue_q(today: datetime.date | models.Expression) -> models.Q:
    """Tasks overdue on `today`: unfinished past their deadline, or finished after it (逾期办结).

    The database's half of the rule; `SupervisedTask.is_overdue_on` is the same rule for one instance.
    """
    active = models.Q(status__in=ACTIVE_STATUSES)
    return (active & models.Q(deadline__lt=today)) | (~active & models.Q(finished_on__gt=models.F("deadline")))


class SupervisedTaskQuerySet(models.QuerySet):
    def with_overdue(self, today: datetime.date | None = None) -> "SupervisedTaskQuerySet":
        """Alias `overdue` for filtering and sorting, judged on `today` (default: the database's current date in
        the site's time zone, taken when the query runs, so a queryset built at import time never goes stale)."""
        day = TruncDate(Now()) if today is None else models.Value(today)
        return self.alias(
            overdue=models.Case(
                models.When(overdue_q(day), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class SupervisedTask(BaseModel):
    """督办事项: an owner unit and a responsible person must do something by a deadline.

    Whether it is overdue is derived, never stored: from status, deadline and finished_on, judged today
    (`overdue` on an instance, `SupervisedTask.objects.with_overdue()` for lists, filters, sorting and exports).
    """

    scope_path = "region"
    # the organiser assigns, edits and deletes; a district moves the status with "supervision.respond"
    operations = ("supervision.view", "supervision.manage")

    title = models.CharField(_("督办事项"), max_length=200)
    description = models.TextField(_("具体要求"), blank=True)
    region = models.ForeignKey(Region, verbose_name=_("责任区县"), on_delete=models.PROTECT, related_name="tasks",
                               limit_choices_to=current_regions_q)
    project = models.ForeignKey(
        Project, verbose_name=_("相关项目"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    source = models.CharField(_("来源"), max_length=10, choices=TaskSource.choices, default=TaskSource.MANUAL)
    light = models.ForeignKey(
        Light, verbose_name=_("来源亮灯"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    # A meeting demand (meetings.Demand) will replace this reference once that model exists.
    source_ref = models.CharField(_("来源编号"), max_length=60, blank=True)
    source_text = models.TextField(_("来源说明"), blank=True)
    owner_unit = models.CharField(_("责任单位"), max_length=100)
    responsible_person = models.CharField(_("责任人"), max_length=50)
    deadline = models.DateField(_("办结时限"))
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    finished_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("交办人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SupervisedTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = pgettext_lazy("plural", "督办事项")
        ordering = ["deadline", "pk"]
        # the overdue filter and the dashboard's count: unfinished tasks by deadline
        indexes = [models.Index(fields=["status", "deadline"], name="task_status_deadline")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def is_overdue_on(self, today: datetime.date) -> bool:
        """The rule of `overdue_q` for this instance: unfinished past the deadline, or finished after it."""
        if self.deadline is None:
            return False
        if self.is_active:
            return self.deadline < today
        return self.finished_on is not None and self.finished_on > self.deadline

    @property
    def overdue(self) -> bool:
        """已逾期 today (an unfinished task) or 逾期办结 (a finished one)."""
        return self.is_overdue_on(timezone.localdate())

    def clean(self):
        errors = {}
        if self.project_id and self.region_id and self.project.region_id != self.region_id:
            errors["project"] = _("项目“%(p)s”不在%(r)s。") % {"p": self.project, "r": self.region}
        if self.light_id and self.project_id and self.light.project_id != self.project_id:
            errors["light"] = _("来源亮灯不属于该项目。")
        if errors:
            raise ValidationError(errors)


class TaskFeedback(BaseModel):
    """A dated progress note on a task (反馈)."""

    scope_path = "task__region"
    operations = ("supervision.view", "supervision.respond")

    task = models.ForeignKey(
        SupervisedTask, verbose_name=_("督办事项"), on_delete=models.CASCADE, related_name="feedback"
    )
    date = models.DateField(_("日期"))
    text = models.TextField(_("办理情况"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填写人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("办理反馈")
        verbose_name_plural = pgettext_lazy("plural", "办理反馈")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.task} {self.date}"

    def clean(self):
        if not (self.text or "").strip():
            raise ValidationError({"text": _("请填写办理情况。")})
