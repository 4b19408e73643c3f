"""Shared set-up of the industry tests: world() plus parks with designated industries, a few projects on the
shipped chains, loaded chains, and an .xlsx builder for per-mu figures."""

import io
from decimal import Decimal

from openpyxl import Workbook

from tests.factories import EnterpriseFactory, ParkFactory, ProjectFactory, industry, world
from yuanqu.industry.importer import HEADERS, SHEET
from yuanqu.industry.services import chains_load_shipped


def industry_world():
    """world() and: 亭湖区 designates 37 and 77 and has two rail projects (37); 盐都区 has 39 and 36 projects.

    Planned investment (万元): 亭湖区 34: 50,000, 37: 100,000; 盐都区 34, 36, 39: 50,000 each.
    """
    w = world()
    park = ParkFactory(name="亭湖经济开发区", region=w.tinghu)
    park.leading_industries.set([industry("37"), industry("77")])
    ParkFactory(name="盐都经济开发区", region=w.yandu).leading_industries.set([industry("39")])
    ProjectFactory(name="中车轨道列车车体", region=w.tinghu, industry=industry("37"))
    ProjectFactory(name="轨道交通配件项目", region=w.tinghu, industry=industry("37"))
    ProjectFactory(name="智能终端项目", region=w.yandu, industry=industry("39"))
    ProjectFactory(name="新能源汽车零部件项目", region=w.yandu, industry=industry("36"))
    chains_load_shipped(user=w.organiser)
    return w


def tinghu_enterprise(w, name="亭湖低效铸造有限公司"):
    return EnterpriseFactory(name=name, region=w.tinghu)


def figures_xlsx(rows: list[list], headers: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(headers or HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_row(enterprise, year=2024, land=100, tax=3000):
    """Figures at the benchmarks of the default indicators: a score of 100 within rounding (100.01), grade A."""
    return [enterprise.credit_code, enterprise.name, year, land, tax, 50000, 10000, 5000, 1500, 333, 10000]


def poor_row(enterprise, year=2024):
    """Far below every benchmark: grade D."""
    return [enterprise.credit_code, enterprise.name, year, 100, 300, 5000, 1000, 2000, 10, 200, 20000]


D = Decimal
