"""The registry → region × industry matrix, leading industries and chain coverage."""

import pytest

from tests.industry.helpers import industry_world
from yuanqu.industry import selectors
from yuanqu.industry.models import Chain

pytestmark = pytest.mark.django_db


def _cell(matrix, region, code):
    return matrix.values[[r.pk for r in matrix.regions].index(region.pk), matrix.codes.index(code)]


def test_matrix_by_investment_projects_and_enterprises():
    w = industry_world()
    investment = selectors.region_industry_matrix("investment")
    assert investment.codes == ["34", "36", "37", "39"]
    assert _cell(investment, w.tinghu, "37") == 100000
    assert _cell(investment, w.yandu, "37") == 0
    projects = selectors.region_industry_matrix("projects")
    assert _cell(projects, w.tinghu, "37") == 2 and _cell(projects, w.yandu, "36") == 1
    enterprises = selectors.region_industry_matrix("enterprises")
    # ProjectFactory makes one enterprise of division 34 per project
    assert _cell(enterprises, w.tinghu, "34") == 3
    with pytest.raises(ValueError):
        selectors.region_industry_matrix("output")


def test_extra_codes_add_zero_columns():
    industry_world()
    matrix = selectors.region_industry_matrix("investment", extra_codes=["42", "C3711"])
    assert "42" in matrix.codes and matrix.values[:, matrix.codes.index("42")].sum() == 0


def test_leading_industries_flag_both_kinds_of_mismatch():
    w = industry_world()
    rows = {r["region"].pk: r for r in selectors.leading_industries()}
    tinghu = rows[w.tinghu.pk]
    top = {e["code"]: e for e in tinghu["top"]}
    assert top["37"]["lq"] == pytest.approx(2.0) and top["37"]["designated"]
    assert top["37"]["share"] == pytest.approx(2 / 3)
    assert not top["34"]["designated"]  # LQ exactly 1 and not designated
    text = " ".join(tinghu["mismatches"])
    assert "生态保护和环境治理业" in text and "尚未形成集聚" in text  # 77 designated, nothing there
    assert "通用设备制造业" in text and "未列为主导产业" in text
    assert not any("铁路" in m for m in tinghu["mismatches"])  # 37 matches: no flag


def test_chain_coverage_places_projects_and_lists_gaps():
    w = industry_world()
    rail = Chain.objects.get(name="轨道交通装备")
    coverage = selectors.chain_coverage(chain=rail, region=w.tinghu, user=w.organiser)
    nodes = {n["name"]: n for n in coverage["nodes"]}
    assert nodes["车体"]["status"] == "weak" and nodes["车体"]["items"][0]["name"] == "中车轨道列车车体"
    assert nodes["轨道交通配件"]["count"] == 1
    assert nodes["钢材/铝型材"]["status"] == "missing"
    assert {"钢材/铝型材", "转向架", "车体"} <= {n["name"] for n in coverage["gaps"]}
    assert any(e["source"] == nodes["车体"]["id"] and e["target"] == nodes["整车制造"]["id"] for e in coverage["edges"])


def test_chain_coverage_counts_but_does_not_name_other_districts_items_for_a_reporter():
    w = industry_world()
    rail = Chain.objects.get(name="轨道交通装备")
    coverage = selectors.chain_coverage(chain=rail, region=w.tinghu, user=w.yandu_reporter)
    body = next(n for n in coverage["nodes"] if n["name"] == "车体")
    assert body["count"] == 1 and body["items"] == [] and body["hidden"] == 1


def test_targets_exclude_present_industries_and_name_chain_gaps():
    w = industry_world()
    targets, names = selectors.targets_for_region(region=w.tinghu, limit=None)
    codes = [t.code for t in targets]
    assert "37" not in codes  # already specialised
    by_code = {t.code: t for t in targets}
    assert any("轨道交通装备·钢材/铝型材" in link for link in by_code["31"].chain_links)
    assert by_code["31"].orientation == "resource" and by_code["31"].strategy
    assert [t.rank for t in targets] == list(range(1, len(targets) + 1))
    assert names["31"] == "黑色金属冶炼和压延加工业"


def test_targets_with_an_empty_registry_are_empty_not_an_error():
    from tests.factories import world

    w = world()
    w.tinghu_project.delete()
    w.yandu_project.delete()
    targets, _names = selectors.targets_for_region(region=w.tinghu)
    assert targets == []
