"""The Nth on-site promotion meeting (第N次现场推进会): its stops (观摩点) and attendees."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yuanqu.core.models import BaseModel
from yuanqu.places.models import Region
from yuanqu.projects.models import Project


class MeetingStatus(models.TextChoices):
    PLANNING = "planning", _("筹备中")
    SCHEDULED = "scheduled", _("已定日程")
    UNDER_WAY = "under_way", _("进行中")
    CLOSED = "closed", _("已结束")
    PUBLISHED = "published", _("已发布")


MEETING_STATUS_ORDER = list(MeetingStatus.values)
FINISHED_STATUSES = (MeetingStatus.CLOSED, MeetingStatus.PUBLISHED)  # scoring is over


class Meeting(BaseModel):
    """A city-wide meeting. City-level: district reporters read it; only the organiser changes it."""

    scope_path = None
    operations = ("meetings.view", "meetings.manage")

    round = models.PositiveIntegerField(_("届次（第N次）"), validators=[MinValueValidator(1)])
    title = models.CharField(_("会议名称"), max_length=200)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    visited_regions = models.ManyToManyField(Region, verbose_name=_("观摩区县"), blank=True, related_name="meetings")
    leader = models.CharField(_("带队领导"), max_length=100, blank=True)
    presiding = models.CharField(_("主持人"), max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNING)
    depot_name = models.CharField(_("集合/返回地点"), max_length=100, blank=True)
    depot_latitude = models.DecimalField(_("集合点纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    depot_longitude = models.DecimalField(_("集合点经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    itinerary_locked = models.BooleanField(_("行程已锁定"), default=False)
    day_start = models.TimeField(_("每日出发时间"), default=datetime.time(8, 30))
    day_end = models.TimeField(_("每日最晚返回时间"), default=datetime.time(17, 30))
    lunch_from = models.TimeField(_("午餐最早开始"), default=datetime.time(11, 30))
    lunch_to = models.TimeField(_("午餐最晚结束"), default=datetime.time(13, 30))
    lunch_minutes = models.PositiveIntegerField(_("午餐时长（分钟）"), default=60)
    # The timetable's frame as last applied or recomputed: per day leave/return and lunch (see services).
    itinerary = models.JSONField(_("行程时刻"), default=dict, blank=True, editable=False)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("现场推进会")
        verbose_name_plural = pgettext_lazy("plural", "现场推进会")
        ordering = ["-round"]
        constraints = [models.UniqueConstraint(fields=["round"], name="meeting_unique_round")]

    def __str__(self) -> str:
        return self.title or f"第{self.round}次现场推进会"

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("结束日期不能早于开始日期。")
        elif self.start_date and self.end_date and (self.end_date - self.start_date).days > 6:
            errors["end_date"] = _("现场推进会最长 7 天。")
        if self.day_start and self.day_end and self.day_end <= self.day_start:
            errors["day_end"] = _("每日最晚返回时间须晚于出发时间。")
        if self.lunch_from and self.lunch_to and self.lunch_minutes is not None:
            span = (self.lunch_to.hour - self.lunch_from.hour) * 60 + self.lunch_to.minute - self.lunch_from.minute
            if span < self.lunch_minutes:
                errors["lunch_to"] = _("午餐时段短于午餐时长。")
        if (self.depot_latitude is None) != (self.depot_longitude is None):
            errors["depot_longitude"] = _("集合点经纬度须同时填写。")
        if errors:
            raise ValidationError(errors)

    @property
    def check_in_open(self) -> bool:
        """Attendees check in once the programme is fixed and until the meeting ends."""
        return self.status in (MeetingStatus.SCHEDULED, MeetingStatus.UNDER_WAY)

    @property
    def days(self) -> list:
        if not (self.start_date and self.end_date):
            return []
        return [self.start_date + datetime.timedelta(days=i) for i in range((self.end_date - self.start_date).days + 1)]


class Stop(BaseModel):
    """One observation point: a project visited on a day, in tour order."""

    scope_path = None
    operations = ("meetings.view", "meetings.manage")

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="stops")
    project = models.ForeignKey(Project, verbose_name=_("观摩项目"), on_delete=models.PROTECT, related_name="stops")
    day = models.DateField(_("观摩日期"), null=True, blank=True)
    order = models.PositiveIntegerField(_("顺序"), default=0)
    planned_arrival = models.TimeField(_("计划到达时间"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("停留时长（分钟）"), default=30)
    closed = models.BooleanField(_("评分已截止"), default=False)

    class Meta:
        verbose_name = _("观摩点")
        verbose_name_plural = pgettext_lazy("plural", "观摩点")
        ordering = ["meeting", "day", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "project"], name="stop_unique_project")]

    def __str__(self) -> str:
        return str(self.project)

    @property
    def region(self):
        return self.project.region

    def clean(self):
        if self.meeting_id and self.day and self.day not in self.meeting.days:
            raise ValidationError({"day": _("观摩日期须在会议日期范围内。")})


class AttendeeRole(models.TextChoices):
    LEADER = "leader", _("带队领导")
    RATER = "rater", _("评分人")
    OBSERVER = "observer", _("观摩人员")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Attendee(BaseModel):
    """A person on the tour. Their `token` is the secret of their personal link (QR) for check-in and scoring."""

    scope_path = None
    operations = ("meetings.view", "meetings.manage")
    audit_secret_fields = ("token",)  # the change log must not become a list of working links

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("姓名"), max_length=50)
    unit = models.CharField(_("单位"), max_length=100, blank=True)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所属区县（用于回避）"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="attendees",
    )
    role = models.CharField(_("身份"), max_length=10, choices=AttendeeRole.choices, default=AttendeeRole.RATER)
    token = models.CharField(_("个人链接密钥"), max_length=64, unique=True, default=new_token, editable=False)
    token_revoked = models.BooleanField(_("链接已作废"), default=False)
    token_issued = models.DateTimeField(_("链接签发时间"), default=timezone.now, editable=False)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("参会人员")
        verbose_name_plural = pgettext_lazy("plural", "参会人员")
        ordering = ["meeting", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name

    def link_works(self, now=None) -> bool:
        """The rule of `services.live_links` for one attendee (the two are tested equal)."""
        now = now or timezone.now()
        expires = self.token_issued + datetime.timedelta(days=settings.PERSONAL_LINK_DAYS)
        return not self.token_revoked and self.meeting.status not in FINISHED_STATUSES and now < expires

    def recused_from(self, stop: Stop) -> bool:
        """A rater never scores a stop of their own district (回避)."""
        return self.region_id is not None and stop.project.region_id == self.region_id


class Demand(BaseModel):
    """One of the leader's demands at the meeting (e.g. 加快重大项目开工); supervision turns it into a task."""

    scope_path = None
    operations = ("meetings.view", "meetings.manage")

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="demands")
    text = models.TextField(_("工作要求"))
    owner_unit = models.CharField(_("责任单位"), max_length=100, blank=True)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    order = models.PositiveIntegerField(_("序号"), default=0)

    class Meta:
        verbose_name = _("会议要求")
        verbose_name_plural = pgettext_lazy("plural", "会议要求")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:40]
