"""Writes: loading the shipped chains (idempotent, audited) and the all-or-nothing per-mu figures import."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import world
from tests.industry.helpers import figures_xlsx, good_row, poor_row, tinghu_enterprise
from yuanqu.core.models import ObjectChange
from yuanqu.industry import selectors
from yuanqu.industry.importer import efficiency_import
from yuanqu.industry.models import Chain, ChainNode, EfficiencyRecord
from yuanqu.industry.services import chain_load, chains_load_shipped

pytestmark = pytest.mark.django_db


def test_shipped_chains_load_idempotently_with_edges_and_audit():
    w = world()
    chains_load_shipped(user=w.organiser)
    changes = ObjectChange.objects.count()
    chains_load_shipped(user=w.organiser)
    assert ObjectChange.objects.count() == changes  # a second load changes nothing
    assert set(Chain.objects.values_list("name", flat=True)) == {"节能环保", "轨道交通装备", "新能源汽车"}
    whole = ChainNode.objects.get(chain__name="轨道交通装备", name="整车制造")
    assert {"车体", "转向架", "牵引系统", "制动系统"} <= set(whole.parents.values_list("name", flat=True))
    assert ChainNode.objects.get(chain__name="轨道交通装备", name="运维服务").parents.get().name == "整车制造"
    assert ObjectChange.objects.filter(object_repr="轨道交通装备·整车制造", user=w.organiser).exists()


def test_chain_load_removes_dropped_nodes_and_is_organiser_only():
    w = world()
    data = {
        "name": "测试链",
        "nodes": [
            {"name": "甲", "stage": "upstream", "industry_codes": ["31"], "keywords": [], "parents": []},
            {"name": "乙", "stage": "downstream", "industry_codes": ["37"], "keywords": [], "parents": ["甲"]},
        ],
    }
    chain = chain_load(user=w.organiser, data=data)
    data["nodes"] = data["nodes"][:1]
    chain_load(user=w.organiser, data=data)
    assert list(chain.nodes.values_list("name", flat=True)) == ["甲"]
    assert ObjectChange.objects.filter(action="delete", object_repr="测试链·乙").exists()
    with pytest.raises(PermissionDenied):
        chain_load(user=w.tinghu_reporter, data=data)


def test_import_writes_records_and_grades_them():
    w = world()
    good, poor = tinghu_enterprise(w, "亭湖优质电子有限公司"), tinghu_enterprise(w)
    result, records = efficiency_import(
        user=w.tinghu_reporter, data=figures_xlsx([good_row(good), poor_row(poor)]), filename="f.xlsx"
    )
    assert result.ok and result.created == 2
    grades = {r.enterprise.name: g.grade for r, g in selectors.graded(records)}
    assert grades == {"亭湖优质电子有限公司": "A", "亭湖低效铸造有限公司": "D"}
    assert EfficiencyRecord.objects.count() == 2
    assert ObjectChange.objects.filter(content_type__model="efficiencyrecord", user=w.tinghu_reporter).count() == 2
    again, _records = efficiency_import(
        user=w.tinghu_reporter, data=figures_xlsx([good_row(good), poor_row(poor)]), filename="f.xlsx"
    )
    assert again.unchanged == 2 and again.created == 0


def test_import_is_all_or_nothing_with_sheet_row_and_column():
    w = world()
    good = tinghu_enterprise(w)
    bad = good_row(good, year=2023)
    bad[4] = "三千"  # tax, column E
    result, records = efficiency_import(
        user=w.organiser,
        data=figures_xlsx([good_row(good), bad, ["91320902MA00000000", "", 2024, 1, 1]]),
        filename="f.xlsx",
    )
    assert not result.ok and records == []
    assert EfficiencyRecord.objects.count() == 0  # the good first row was not written either
    cells = {(p.sheet, p.row, p.column) for p in result.problems}
    assert ("亩均效益", 3, "E") in cells
    assert any(p.row == 4 and p.column == "A" and "企业库中没有" in p.message for p in result.problems)


def test_import_refuses_another_districts_enterprise_and_duplicates():
    w = world()
    enterprise = tinghu_enterprise(w)
    result, _records = efficiency_import(
        user=w.yandu_reporter, data=figures_xlsx([good_row(enterprise)]), filename="f.xlsx"
    )
    assert not result.ok and "不在您负责的区县范围内" in result.problems[0].message
    result, _records = efficiency_import(
        user=w.organiser, data=figures_xlsx([good_row(enterprise), good_row(enterprise)]), filename="f.xlsx"
    )
    assert any(p.row == 3 and "与第2行重复" in p.message for p in result.problems)
    assert EfficiencyRecord.objects.count() == 0


def test_import_reports_unknown_headers_and_non_xlsx_files():
    w = world()
    result, _ = efficiency_import(user=w.organiser, data=figures_xlsx([], headers=["企业", "年度*"]), filename="f.xlsx")
    messages = " ".join(str(p) for p in result.problems)
    assert "无法识别的列标题" in messages and "缺少必填列“统一社会信用代码*”" in messages
    result, _ = efficiency_import(user=w.organiser, data=b"not a workbook", filename="f.xlsx")
    assert "不是有效的 .xlsx 文件" in result.problems[0].message
