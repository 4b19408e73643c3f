"""Industry chains (产业链) and their nodes, location cost profiles, per-mu efficiency figures and the versioned
parameters they are graded with, and the region × industry tables a city imports (统计数据表)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yuanqu.core.models import BaseModel, VersionedParams
from yuanqu.industry import grading
from yuanqu.places.models import Region
from yuanqu.projects.models import Enterprise, Orientation


class Chain(BaseModel):
    """An industry chain: nodes from upstream to downstream. City-level reference data."""

    scope_path = None

    name = models.CharField(_("产业链名称"), max_length=50, unique=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = pgettext_lazy("plural", "产业链")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChainStage(models.TextChoices):
    UPSTREAM = "upstream", _("上游")
    MIDSTREAM = "midstream", _("中游")
    DOWNSTREAM = "downstream", _("下游")


class ChainNode(BaseModel):
    """A link (环节) of a chain; `parents` are the links upstream of it (edges parent → this node)."""

    scope_path = None

    chain = models.ForeignKey(Chain, verbose_name=_("产业链"), on_delete=models.CASCADE, related_name="nodes")
    name = models.CharField(_("环节名称"), max_length=50)
    stage = models.CharField(_("位置"), max_length=10, choices=ChainStage.choices)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    industry_codes = models.CharField(
        _("行业代码"), max_length=200, blank=True, help_text=_("GB/T 4754 大类代码，逗号分隔，如 37,38")
    )
    keywords = models.CharField(_("关键词"), max_length=300, blank=True, help_text=_("逗号分隔，匹配企业或项目名称"))
    orientation = models.CharField(_("产业转移导向"), max_length=10, choices=Orientation.choices, blank=True)
    parents = models.ManyToManyField(
        "self", verbose_name=_("上游环节"), symmetrical=False, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("产业链环节")
        verbose_name_plural = pgettext_lazy("plural", "产业链环节")
        ordering = ["chain", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["chain", "name"], name="chainnode_unique_name_in_chain")]

    def __str__(self) -> str:
        return f"{self.chain}·{self.name}" if self.chain_id else self.name

    @property
    def code_list(self) -> list[str]:
        return split_list(self.industry_codes)

    @property
    def keyword_list(self) -> list[str]:
        return split_list(self.keywords)

    def clean(self):
        from yuanqu.industry.codes import normalise_industry_code

        errors = {}
        for code in self.code_list:
            try:
                normalise_industry_code(code)
            except ValueError as exc:
                errors["industry_codes"] = str(exc)
                break
        # the unique constraint says so too, but generically and above the form; this names both, by the field
        same_name = ChainNode.objects.filter(chain_id=self.chain_id, name=self.name).exclude(pk=self.pk)
        if self.chain_id and self.name and same_name.exists():
            message = _("产业链“%(chain)s”中已有名为“%(name)s”的环节。")
            errors["name"] = message % {"chain": self.chain, "name": self.name}
        if errors:
            raise ValidationError(errors)


def split_list(text: str) -> list[str]:
    """'37, 38，39' → ['37', '38', '39'] (half- and full-width commas and 、 accepted)."""
    for sep in ("，", "、", ";", "；"):
        text = text.replace(sep, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def _money(label: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=4, default=0, validators=[MinValueValidator(0)])


def _rate(label: str) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=6, decimal_places=4, default=0, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )


class CostProfile(BaseModel):
    """Prices and incentives at one location, for the comprehensive cost comparison (算好综合账)."""

    scope_path = None

    location = models.CharField(_("地点"), max_length=50, unique=True)
    land_price_per_mu = _money(_("土地价格（万元/亩）"))
    construction_cost_per_m2 = _money(_("厂房建设成本（元/m²）"))
    rent_per_m2_month = _money(_("厂房租金（元/m²·月）"))
    wage_per_employee_year = _money(_("人均用工成本（万元/人·年）"))
    power_price_per_kwh = _money(_("工业电价（元/kWh）"))
    water_price_per_t = _money(_("工业水价（元/吨）"))
    freight_price_per_t_km = _money(_("运价（元/吨·公里）"))
    tax_rate_on_revenue = _rate(_("地方税费占营业收入比例"))
    one_off_incentive = _money(_("一次性奖励（万元）"))
    tax_rebate_share = _rate(_("税收返还比例"))
    tax_rebate_years = models.PositiveSmallIntegerField(_("税收返还年限"), default=0)
    annual_subsidy = _money(_("年度补贴（万元/年）"))
    illustrative = models.BooleanField(_("示例数据"), default=False, help_text=_("演示用的示意数值，不是实际价格"))
    note = models.CharField(_("数据来源与说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("地点成本参数")
        verbose_name_plural = pgettext_lazy("plural", "地点成本参数")
        ordering = ["location"]

    def __str__(self) -> str:
        return self.location

    COST_FIELDS = (
        "land_price_per_mu",
        "construction_cost_per_m2",
        "rent_per_m2_month",
        "wage_per_employee_year",
        "power_price_per_kwh",
        "water_price_per_t",
        "freight_price_per_t_km",
        "tax_rate_on_revenue",
        "one_off_incentive",
        "tax_rebate_share",
        "tax_rebate_years",
        "annual_subsidy",
    )

    def as_location_costs(self):
        from yuanqu.industry.costs import LocationCosts

        values = {name: getattr(self, name) for name in self.COST_FIELDS}
        values = {k: (int(v) if k == "tax_rebate_years" else float(v)) for k, v in values.items()}
        return LocationCosts(location=self.location, **values)


def _figure(label: str) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )


class EfficiencyRecord(BaseModel):
    """One enterprise's annual figures for the per-mu evaluation (亩均效益评价); grades are computed on read."""

    scope_path = "enterprise__region"

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="efficiency_records"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    land_mu = _figure(_("用地面积（亩）"))
    tax = models.DecimalField(_("实缴税金（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    sales = _figure(_("营业收入（万元）"))
    value_added = models.DecimalField(_("工业增加值（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    energy_tce = _figure(_("综合能耗（吨标准煤）"))
    rd_expense = _figure(_("研发经费（万元）"))
    employees = _figure(_("年平均职工人数"))
    pollutant_kg = _figure(_("主要污染物排放当量（千克）"))

    class Meta:
        verbose_name = _("亩均效益数据")
        verbose_name_plural = pgettext_lazy("plural", "亩均效益数据")
        ordering = ["-year", "enterprise__region__code", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="efficiency_unique_enterprise_year")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}年"

    FIGURE_FIELDS = (
        "land_mu",
        "tax",
        "sales",
        "value_added",
        "energy_tce",
        "rd_expense",
        "employees",
        "pollutant_kg",
    )

    def figures(self):
        from yuanqu.industry.grading import EnterpriseFigures

        values = {name: getattr(self, name) for name in self.FIGURE_FIELDS}
        return EnterpriseFigures(
            enterprise_id=str(self.enterprise_id), **{k: None if v is None else float(v) for k, v in values.items()}
        )


class GradingScheme(VersionedParams):
    """One version of the per-mu grading parameters (grading.rules_params form); editing creates a new version,
    old ones are kept. Grades are computed on read with the active version (or any old one, on request)."""

    params = models.JSONField(_("评价参数"))

    class Meta(VersionedParams.Meta):
        verbose_name = _("亩均效益评价参数版本")
        verbose_name_plural = pgettext_lazy("plural", "亩均效益评价参数版本")
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=models.Q(active=True), name="gradingscheme_one_active")
        ]

    def clean(self):
        problems = grading.validate_params(self.params)
        if problems:
            raise ValidationError({"params": [p.message for p in problems]})

    def rules(self) -> grading.GradingRules:
        return grading.rules_from_params(self.params)


# ----------------------------------------------------------------------------- imported region × industry tables


class TableMeasure(models.TextChoices):
    """What the cells of an imported table count, with its unit (one unit per table: metrics never mix them)."""

    OUTPUT = "output", _("工业总产值（万元）")
    REVENUE = "revenue", _("营业收入（万元）")
    VALUE_ADDED = "value_added", _("增加值（万元）")
    EMPLOYMENT = "employment", _("从业人员（人）")
    ENTERPRISES = "enterprises", _("企业数（个）")


class RegionIndustryTable(BaseModel):
    """A districts × GB/T 4754 divisions table a city imports (its enterprise register, a yearbook table), which
    the leading-industry and target pages can compute on instead of the registry. City-level reference data: the
    organiser keeps it, every non-rater reads it (published statistics, not a district's unpublished records)."""

    scope_path = None

    name = models.CharField(_("数据表名称"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(
        _("数据年度"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    measure = models.CharField(_("指标"), max_length=20, choices=TableMeasure.choices)
    source = models.CharField(_("来源"), max_length=100, help_text=_("如 盐城统计年鉴2024、市场监管局企业登记库"))
    source_url = models.URLField(_("来源链接"), blank=True)
    basis = models.CharField(
        _("统计口径"), max_length=200, blank=True, help_text=_("如 2023年统计年鉴 表5-3 分行业规上工业总产值")
    )
    illustrative = models.BooleanField(
        _("示例数据"), default=False, help_text=_("演示用的估算数值，不是统计数据；页面上标注“示例数据”")
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("区域产业数据表")
        verbose_name_plural = pgettext_lazy("plural", "区域产业数据表")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def measure_key(self) -> str:
        """The key the analysis pages and `selectors.region_industry_matrix` take for this table."""
        return f"table:{self.pk}"


class RegionIndustryFigure(BaseModel):
    """One cell of an imported table: a district's value in one GB/T 4754 division (大类, 2 digits), in the
    table's unit. No value (None) is a suppressed or missing figure (…, -): the metrics read it as NaN."""

    scope_path = None

    table = models.ForeignKey(
        RegionIndustryTable, verbose_name=_("数据表"), on_delete=models.CASCADE, related_name="figures"
    )
    region = models.ForeignKey(Region, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+")
    industry_code = models.CharField(_("行业大类代码"), max_length=2)
    value = models.DecimalField(
        _("数值"), max_digits=18, decimal_places=4, null=True, blank=True, validators=[MinValueValidator(0)],
        help_text=_("空为缺失或不公开"),
    )

    class Meta:
        verbose_name = _("区域产业数据")
        verbose_name_plural = pgettext_lazy("plural", "区域产业数据")
        ordering = ["table", "region__code", "industry_code"]
        constraints = [
            models.UniqueConstraint(fields=["table", "region", "industry_code"], name="figure_unique_cell")
        ]

    def __str__(self) -> str:
        if not self.table_id or not self.region_id:
            return self.industry_code
        return f"{self.table}·{self.region.name}·{self.industry_code}"

    def clean(self):
        if not (len(self.industry_code) == 2 and self.industry_code.isdigit()):
            raise ValidationError({"industry_code": _("应为 GB/T 4754 行业大类的两位数字代码，如 34。")})
