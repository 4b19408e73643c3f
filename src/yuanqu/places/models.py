"""Regions (GB/T 2260), the industry classification (GB/T 4754-2017), parks and carriers.

The industry classification lives here, beside regions, because every app above needs both.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yuanqu.core.models import BaseModel

MU_IN_M2 = 10000 / 15  # 1 亩 = 666.67 m²


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    DISTRICT = "district", _("市辖区")
    COUNTY = "county", _("县/县级市")


class Region(BaseModel):
    scope_path = ""
    operations = ("district.view", "reference.change")  # a reporter reads their own; the organiser keeps the list

    code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("行政区划代码应为6位数字（GB/T 2260）。"))],
    )
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("级别"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Urban districts and counties are often ranked separately at meetings.
    group = models.CharField(_("分组"), max_length=20, blank=True, help_text=_("如：市区、县（市）"))
    # District reporters assigned to this region (and so to every region below it); `user.regions` from the user.
    # The table keeps the name it had when the link was a field of the user.
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("所属区县用户"), blank=True, related_name="regions",
        db_table="core_user_regions",
    )

    class Meta:
        verbose_name = _("行政区")
        verbose_name_plural = pgettext_lazy("plural", "行政区")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("上级不能是自身。")})


class Industry(BaseModel):
    """GB/T 4754-2017: sections (门类, a letter), divisions (大类, 2 digits), groups (3) and classes (4)."""

    code = models.CharField(_("行业代码"), max_length=5, unique=True)
    name = models.CharField(_("行业名称"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级行业"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = pgettext_lazy("plural", "国民经济行业")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def section(self) -> "Industry":
        node = self
        while node.parent_id:
            node = node.parent
        return node


class ParkLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")


class Park(BaseModel):
    scope_path = "region"

    name = models.CharField(_("园区名称"), max_length=100)
    region = models.ForeignKey(Region, verbose_name=_("所在区县"), on_delete=models.PROTECT, related_name="parks")
    level = models.CharField(_("园区级别"), max_length=12, choices=ParkLevel.choices)
    leading_industries = models.ManyToManyField(Industry, verbose_name=_("主导产业"), blank=True, related_name="parks")
    planned_area_km2 = models.DecimalField(
        _("规划面积（平方公里）"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        verbose_name = _("园区")
        verbose_name_plural = pgettext_lazy("plural", "园区")
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="park_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name


class CarrierKind(models.TextChoices):
    STANDARD_FACTORY = "standard_factory", _("标准厂房")
    INCUBATOR = "incubator", _("孵化器")
    ACCELERATOR = "accelerator", _("加速器")
    INNOVATION_CENTRE = "innovation_centre", _("创新中心")
    INDUSTRIAL_BUILDING = "industrial_building", _("工业楼宇")
    LAND_PLOT = "land_plot", _("工业用地")


class CarrierConstruction(models.TextChoices):
    """Where the building is in its life: set by people (nothing in the data says a plan has become a site)."""

    PLANNED = "planned", _("规划中")
    UNDER_CONSTRUCTION = "under_construction", _("在建")
    COMPLETED = "completed", _("已建成")


class CarrierStatus(models.TextChoices):
    """A carrier's status, computed: its construction until completed, then how much of it is occupied."""

    PLANNED = CarrierConstruction.PLANNED.value, _("规划中")
    UNDER_CONSTRUCTION = CarrierConstruction.UNDER_CONSTRUCTION.value, _("在建")
    AVAILABLE = "available", _("已建成待入驻")
    PARTLY_OCCUPIED = "partly_occupied", _("部分入驻")
    FULL = "full", _("已满租")


def carrier_status(construction: str, floor_area, occupied_area) -> "CarrierStatus":
    """The status of one carrier, areas in m² (the rule `CarrierQuerySet.with_status` applies in the database)."""
    if construction != CarrierConstruction.COMPLETED:
        return CarrierStatus(construction)
    occupied = occupied_area or 0
    if occupied <= 0:
        return CarrierStatus.AVAILABLE
    return CarrierStatus.FULL if occupied >= (floor_area or 0) else CarrierStatus.PARTLY_OCCUPIED


class CarrierQuerySet(models.QuerySet):
    def with_status(self) -> "CarrierQuerySet":
        """Alias `status` (see `carrier_status`) for filtering and sorting in the database."""
        return self.alias(
            status=models.Case(
                models.When(~models.Q(construction=CarrierConstruction.COMPLETED), then=models.F("construction")),
                models.When(occupied_area__lte=0, then=models.Value(CarrierStatus.AVAILABLE.value)),
                models.When(occupied_area__gte=models.F("floor_area"), then=models.Value(CarrierStatus.FULL.value)),
                default=models.Value(CarrierStatus.PARTLY_OCCUPIED.value),
                output_field=models.CharField(),
            )
        )


class Carrier(BaseModel):
    """A building or plot a park offers projects. Its status is derived (`status`), its construction is a source."""

    scope_path = "park__region"

    name = models.CharField(_("载体名称"), max_length=100)
    park = models.ForeignKey(Park, verbose_name=_("所属园区"), on_delete=models.PROTECT, related_name="carriers")
    kind = models.CharField(_("载体类型"), max_length=20, choices=CarrierKind.choices)
    floor_area = models.DecimalField(
        _("建筑面积（m²）"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("工业用地填占地面积"),
    )
    occupied_area = models.DecimalField(
        _("已入驻面积（m²）"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    construction = models.CharField(
        _("建设状态"), max_length=20, choices=CarrierConstruction.choices, default=CarrierConstruction.PLANNED
    )
    completion_date = models.DateField(_("建成（计划）日期"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    objects = CarrierQuerySet.as_manager()

    class Meta:
        verbose_name = _("载体")
        verbose_name_plural = pgettext_lazy("plural", "载体")
        ordering = ["park__region__code", "park__name", "name"]
        constraints = [models.UniqueConstraint(fields=["park", "name"], name="carrier_unique_name_in_park")]

    def __str__(self) -> str:
        return self.name

    @property
    def status(self) -> CarrierStatus:
        """状态: planned or under construction until completed, then available, partly occupied or full."""
        return carrier_status(self.construction, self.floor_area, self.occupied_area)

    def get_status_display(self) -> str:
        return str(self.status.label)

    @property
    def available_area(self):
        return (self.floor_area or 0) - (self.occupied_area or 0)

    @property
    def region(self):
        return self.park.region if self.park_id else None

    def clean(self):
        if self.floor_area is not None and self.occupied_area is not None and self.occupied_area > self.floor_area:
            raise ValidationError(
                {
                    "occupied_area": _("已入驻面积（%(occupied)s m²）不能大于建筑面积（%(floor)s m²）。")
                    % {"occupied": self.occupied_area, "floor": self.floor_area}
                }
            )
