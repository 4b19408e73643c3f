"""Helpers for the projects tests: workbooks in memory, the import headers, counts of every table we write."""

import io

import pytest
from openpyxl import Workbook

from tests.factories import world
from yuanqu.core.models import ObjectChange
from yuanqu.projects.imports.columns import PROJECT_SPECS, REPORT_SPECS
from yuanqu.projects.models import Enterprise, ProgressReport, Project

PROJECT_HEADERS = [spec.header for spec in PROJECT_SPECS]
REPORT_HEADERS = [spec.header for spec in REPORT_SPECS]


def xlsx(rows: list[list], headers: list | None = None, title: str = "项目") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers if headers is not None else PROJECT_HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def project_row(**values) -> list:
    """A valid project row for 亭湖区 (by header without "*"), with `values` overriding cells."""
    base = {
        "项目名称": "新能源电池项目",
        "所在区县": "亭湖区",
        "计划总投资（万元）": 120000,
        "当前阶段": "签约",
        "建设性质": "新建",
        "重点项目级别": "市重点项目",
        "实际签约日期": "2025-01-15",
        "计划开工日期": "2025-06-01",
        "计划竣工日期": "2026-12-31",
        "建设内容": "年产10GWh动力电池",
        "纬度": 33.39,
        "经度": 120.16,
    }
    base.update(values)
    return [base.get(h.rstrip("*")) for h in PROJECT_HEADERS]


def report_row(**values) -> list:
    base = {
        "项目名称": "和阳电梯部件",
        "所在区县": "亭湖区",
        "月份": "2025-01",
        "本月完成投资（万元）": 1000,
        "累计完成投资（万元）": 1000,
        "形象进度": "签约",
        "进展情况": "完成土地摘牌",
        "需协调解决的问题": "",
    }
    base.update(values)
    return [base.get(h.rstrip("*")) for h in REPORT_HEADERS]


def counts() -> tuple[int, int, int, int]:
    return (
        Project.objects.count(),
        Enterprise.objects.count(),
        ProgressReport.objects.count(),
        ObjectChange.objects.count(),
    )


@pytest.fixture
def w(db):
    return world()
