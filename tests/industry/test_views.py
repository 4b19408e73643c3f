"""Pages and API: they render for every reading role, exports work, and district data stays in its district."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.factories import CarrierFactory, ParkFactory, UserFactory, industry
from tests.industry.helpers import figures_xlsx, good_row, industry_world, poor_row, tinghu_enterprise
from yuanqu.core.models import Role
from yuanqu.industry.importer import efficiency_import
from yuanqu.industry.models import Chain, CostProfile, EfficiencyRecord

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _grades_world():
    w = industry_world()
    tinghu_poor = tinghu_enterprise(w)
    yandu_good = tinghu_enterprise(w, "盐都优质电子有限公司")
    yandu_good.region = w.yandu
    yandu_good.save()
    result, _ = efficiency_import(
        user=w.organiser, data=figures_xlsx([poor_row(tinghu_poor), good_row(yandu_good)]), filename="f.xlsx"
    )
    assert result.ok
    return w


def test_every_page_renders_for_a_viewer_and_is_refused_to_a_rater():
    w = industry_world()
    chain = Chain.objects.get(name="轨道交通装备")
    viewer = client_for(w.viewer)
    for url in [
        "/industry/leading/",
        "/industry/chains/",
        f"/industry/chains/{chain.pk}/?region=320902",
        "/industry/targets/?region=320902",
        "/industry/costs/",
        "/industry/carriers/match/",
        "/industry/grades/",
    ]:
        assert viewer.get(url).status_code == 200, url
    rater = client_for(UserFactory(username="rater", role=Role.RATER))
    assert rater.get("/industry/targets/?region=320902").status_code == 403
    assert "产业分析" in viewer.get("/industry/leading/").content.decode()  # the menu entry


def test_leading_page_flags_mismatch():
    w = industry_world()
    page = client_for(w.viewer).get("/industry/leading/").content.decode()
    assert "主导产业“生态保护和环境治理业”尚未形成集聚" in page


def test_chain_map_page_has_graph_data_and_gap_list():
    w = industry_world()
    chain = Chain.objects.get(name="轨道交通装备")
    response = client_for(w.viewer).get(f"/industry/chains/{chain.pk}/?region=320902")
    graph = response.context["graph"]
    body = next(n for n in graph["nodes"] if n["name"] == "车体")
    assert body["status"] == "弱链" and body["items"][0].startswith("中车轨道列车车体")
    assert len(graph["edges"]) >= 10
    assert 'data-testid="chain-gaps"' in response.content.decode() and "钢材/铝型材" in response.content.decode()
    assert client_for(w.viewer).get(f"/industry/chains/{chain.pk}/?region=999999").status_code == 404


def test_targets_page_and_export():
    w = industry_world()
    client = client_for(w.viewer)
    page = client.get("/industry/targets/?region=亭湖区").content.decode()
    assert "黑色金属冶炼和压延加工业" in page and "轨道交通装备·钢材/铝型材" in page
    response = client.get("/industry/targets/?region=320902&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(1, 1).value == "排名" and sheet.cell(2, 1).value == 1
    ranked = [r for r in range(2, sheet.max_row + 1) if isinstance(sheet.cell(r, 1).value, int)]
    exported = [sheet.cell(r, 2).value for r in ranked]
    assert "31" in exported and "37" not in exported
    assert all(sheet.cell(r, 10).value for r in ranked)  # every target explained
    # after the targets, a blank row and the basis: what relatedness and the chain gaps were computed from
    notes = [sheet.cell(r, 1).value for r in range(ranked[-1] + 1, sheet.max_row + 1)]
    assert notes[0] in (None, "") and notes[1].startswith("注：依据：登记项目计划投资") and "产业链覆盖依据" in notes[2]


def test_costs_page_ranks_locations_and_marks_illustrative_data():
    w = industry_world()
    CostProfile.objects.create(location="甲地", land_price_per_mu=20, wage_per_employee_year=7, illustrative=True)
    CostProfile.objects.create(location="乙地", land_price_per_mu=60, wage_per_employee_year=11)
    response = client_for(w.viewer).get(
        "/industry/costs/?land_mu=50&floor_area_m2=20000&employees=300&power_kwh_per_year=0&water_t_per_year=0"
        "&freight_t_km_per_year=0&revenue_per_year=0&years=10"
    )
    results = response.context["results"]
    assert [r["total"].location for r in results] == ["甲地", "乙地"]
    assert results[0]["total"].total == pytest.approx(20 * 50 + 7 * 300 * 10)
    assert results[0]["illustrative"] and "示例数据" in response.content.decode()


def test_carrier_match_shows_only_the_reporters_carriers_with_reasons():
    w = industry_world()
    tinghu_park = ParkFactory(name="亭湖载体园", region=w.tinghu)
    tinghu_park.leading_industries.set([industry("37")])
    CarrierFactory(name="亭湖一期厂房", park=tinghu_park)
    CarrierFactory(name="盐都一期厂房", park=ParkFactory(name="盐都载体园", region=w.yandu))
    url = f"/industry/carriers/match/?area_m2=3000&industry={industry('37').pk}&needed_by=2030-01-01"
    organiser = client_for(w.organiser).get(url).context["result"]
    names = [m.name for m, _park in organiser["matches"]]
    assert names[0] == "亭湖一期厂房" and "盐都一期厂房" in names
    assert "一致" in organiser["matches"][0][0].reasons[1]
    reporter = client_for(w.yandu_reporter).get(url).context["result"]
    assert [m.name for m, _park in reporter["matches"]] == ["盐都一期厂房"]


def test_grades_scoped_to_the_reporters_district_but_distribution_is_city_wide():
    w = _grades_world()
    yandu = client_for(w.yandu_reporter)
    page = yandu.get("/industry/grades/").content.decode()
    assert "盐都优质电子有限公司" in page and "亭湖低效铸造有限公司" not in page
    distribution = yandu.get("/industry/grades/").context["distribution"]
    assert {d["region"] for d in distribution} == {"亭湖区", "盐都区"}
    sheet = load_workbook(io.BytesIO(yandu.get("/industry/grades/?year=2024&export=xlsx").content)).active
    assert [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)] == ["盐都优质电子有限公司"]
    api = yandu.get("/api/industry/grades/?year=2024").json()
    assert [g["enterprise_name"] for g in api] == ["盐都优质电子有限公司"]
    organiser = client_for(w.organiser).get("/industry/grades/").context
    assert [r.enterprise.name for r, _g in organiser["d_list"]] == ["亭湖低效铸造有限公司"]


def test_grades_upload_page_shows_row_and_column_errors_and_writes_nothing():
    w = industry_world()
    enterprise = tinghu_enterprise(w)
    row = good_row(enterprise)
    row[3] = -5  # land, column D
    upload = io.BytesIO(figures_xlsx([good_row(enterprise, year=2023), row]))
    upload.name = "figures.xlsx"
    response = client_for(w.tinghu_reporter).post("/industry/grades/", {"file": upload})
    assert response.status_code == 400
    problem = response.context["problems"][0]
    assert (problem.row, problem.column, problem.message) == (3, "D", "不能为负数。")
    assert EfficiencyRecord.objects.count() == 0
    assert client_for(w.viewer).post("/industry/grades/", {}).status_code == 403


def test_api_endpoints():
    w = industry_world()
    client = client_for(w.viewer)
    targets = client.get("/api/industry/targets/?region=320902").json()
    assert targets["region"] == "320902" and targets["targets"][0]["rank"] == 1
    assert "explanation" in targets["targets"][0]
    assert client.get("/api/industry/targets/").status_code == 400
    assert client.get("/api/industry/targets/?region=320902&measure=bad").status_code == 400
    leading = {r["region"]: r for r in client.get("/api/industry/leading/").json()}
    assert leading["320902"]["mismatches"]
    chains = client.get("/api/industry/chains/?region=320902").json()
    rail = next(c for c in chains if c["name"] == "轨道交通装备")
    assert {n["name"]: n["status"] for n in rail["nodes"]}["钢材/铝型材"] == "missing"
    match = client.get("/api/industry/carrier-match/?area_m2=100&industry=37&needed_by=2030-01-01")
    assert match.status_code == 200 and set(match.json()) == {"matches", "excluded"}


def test_api_grades_post_is_all_or_nothing():
    w = industry_world()
    enterprise = tinghu_enterprise(w)
    client = client_for(w.tinghu_reporter)
    bad = good_row(enterprise)
    bad[2] = "去年"
    upload = io.BytesIO(figures_xlsx([bad]))
    upload.name = "f.xlsx"
    response = client.post("/api/industry/grades/", {"file": upload})
    assert response.status_code == 400 and response.json()["problems"][0]["column"] == "C"
    upload = io.BytesIO(figures_xlsx([poor_row(enterprise)]))
    upload.name = "f.xlsx"
    response = client.post("/api/industry/grades/", {"file": upload})
    assert response.status_code == 200 and response.json()["grades"][0]["grade"] == "D"
    assert EfficiencyRecord.objects.count() == 1
    assert client_for(w.viewer).post("/api/industry/grades/", {}).status_code == 403
