"""The columns of the project and monthly-report sheets: one definition serves the template, the importer and
the list exports, so an exported list imports again unchanged."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from yuanqu.core.tables import Column, Table
from yuanqu.projects.models import KeyLevel, Orientation, ProjectKind, Stage


@dataclass(frozen=True)
class Spec:
    key: str  # model field, or a pseudo-field resolved by the importer (enterprise_name, credit_code, ...)
    header: str  # as written in row 1; "*" marks a required column
    note: str  # the grey notes row of the template
    export: Callable  # obj -> cell value
    choices: type | None = None  # TextChoices whose labels become a drop-down

    @property
    def required(self) -> bool:
        return self.header.endswith("*")


def _name(attr: str) -> Callable:
    def get(obj):
        related = getattr(obj, attr)
        return related.name if related is not None else None

    return get


def _label(field: str) -> Callable:
    return lambda obj: getattr(obj, f"get_{field}_display")() if getattr(obj, field) else None


def _field(field: str) -> Callable:
    return lambda obj: getattr(obj, field)


def _stage_dates() -> list[Spec]:
    specs = []
    for stage in Stage:
        for kind, kind_label in (("planned", "计划"), ("actual", "实际")):
            specs.append(
                Spec(
                    f"{kind}_{stage.value}",
                    f"{kind_label}{stage.label}日期",
                    _("日期，如 2025-03-01") if kind == "planned" else _("已发生才填；不得早于前一阶段实际日期"),
                    _field(f"{kind}_{stage.value}"),
                )
            )
    return specs


PROJECT_SHEET = "项目"
PROJECT_SPECS: list[Spec] = [
    Spec("name", "项目名称*", _("必填；同一区县内项目名称唯一，重复导入按“项目名称＋区县”更新"), _field("name")),
    Spec("region", "所在区县*", _("必填；区县名称或6位行政区划代码"), _name("region")),
    Spec("park", "所在园区", _("须为该区县已登记的园区名称"), _name("park")),
    Spec("carrier", "所用载体", _("须为该园区已登记的载体名称；填载体时须填园区"), _name("carrier")),
    Spec("enterprise_name", "建设企业", _("企业名称；新企业须同时填写信用代码"), _name("enterprise")),
    Spec(
        "credit_code",
        "统一社会信用代码",
        _("18位，含校验位"),
        lambda p: p.enterprise.credit_code if p.enterprise_id else None,
    ),
    Spec(
        "industry",
        "所属行业代码",
        _("国民经济行业分类代码，如 34"),
        lambda p: p.industry.code if p.industry_id else None,
    ),
    Spec("kind", "建设性质", _("下拉选择；空白为“新建”"), _label("kind"), ProjectKind),
    Spec("orientation", "产业转移导向", _("下拉选择，可空"), _label("orientation"), Orientation),
    Spec("key_level", "重点项目级别", _("下拉选择；空白为“一般项目”"), _label("key_level"), KeyLevel),
    Spec(
        "total_investment", "计划总投资（万元）*", _("必填；万元，不能为负数，最多2位小数"), _field("total_investment")
    ),
    Spec("stage", "当前阶段*", _("必填；下拉选择"), _label("stage"), Stage),
    *_stage_dates(),
    Spec("construction_content", "建设内容", _("最多2000字"), _field("construction_content")),
    Spec("latitude", "纬度", _("如 33.390000"), _field("latitude")),
    Spec("longitude", "经度", _("如 120.160000"), _field("longitude")),
]

REPORT_SHEET = "月报"
REPORT_SPECS: list[Spec] = [
    Spec("project_name", "项目名称*", _("必填；须为已登记的项目"), lambda r: r.project.name),
    Spec("region", "所在区县*", _("必填；区县名称或6位行政区划代码"), lambda r: r.project.region.name),
    Spec("month", "月份*", _("必填；如 2025-03；每个项目每月一份"), lambda r: f"{r.month:%Y-%m}"),
    Spec("investment_month", "本月完成投资（万元）*", _("必填；万元，不能为负数"), _field("investment_month")),
    Spec(
        "investment_cumulative",
        "累计完成投资（万元）*",
        _("必填；应等于此前各月合计＋本月"),
        _field("investment_cumulative"),
    ),
    Spec("stage", "形象进度*", _("必填；下拉选择所处阶段"), _label("stage"), Stage),
    Spec("narrative", "进展情况", _("最多2000字"), _field("narrative")),
    Spec("problems", "需协调解决的问题", _("最多2000字"), _field("problems")),
]

SPECS = {"projects": (PROJECT_SHEET, PROJECT_SPECS), "reports": (REPORT_SHEET, REPORT_SPECS)}


def export_table(specs: list[Spec]) -> Table:
    """A core Table with exactly the import columns: the list export of these rows imports again unchanged."""
    return Table([Column(spec.key, spec.header, accessor=spec.export) for spec in specs])


ProjectExportTable = export_table(PROJECT_SPECS)
ReportExportTable = export_table(REPORT_SPECS)
