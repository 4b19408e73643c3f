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
    # Statistics-only functional zones (7x codes such as 320971), ranked beside the districts: see places.divisions
    ZONE = "zone", _("功能区")


def current_regions_q() -> models.Q:
    """Regions a new record may name: not retired by a re-zoning (`limit_choices_to` of every region field)."""
    return models.Q(retired__isnull=True)


CODE_VALIDATOR = RegexValidator(r"^\d{6}$", _("行政区划代码应为6位数字（GB/T 2260）。"))


class Region(BaseModel):
    scope_path = ""
    operations = ("district.view", "reference.change")  # a reporter reads their own; the organiser keeps the list

    code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        unique=True,
        validators=[CODE_VALIDATOR],
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

    # A region retired by a re-zoning keeps its row (its code stays readable in history and old records);
    # `yuanqu regions remap` moves the records and sets these.
    retired = models.DateField(_("撤销日期"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self", verbose_name=_("承继区划"), symmetrical=False, blank=True, related_name="predecessors"
    )
    # The seat of its government (驻地): where the schematic (示意图) of 一张图 draws the district's cell
    seat_latitude = models.DecimalField(_("驻地纬度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                        help_text=_("CGCS2000/WGS-84，如 33.390000"))
    seat_longitude = models.DecimalField(_("驻地经度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                         help_text=_("CGCS2000/WGS-84，如 120.165000"))

    class Meta:
        verbose_name = _("行政区")
        verbose_name_plural = pgettext_lazy("plural", "行政区")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from yuanqu.places import divisions

        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("上级不能是自身。")})
        if self.retired is None and self.code and len(self.code) == 6 and self.code.isdigit():
            reason = divisions.problem(self.code)
            if reason and self.code in RegionChange.recorded_new_codes():  # asked only when the list says no
                reason = None
            if reason:
                raise ValidationError({"code": reason})
            if divisions.is_zone_code(self.code) and self.level and self.level != RegionLevel.ZONE:
                raise ValidationError({"level": _("行政区划代码 %(code)s 是统计用功能区代码，级别应为“功能区”。")
                                       % {"code": self.code}})
        clean_coordinates(self, "seat_latitude", "seat_longitude")


def coordinate_fields() -> tuple[models.DecimalField, models.DecimalField]:
    """A record's position (latitude, longitude), stored in CGCS2000/WGS-84 (`places.geo`)."""
    return (
        models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True,
                            help_text=_("CGCS2000/WGS-84，如 33.390000；高德、百度坐标请在导入时注明坐标系")),
        models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True,
                            help_text=_("CGCS2000/WGS-84，如 120.160000")),
    )


def clean_coordinates(instance, lat_field: str = "latitude", lon_field: str = "longitude") -> None:
    """Refuse a position outside China, or outside the city's uploaded boundary (`places.geo.point_problem`)."""
    from yuanqu.places import geo

    problem = geo.point_problem(getattr(instance, lat_field), getattr(instance, lon_field))
    if problem:
        raise ValidationError({lat_field: problem})


class RegionChangeKind(models.TextChoices):
    RENAMED = "renamed", _("更名或改代码")
    MERGED = "merged", _("合并")
    SPLIT = "split", _("拆分")
    RETIRED = "retired", _("撤销")


class RegionChange(BaseModel):
    """A re-zoning an organiser records when it happens (after the shipped list was published): the old code
    ended on `date` in the new code(s). `yuanqu regions remap --change ID` moves the records."""

    old_code = models.CharField(_("原行政区划代码"), max_length=6, validators=[CODE_VALIDATOR])
    new_codes = models.CharField(
        _("新行政区划代码"), max_length=200, blank=True, help_text=_("多个代码用空格或分号分隔")
    )
    new_name = models.CharField(_("新区划名称"), max_length=50, blank=True,
                                help_text=_("新代码不在民政部名单中时必填（如两江新区）"))
    date = models.DateField(_("变更日期"))
    kind = models.CharField(_("变更类型"), max_length=10, choices=RegionChangeKind.choices)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("区划变更")
        verbose_name_plural = pgettext_lazy("plural", "区划变更")
        ordering = ["-date", "old_code"]

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_codes or '—'}"

    @property
    def new_code_list(self) -> list[str]:
        return [c for c in self.new_codes.replace(";", " ").replace("；", " ").replace(",", " ").split() if c]

    @classmethod
    def recorded_new_codes(cls) -> set[str]:
        return {code for change in cls.objects.only("new_codes") for code in change.new_code_list}

    def clean(self):
        codes = self.new_code_list
        bad = [c for c in codes if not (len(c) == 6 and c.isdigit())]
        if bad:
            raise ValidationError({"new_codes": _("行政区划代码应为6位数字（GB/T 2260）。")})
        if self.old_code in codes:
            raise ValidationError({"new_codes": _("新代码不能与原代码相同。")})
        wanted = {RegionChangeKind.RENAMED: (1, 1), RegionChangeKind.MERGED: (1, 1),
                  RegionChangeKind.SPLIT: (2, None), RegionChangeKind.RETIRED: (0, 0)}.get(self.kind)
        if wanted and not (wanted[0] <= len(codes) and (wanted[1] is None or len(codes) <= wanted[1])):
            raise ValidationError({"new_codes": {
                RegionChangeKind.SPLIT: _("拆分至少要有两个新代码。"),
                RegionChangeKind.RETIRED: _("撤销不填新代码。"),
            }.get(self.kind, _("更名或合并只填一个新代码。"))})


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
    region = models.ForeignKey(Region, verbose_name=_("所在区县"), on_delete=models.PROTECT, related_name="parks",
                               limit_choices_to=current_regions_q)
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
    latitude, longitude = coordinate_fields()

    class Meta:
        verbose_name = _("园区")
        verbose_name_plural = pgettext_lazy("plural", "园区")
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="park_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        clean_coordinates(self)


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
    latitude, longitude = coordinate_fields()

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
        clean_coordinates(self)


