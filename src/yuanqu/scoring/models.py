"""Scoring schemes of a meeting, the raters' submissions (append-only versions) and published results."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yuanqu.core.models import BaseModel
from yuanqu.meetings.models import Attendee, Meeting, Stop


class SchemeKind(models.TextChoices):
    WEIGHTED = "weighted", _("加权评分")
    RANK_BALLOT = "rank_ballot", _("排序计分（100、97、94……）")


class Normalise(models.TextChoices):
    NONE = "none", _("不标准化")
    ZSCORE = "zscore", _("按评分人标准化（z 分数）")


class ScoringScheme(BaseModel):
    """How a meeting is scored. City-level: every signed-in non-rater reads it; only the organiser changes it."""

    scope_path = None
    operations = ("meetings.view", "meetings.manage")

    meeting = models.OneToOneField(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE,
                                   related_name="scoring_scheme")
    kind = models.CharField(_("计分方法"), max_length=12, choices=SchemeKind.choices, default=SchemeKind.WEIGHTED)
    trim = models.PositiveSmallIntegerField(_("去掉最高分、最低分各几个"), default=1)
    trim_min_raters = models.PositiveSmallIntegerField(_("至少几人评分时才去掉"), default=5)
    normalise = models.CharField(_("标准化"), max_length=8, choices=Normalise.choices, default=Normalise.NONE)
    hide_until_close = models.BooleanField(_("结束前隐藏实时排名"), default=True)
    # district code → ranking group name, e.g. {"320902": "市区", "320923": "县（市）"}; empty = one ranking.
    groups = models.JSONField(_("分组排名"), default=dict, blank=True)

    class Meta:
        verbose_name = _("评分方案")
        verbose_name_plural = pgettext_lazy("plural", "评分方案")

    def __str__(self) -> str:
        return f"{self.meeting} · {self.get_kind_display()}"

    def clean(self):
        if self.trim_min_raters <= 2 * self.trim:
            raise ValidationError({"trim_min_raters": _("“至少几人评分”必须大于去掉人数的两倍。")})
        if not isinstance(self.groups, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v for k, v in self.groups.items()
        ):
            raise ValidationError({"groups": _("分组须为“区县代码 → 组名”的对应关系。")})


class ScoringCriterion(BaseModel):
    """One criterion of a scheme: a rater gives 0 … `maximum` points; `weight` is its share of the total."""

    scope_path = None
    operations = ("meetings.view", "meetings.manage")

    scheme = models.ForeignKey(ScoringScheme, verbose_name=_("评分方案"), on_delete=models.CASCADE,
                               related_name="criteria")
    key = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=50)
    weight = models.FloatField(_("权重"))
    maximum = models.FloatField(_("满分"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = pgettext_lazy("plural", "评分项")
        ordering = ["scheme", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "key"], name="criterion_unique_key")]

    def __str__(self) -> str:
        return f"{self.name}（{self.maximum:g}分）"

    def clean(self):
        errors = {}
        if self.weight is not None and self.weight <= 0:
            errors["weight"] = _("权重必须大于 0。")
        if self.maximum is not None and self.maximum <= 0:
            errors["maximum"] = _("满分必须大于 0。")
        if errors:
            raise ValidationError(errors)


class Submission(models.Model):
    """One version of one rater's card for one stop. Rows are never changed except `is_current`.

    A change or an undo appends a new version; `withdrawn` marks a version that takes the score back.
    The database guarantees one row per idempotency key and one current version per (attendee, stop).
    """

    operations = ("meetings.manage", "meetings.manage")  # raw cards: the organiser's; raters write by link

    scope_path = None

    attendee = models.ForeignKey(Attendee, verbose_name=_("评分人"), on_delete=models.PROTECT,
                                 related_name="submissions")
    stop = models.ForeignKey(Stop, verbose_name=_("观摩点"), on_delete=models.PROTECT, related_name="submissions")
    idempotency_key = models.CharField(_("幂等键"), max_length=80, unique=True)
    values = models.JSONField(_("分值"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("版本"))
    is_current = models.BooleanField(_("当前版本"), default=True)
    withdrawn = models.BooleanField(_("已撤回"), default=False)
    received_at = models.DateTimeField(_("收到时间"), auto_now_add=True, db_index=True)
    client_time = models.DateTimeField(_("手机记录时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评分记录")
        verbose_name_plural = pgettext_lazy("plural", "评分记录")
        ordering = ["stop", "attendee", "version"]
        constraints = [
            models.UniqueConstraint(fields=["attendee", "stop", "version"], name="submission_unique_version"),
            models.UniqueConstraint(fields=["attendee", "stop"], condition=Q(is_current=True),
                                    name="submission_one_current"),
        ]
        indexes = [models.Index(fields=["stop", "is_current"])]

    def __str__(self) -> str:
        return f"{self.attendee} · {self.stop} · v{self.version}"


class Result(models.Model):
    """The published result of a meeting: the export file as published and its recomputation.

    `payload` is exactly `verify.recompute(export)`: anyone holding the export can check it.
    """

    operations = ("meetings.view", "meetings.manage")

    scope_path = None
    # The change log names the published result by its digest: the export and its recomputation are kept here
    # (never changed after publication) and can be checked against it; copying them into the log would double a
    # large meeting's scores for nothing.
    audit_ignore_fields = ("export", "payload")

    meeting = models.OneToOneField(Meeting, verbose_name=_("会议"), on_delete=models.PROTECT,
                                   related_name="scoring_result")
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    published_by = models.CharField(_("发布人"), max_length=150, blank=True)
    digest = models.CharField(_("SHA-256"), max_length=64)
    export = models.JSONField(_("导出数据"))
    payload = models.JSONField(_("计算结果"))

    class Meta:
        verbose_name = _("评分结果")
        verbose_name_plural = pgettext_lazy("plural", "评分结果")

    def __str__(self) -> str:
        return f"{self.meeting} · {self.digest[:12]}"
