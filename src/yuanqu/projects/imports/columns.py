"""The columns of the project and monthly-report sheets: one definition serves the template, the importer and
the list exports, so an exported list imports again unchanged."""

from collections.abc import Callable
from functools import partial
from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from yuanqu.core.tabular import CellError, Spec, cells, export_table
from yuanqu.places import geo
from yuanqu.places.models import Industry, Region, RegionLevel
from yuanqu.projects import credit_code
from yuanqu.projects.models import KeyLevel, Orientation, Project, ProjectKind, Stage

AMOUNT = partial(cells.decimal, places=2, max_digits=14, minimum=0)  # 万元
LONG_TEXT = partial(cells.text, max_length=cells.MAX_TEXT, multiline=True)


def coordinate_system(raw) -> str | None:
    """坐标系: a code, a label or a common name (高德, 百度); blank is the stored system."""
    if cells.is_blank(raw):
        return None
    system = geo.parse_system(str(raw))
    if system is None:
        labels = "、".join(str(label) for _code, label in geo.CoordinateSystem.choices)
        raise CellError(_("“%(value)s”不是可选的坐标系，应为：%(labels)s。") % {
            "value": str(raw)[:30], "labels": labels})
    return system.value


def district_names() -> list[str]:
    """The template's drop-down of districts and counties."""
    regions = Region.objects.filter(level__in=[RegionLevel.DISTRICT, RegionLevel.COUNTY]).order_by("code")
    return [r.name for r in regions]


def industry_divisions() -> list[str]:
    """The template's drop-down of industry divisions (two-digit GB/T 4754 codes)."""
    return list(Industry.objects.filter(code__regex=r"^\d{2}$").values_list("code", flat=True))


def _name(attr: str) -> Callable:
    def get(obj):
        related = getattr(obj, attr)
        return related.name if related is not None else None

    return get


def _label(field: str) -> Callable:
    return lambda obj: getattr(obj, f"get_{field}_display")() if getattr(obj, field) else None


def _stage_dates() -> list[Spec]:
    specs = []
    for stage in Stage:
        for kind, kind_label in (("planned", "计划"), ("actual", "实际")):
            specs.append(
                Spec(
                    f"{kind}_{stage.value}",
                    f"{kind_label}{stage.label}日期",
                    _("日期，如 2025-03-01") if kind == "planned" else _("已发生才填；不得早于前一阶段实际日期"),
                    attrgetter(f"{kind}_{stage.value}"),
                    parse=cells.date,
                )
            )
    return specs


def credit_code_cell(raw) -> str:
    """A 统一社会信用代码 in capitals, its check character verified ('' for blank)."""
    value = cells.text(raw, max_length=30).upper()
    problem = credit_code.problem(value) if value else None
    if problem:
        raise CellError(problem + "。")
    return value


PROJECT_SHEET = "项目"
PROJECT_NAME = partial(cells.text, max_length=Project._meta.get_field("name").max_length)
PROJECT_SPECS: list[Spec] = [
    Spec("name", "项目名称*", _("必填；同一区县内项目名称唯一，重复导入按“项目名称＋区县”更新"), attrgetter("name"),
         parse=PROJECT_NAME),
    Spec("region", "所在区县*", _("必填；区县名称或6位行政区划代码"), _name("region"), options=district_names),
    Spec("park", "所在园区", _("须为该区县已登记的园区名称"), _name("park")),
    Spec("carrier", "所用载体", _("须为该园区已登记的载体名称；填载体时须填园区"), _name("carrier")),
    Spec("enterprise_name", "建设企业", _("企业名称；新企业须同时填写信用代码"), _name("enterprise")),
    Spec("credit_code", "统一社会信用代码", _("18位，含校验位"),
         lambda p: p.enterprise.credit_code if p.enterprise_id else None, parse=credit_code_cell),
    Spec("industry", "所属行业代码", _("国民经济行业分类代码，如 34"),
         lambda p: p.industry.code if p.industry_id else None, options=industry_divisions),
    Spec("kind", "建设性质", _("下拉选择；空白为“新建”"), _label("kind"), ProjectKind),
    Spec("orientation", "产业转移导向", _("下拉选择，可空"), _label("orientation"), Orientation),
    Spec("key_level", "重点项目级别", _("下拉选择；空白为“一般项目”"), _label("key_level"), KeyLevel),
    Spec("total_investment", "计划总投资（万元）*", _("必填；万元，不能为负数，最多2位小数"),
         attrgetter("total_investment"), parse=AMOUNT),
    Spec("stage", "当前阶段*", _("必填；下拉选择"), _label("stage"), Stage),
    *_stage_dates(),
    Spec("construction_content", "建设内容", _("最多2000字"), attrgetter("construction_content"), parse=LONG_TEXT),
    Spec("latitude", "纬度", _("如 33.390000"), attrgetter("latitude"),
         parse=partial(cells.decimal, places=6, max_digits=9, minimum=-90, maximum=90)),
    Spec("longitude", "经度", _("如 120.160000"), attrgetter("longitude"),
         parse=partial(cells.decimal, places=6, max_digits=9, minimum=-180, maximum=180)),
    # not stored: the system the row's 纬度/经度 are in; GCJ-02 (高德、腾讯) and BD-09 (百度) are converted on import
    Spec("coordinate_system", "坐标系",
         _("下拉选择；空白为 CGCS2000（与 WGS-84 视为一致）；高德、腾讯为 GCJ-02，百度为 BD-09"),
         lambda _project: geo.CoordinateSystem.CGCS2000.label, geo.CoordinateSystem, parse=coordinate_system),
]

REPORT_SHEET = "月报"
REPORT_TEXT = partial(cells.text, max_length=120)
REPORT_SPECS: list[Spec] = [
    Spec("project_name", "项目名称*", _("必填；须为已登记的项目"), attrgetter("project.name"), parse=REPORT_TEXT),
    Spec("region", "所在区县*", _("必填；区县名称或6位行政区划代码"), attrgetter("project.region.name"),
         parse=REPORT_TEXT, options=district_names),
    Spec("month", "月份*", _("必填；如 2025-03；每个项目每月一份"), lambda r: f"{r.month:%Y-%m}", parse=cells.month),
    Spec("investment_month", "本月完成投资（万元）*", _("必填；万元，不能为负数"), attrgetter("investment_month"),
         parse=AMOUNT),
    Spec("investment_cumulative", "累计完成投资（万元）*", _("必填；应等于此前各月合计＋本月"),
         attrgetter("investment_cumulative"), parse=AMOUNT),
    Spec("stage", "形象进度*", _("必填；下拉选择所处阶段"), _label("stage"), Stage),
    Spec("narrative", "进展情况", _("最多2000字"), attrgetter("narrative"), parse=LONG_TEXT),
    Spec("problems", "需协调解决的问题", _("最多2000字"), attrgetter("problems"), parse=LONG_TEXT),
]

ProjectExportTable = export_table(PROJECT_SPECS)
ReportExportTable = export_table(REPORT_SPECS)
