"""Enterprises and projects: the registry districts keep and everything else reads."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yuanqu.core.models import BaseModel
from yuanqu.places import geo
from yuanqu.places.models import Carrier, Industry, Park, Region, coordinate_fields, current_regions_q
from yuanqu.projects import credit_code


def validate_credit_code(value: str) -> None:
    reason = credit_code.problem(value)
    if reason:
        raise ValidationError(reason)


class Enterprise(BaseModel):
    scope_path = "region"

    name = models.CharField(_("企业名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code])
    region = models.ForeignKey(
        Region, verbose_name=_("注册地区县"), on_delete=models.PROTECT, related_name="enterprises",
        limit_choices_to=current_regions_q,
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("所属行业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = pgettext_lazy("plural", "企业")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()


class ProjectKind(models.TextChoices):
    NEW = "new", _("新建")
    EXPANSION = "expansion", _("扩建")
    UPGRADE = "upgrade", _("技术改造")


class Orientation(models.TextChoices):
    COST = "cost", _("成本导向型")
    RESOURCE = "resource", _("资源导向型")
    MARKET = "market", _("市场导向型")
    SERVICE = "service", _("服务配套型")


class KeyLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("省重大项目")
    MUNICIPAL = "municipal", _("市重点项目")
    DISTRICT = "district", _("区县重点项目")
    NONE = "none", _("一般项目")


class Stage(models.TextChoices):
    """Lifecycle stages in order; a project's stage is the last one it has reached."""

    SIGNED = "signed", _("签约")
    PREPARATORY = "preparatory", _("前期工作")
    STARTED = "started", _("开工")
    COMPLETED = "completed", _("竣工")
    PRODUCING = "producing", _("投产")
    FULL_OUTPUT = "full_output", _("达产")


STAGES = list(Stage.values)


def _date(label: str) -> models.DateField:
    return models.DateField(label, null=True, blank=True)


