"""Demo industry data: the shipped chains, the default grading parameters (version 1), cost profiles (示例数据,
illustrative), per-mu figures for the demo enterprises (a few of them D grades) and an estimated region × industry
table (示例数据: an estimate, not statistics) the analysis pages can run on. Loading twice changes nothing."""

import io
import random
from decimal import Decimal

from openpyxl import Workbook

from yuanqu.core.commandline import SystemActor
from yuanqu.industry.models import CostProfile, EfficiencyRecord, RegionIndustryTable, TableMeasure
from yuanqu.industry.services import chains_load_shipped, grading_scheme_ensure_default, region_industry_table_create
from yuanqu.industry.table_importer import SHEET, region_industry_figures_import
from yuanqu.places.models import Park, Region, RegionLevel
from yuanqu.projects.models import Enterprise

NOTE = "示例数据：演示用的示意数值，不是实际价格，使用前请替换为实际调研数据"

# location: land 万元/亩, construction 元/m², rent, wage 万元/人·年, power 元/kWh, water 元/t, freight 元/t·km,
# tax rate, one-off incentive 万元, rebate share, rebate years, annual subsidy 万元
COST_PROFILES = {
    "盐城市": (22, 2100, 0, 7.6, 0.62, 3.9, 0.38, 0.03, 600, 0.5, 3, 60),
    "苏州市": (65, 2600, 0, 11.5, 0.66, 4.6, 0.32, 0.03, 300, 0.2, 2, 0),
    "南通市": (38, 2300, 0, 9.0, 0.64, 4.2, 0.34, 0.03, 400, 0.3, 3, 30),
    "合肥市": (30, 2200, 0, 8.6, 0.63, 4.0, 0.40, 0.03, 800, 0.4, 3, 50),
    "徐州市": (20, 2000, 0, 7.2, 0.61, 3.8, 0.42, 0.03, 300, 0.3, 2, 20),
}


def _cost_profiles() -> int:
    for location, values in COST_PROFILES.items():
        defaults = dict(zip(CostProfile.COST_FIELDS, (Decimal(str(v)) for v in values), strict=True))
        defaults["tax_rebate_years"] = int(defaults["tax_rebate_years"])
        CostProfile.objects.update_or_create(
            location=location, defaults={**defaults, "illustrative": True, "note": NOTE}
        )
    return len(COST_PROFILES)


def _efficiency(year: int) -> int:
    rng = random.Random(4754)
    count = 0
    for index, enterprise in enumerate(Enterprise.objects.order_by("credit_code")):
        land = rng.randrange(20, 300)
        quality = 0.25 if index % 7 == 3 else rng.uniform(0.5, 1.6)  # every 7th enterprise is a laggard (D)
        sales = round(land * 500 * quality * rng.uniform(0.8, 1.2))
        value_added = round(sales * rng.uniform(0.18, 0.3))
        EfficiencyRecord.objects.update_or_create(
            enterprise=enterprise,
            year=year,
            defaults={
                "land_mu": Decimal(land),
                "tax": Decimal(round(land * 30 * quality * rng.uniform(0.8, 1.2))),
                "sales": Decimal(sales),
                "value_added": Decimal(value_added),
                "energy_tce": Decimal(round(value_added / (2 * quality * rng.uniform(0.8, 1.2)))),
                "rd_expense": Decimal(round(sales * 0.03 * quality)),
                "employees": Decimal(max(10, round(value_added / (30 * quality)))),
                "pollutant_kg": Decimal(round(value_added / quality * rng.uniform(0.8, 1.2))),
            },
        )
        count += 1
    return count


DEMO_TABLE = "规上工业总产值（示例估算）"
DEMO_TABLE_NOTE = (
    "示例数据：按各园区规划的主导产业估算的示意数值，不是统计数据；使用前请导入统计年鉴或企业登记库的实际数据"
)
# the industrial divisions of the demo parks' leading industries, and a few every district has
DEMO_DIVISIONS = ["13", "14", "17", "25", "26", "30", "31", "33", "34", "35", "36", "37", "38", "39", "42", "44"]


def _demo_table() -> int:
    """An estimated 规上工业总产值 (万元) table: a district's designated divisions large, the others small, about
    one cell in fifteen suppressed (…), imported through the importer like a real table."""
    actor = SystemActor()
    table = RegionIndustryTable.objects.filter(name=DEMO_TABLE).first() or region_industry_table_create(
        user=actor,
        data={
            "name": DEMO_TABLE, "year": 2024, "measure": TableMeasure.OUTPUT, "source": "演示数据（估算）",
            "basis": "按园区主导产业估算的分行业规上工业总产值", "illustrative": True, "note": DEMO_TABLE_NOTE,
        },
    )
    rng = random.Random(2024)
    designated: dict[int, set[str]] = {}
    for region_id, code in Park.objects.values_list("region_id", "leading_industries__code"):
        designated.setdefault(region_id, set()).add(code)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(["区县代码", "区县名称", *DEMO_DIVISIONS])
    for region in Region.objects.filter(level__in=(RegionLevel.DISTRICT, RegionLevel.COUNTY)).order_by("code"):
        row = [region.code, region.name]
        for code in DEMO_DIVISIONS:
            leading = code in designated.get(region.pk, ())
            value = (rng.randrange(100, 600) if leading else rng.randrange(2, 40)) * 10000  # 万元: 亿元 × 10,000
            row.append("…" if rng.random() < 1 / 15 else value)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = region_industry_figures_import(user=actor, table=table, data=buffer.getvalue(), filename="demo.xlsx")
    if not result.ok:
        raise RuntimeError("; ".join(map(str, result.problems[:5])))
    return table.figures.count()


def load() -> dict:
    chains = chains_load_shipped(user=SystemActor())
    grading_scheme_ensure_default(user=SystemActor())
    return {
        "chains": len(chains),
        "cost profiles": _cost_profiles(),
        "efficiency records": _efficiency(2024),
        "region industry figures": _demo_table(),
    }
