"""Peer-region benchmarking (区域对标): peer cities, peer groups, indicators and their yearly values.

City-level public comparison data: `scope_path = None` (every signed-in non-rater reads, the organiser writes).
Peer regions are not the registry's `places.Region` (those are this city's districts); the same city is linked
by its GB/T 2260 code (`PeerRegion.registry_region`).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yuanqu.core.models import BaseModel

YEAR_MIN, YEAR_MAX = 1949, 2100


class PeerRegion(BaseModel):
    """A city compared with ours (e.g. one of 长三角中心区27城)."""

    scope_path = None

    code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("行政区划代码应为6位数字（GB/T 2260）。"))],
    )
    name = models.CharField(_("名称"), max_length=50)
    province = models.CharField(_("省（直辖市）"), max_length=20)

    class Meta:
        verbose_name = _("对标地区")
        verbose_name_plural = pgettext_lazy("plural", "对标地区")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        """盐城市 → 盐城 (charts have little room)."""
        return self.name[:-1] if self.name.endswith("市") and len(self.name) > 2 else self.name

    @property
    def registry_region(self):
        """The registry's Region with the same code, when the peer is a city we also keep in the registry."""
        from yuanqu.places.models import Region

        return Region.objects.filter(code=self.code).first()


class PeerGroup(BaseModel):
    scope_path = None

    name = models.CharField(_("对标组名称"), max_length=50, unique=True)
    description = models.TextField(_("说明"), blank=True)
    members = models.ManyToManyField(PeerRegion, verbose_name=_("成员"), related_name="groups")

    class Meta:
        verbose_name = _("对标组")
        verbose_name_plural = pgettext_lazy("plural", "对标组")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Indicator(BaseModel):
    scope_path = None

    key = models.CharField(_("指标代码"), max_length=50, unique=True, help_text=_("如 gdp；导入时可用代码或名称"))
    name = models.CharField(_("指标名称"), max_length=50, unique=True)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    higher_is_better = models.BooleanField(_("越大越好"), default=True)

    class Meta:
        verbose_name = _("对标指标")
        verbose_name_plural = pgettext_lazy("plural", "对标指标")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name


class FigureBasis(models.TextChoices):
    """How final a published figure is: bulletins print preliminary figures, yearbooks the verified ones, and an
    economic census revises the years before it (the fifth census, 2023, revised the 2023 GDP of every city)."""

    PRELIMINARY = "preliminary", _("初步核算")
    FINAL = "final", _("最终核实")
    CENSUS_REVISED = "census_revised", _("经济普查修订")
    OTHER = "other", _("其他")


class IndicatorValue(BaseModel):
    """One region's value of one indicator in one year, in the indicator's unit, with where it was published.

    A real figure (not `illustrative`) names its publication (`source`, e.g. 上海市2023年国民经济和社会发展统计公报),
    the page it was read on (`source_url`), the publication date and its basis; `check_url` is a second source that
    agrees (the shipped figures all have one; a city's own import may leave it empty)."""

    scope_path = None

    region = models.ForeignKey(PeerRegion, verbose_name=_("地区"), on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(
        _("年份"), validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=4)
    source = models.CharField(_("来源"), max_length=200, blank=True, help_text=_("发布物名称，如 2024年统计公报"))
    source_url = models.URLField(_("来源网址"), max_length=500, blank=True)
    published = models.DateField(_("发布日期"), null=True, blank=True)
    basis = models.CharField(_("口径"), max_length=20, choices=FigureBasis.choices, blank=True)
    check_url = models.URLField(_("核对来源网址"), max_length=500, blank=True, help_text=_("与来源一致的第二个来源"))
    illustrative = models.BooleanField(
        _("示例数据"), default=False, help_text=_("演示用的示意数值，非真实统计；导入的真实数据为“否”")
    )

    class Meta:
        verbose_name = _("指标数值")
        verbose_name_plural = pgettext_lazy("plural", "指标数值")
        ordering = ["indicator", "year", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "indicator"], name="indicatorvalue_unique_region_year")
        ]

    def __str__(self) -> str:
        if not (self.region_id and self.indicator_id):
            return f"{self.year}"
        return f"{self.region} {self.year}年 {self.indicator.name}"

    def clean(self):
        if self.value is not None and not self.value.is_finite():
            raise ValidationError({"value": _("数值应为有限的数字。")})
        if not self.illustrative:
            errors = {}
            if not self.source_url:
                errors["source_url"] = _("真实数据须注明来源网址（非示例数据）。")
            if not self.basis:
                errors["basis"] = _("真实数据须注明口径：初步核算、最终核实、经济普查修订或其他。")
            if errors:
                raise ValidationError(errors)