class Project(BaseModel):
    scope_path = "region"

    code = models.CharField(_("项目编号"), max_length=40, blank=True)
    name = models.CharField(_("项目名称"), max_length=120)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("建设企业"), null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    region = models.ForeignKey(Region, verbose_name=_("所在区县"), on_delete=models.PROTECT, related_name="projects",
                               limit_choices_to=current_regions_q)
    park = models.ForeignKey(
        Park, verbose_name=_("所在园区"), null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    carrier = models.ForeignKey(
        Carrier, verbose_name=_("所用载体"), null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("所属行业"), null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    kind = models.CharField(_("建设性质"), max_length=10, choices=ProjectKind.choices, default=ProjectKind.NEW)
    orientation = models.CharField(_("产业转移导向"), max_length=10, choices=Orientation.choices, blank=True)
    key_level = models.CharField(_("重点项目级别"), max_length=12, choices=KeyLevel.choices, default=KeyLevel.NONE)
    total_investment = models.DecimalField(
        _("计划总投资（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    # A source, not derived: a stage is often reached before its actual date is known (imports and districts set
    # the stage alone; the warning rules trust it), and a monthly report's stage is that month's snapshot, which
    # never writes here. clean() keeps the dates consistent with it: no actual date for a later stage.
    stage = models.CharField(_("当前阶段"), max_length=12, choices=Stage.choices, default=Stage.SIGNED)
    construction_content = models.TextField(_("建设内容"), blank=True)
    latitude, longitude = coordinate_fields()
    planned_signed = _date(_("计划签约日期"))
    actual_signed = _date(_("实际签约日期"))
    planned_preparatory = _date(_("计划前期工作日期"))
    actual_preparatory = _date(_("实际前期工作日期"))
    planned_started = _date(_("计划开工日期"))
    actual_started = _date(_("实际开工日期"))
    planned_completed = _date(_("计划竣工日期"))
    actual_completed = _date(_("实际竣工日期"))
    planned_producing = _date(_("计划投产日期"))
    actual_producing = _date(_("实际投产日期"))
    planned_full_output = _date(_("计划达产日期"))
    actual_full_output = _date(_("实际达产日期"))

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = pgettext_lazy("plural", "项目")
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="project_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name

    def stage_dates(self) -> list[dict]:
        """[{stage, label, planned, actual}] in lifecycle order, for timelines and exports."""
        return [
            {
                "stage": s.value,
                "label": s.label,
                "planned": getattr(self, f"planned_{s.value}"),
                "actual": getattr(self, f"actual_{s.value}"),
            }
            for s in Stage
        ]

    def clean(self):
        errors: dict[str, list] = {}
        if self.total_investment is not None and self.total_investment < 0:
            errors.setdefault("total_investment", []).append(_("计划总投资不能为负数。"))
        if self.park_id and self.region_id and self.park.region_id != self.region_id:
            errors.setdefault("park", []).append(
                _("园区“%(park)s”不在%(region)s。") % {"park": self.park, "region": self.region}
            )
        if self.carrier_id and self.park_id and self.carrier.park_id != self.park_id:
            errors.setdefault("carrier", []).append(
                _("载体“%(carrier)s”不属于园区“%(park)s”。") % {"carrier": self.carrier, "park": self.park}
            )
        if self.carrier_id and not self.park_id:
            errors.setdefault("park", []).append(_("选择了载体时必须填写所在园区。"))
        self._clean_stage_dates(errors)
        problem = geo.point_problem(self.latitude, self.longitude)
        if problem:
            errors.setdefault("latitude", []).append(problem)
        if errors:
            raise ValidationError(errors)

    def _clean_stage_dates(self, errors: dict) -> None:
        previous = None  # (label, date) of the last stage with an actual date
        reached = STAGES.index(self.stage) if self.stage in STAGES else len(STAGES) - 1
        for index, stage in enumerate(Stage):
            actual = getattr(self, f"actual_{stage.value}")
            if actual is None:
                continue
            field = f"actual_{stage.value}"
            if index > reached:
                errors.setdefault(field, []).append(
                    _("当前阶段为“%(stage)s”，不应填写“%(later)s”的实际日期。")
                    % {"stage": self.get_stage_display(), "later": stage.label}
                )
            if previous and actual < previous[1]:
                errors.setdefault(field, []).append(
                    _("实际%(stage)s日期（%(date)s）不能早于实际%(prev)s日期（%(prev_date)s）。")
                    % {
                        "stage": stage.label,
                        "date": actual.isoformat(),
                        "prev": previous[0],
                        "prev_date": previous[1].isoformat(),
                    }
                )
            previous = (stage.label, actual)


class ProgressReport(BaseModel):
    """A project's monthly report (月报): one per project and month; `month` is the month's first day."""

    scope_path = "project__region"

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="reports")
    month = models.DateField(_("月份"))
    investment_month = models.DecimalField(
        _("本月完成投资（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    investment_cumulative = models.DecimalField(
        _("累计完成投资（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    stage = models.CharField(_("形象进度（阶段）"), max_length=12, choices=Stage.choices)
    narrative = models.TextField(_("进展情况"), blank=True)
    problems = models.TextField(_("需协调解决的问题"), blank=True)

    class Meta:
        verbose_name = _("月报")
        verbose_name_plural = pgettext_lazy("plural", "月报")
        ordering = ["-month", "project__region__code", "project__name"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="report_unique_project_month")]
        # the list's first and last pages (docs/benchmarks.md, province scale): read by month from either end, each
        # month's rows sorted by district and name (PostgreSQL's incremental sort), instead of sorting 1.8M rows
        indexes = [models.Index(fields=["-month"], name="report_month")]

    def __str__(self) -> str:
        return f"{self.project} {self.month.year}年{self.month.month}月"

    def clean(self):
        if self.month and self.month.day != 1:
            self.month = self.month.replace(day=1)


class MonthLock(BaseModel):
    """A month the organiser has locked: its reports can no longer be filed or corrected."""

    scope_path = None
    operations = ("district.view", "supervision.manage")

    month = models.DateField(_("月份"), unique=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("月份锁定")
        verbose_name_plural = pgettext_lazy("plural", "月份锁定")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month.year}年{self.month.month}月"


def _attachment_path(instance: "ReportAttachment", filename: str) -> str:
    # A random name: the original one (often Chinese, sometimes hostile) is kept only in `original_name`.
    import uuid
    from pathlib import PurePath

    return f"reports/{instance.report.month:%Y-%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ReportAttachment(BaseModel):
    """A photo or document attached to a monthly report; served only through a view that checks access."""

    scope_path = "report__project__region"

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("月报"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))

    class Meta:
        verbose_name = _("月报附件")
        verbose_name_plural = pgettext_lazy("plural", "月报附件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name