_PREPARED: dict = {}


class Boundary(BaseModel):
    """The city's approved boundary (审定的行政区域界线), uploaded by the organiser from its surveying department.

    In China a map shown to anyone needs an approved map (审图号); boundary files in open-source packages carry no
    such right, so yuanqu ships none. The newest active upload is the line every map page draws (`current`);
    older ones stay for history. Stored in CGCS2000/WGS-84 whatever system it came in."""

    title = models.CharField(_("名称"), max_length=100, help_text=_("如：盐城市行政区域界线"))
    approval_number = models.CharField(
        _("审图号"), max_length=50,
        validators=[RegexValidator(r"^(GS|[\u4e00-\u9fa5]S)[\u4e00-\u9fa5]?[（(]\d{4}[)）]\d+号$",
                                   _("审图号格式应如 GS(2024)1234号 或 苏S(2023)012号。"))],
    )
    source = models.CharField(_("提供单位"), max_length=100, help_text=_("如：盐城市自然资源和规划局"))
    coordinate_system = models.CharField(_("原坐标系"), max_length=10, default="CGCS2000",
                                         help_text=_("上传文件的坐标系；保存时已换算为 CGCS2000/WGS-84"))
    original_name = models.CharField(_("原文件名"), max_length=200)
    geojson = models.JSONField(_("边界（GeoJSON）"), editable=False)
    features = models.PositiveIntegerField(_("要素数"), default=0)
    min_longitude = models.FloatField(_("最小经度"))
    min_latitude = models.FloatField(_("最小纬度"))
    max_longitude = models.FloatField(_("最大经度"))
    max_latitude = models.FloatField(_("最大纬度"))
    active = models.BooleanField(_("当前使用"), default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    # the geometry is large and immutable: its log entry names it by feature count and extent instead
    audit_ignore_fields = ("geojson",)

    class Meta:
        verbose_name = _("边界")
        verbose_name_plural = pgettext_lazy("plural", "边界")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.title}（{self.approval_number}）"

    @classmethod
    def current(cls) -> "Boundary | None":
        return cls.objects.filter(active=True).order_by("-created", "-pk").first()

    def covers(self, lat: float, lon: float) -> bool:
        if not (self.min_latitude <= lat <= self.max_latitude and self.min_longitude <= lon <= self.max_longitude):
            return False
        from yuanqu.core import mapping

        key = (self.pk, self.updated)
        if key not in _PREPARED:  # an import checks thousands of points against one boundary: parse it once
            _PREPARED.clear()
            _PREPARED[key] = mapping.prepared(self.geojson)
        return mapping.covers_point(_PREPARED[key], lon, lat)

    @property
    def caption(self) -> str:
        """The line every map drawn on this boundary carries: 审图号 and source."""
        return _("审图号：%(number)s　来源：%(source)s") % {"number": self.approval_number, "source": self.source}
