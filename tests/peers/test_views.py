"""The peers page, its export and the API agree with the pure `peers.peer_ranks` on the same data."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from yuanqu.core.models import ObjectChange
from yuanqu.industry.peers import peer_ranks, trend
from yuanqu.peers import demo, shipped
from yuanqu.peers.models import Indicator, IndicatorValue, PeerGroup, PeerRegion

pytestmark = pytest.mark.django_db

# a lower-is-better indicator makes the sign of the gaps matter
VALUES = {"320900": 3.0, "320100": 1.5, "320500": 2.0, "310000": 2.0, "330100": 4.5}


@pytest.fixture
def energy(db):
    indicator = Indicator.objects.create(key="energy", name="单位GDP能耗", unit="吨标煤/万元", higher_is_better=False)
    for code, value in VALUES.items():
        region = PeerRegion.objects.get(code=code)
        IndicatorValue.objects.create(region=region, year=2024, indicator=indicator, value=Decimal(str(value)))
        IndicatorValue.objects.create(region=region, year=2022, indicator=indicator, value=Decimal(str(value + 1)))
    return indicator


def test_page_numbers_agree_with_peer_ranks(client, world, energy):
    client.force_login(world.viewer)
    response = client.get("/peers/", {"indicator": "energy", "year": 2024})
    assert response.status_code == 200
    bench = response.context["bench"]
    group = PeerGroup.objects.get(name="长三角中心区27城")
    expected = peer_ranks(
        {code: VALUES.get(code) for code in group.members.order_by("code").values_list("code", flat=True)},
        higher_is_better=False,
    )
    got = [
        (r.region.code, r.result.rank, r.result.value, r.result.gap_to_leader, r.result.gap_to_median)
        for r in bench.rows
    ]
    assert got == [(p.region, p.rank, p.value, p.gap_to_leader, p.gap_to_median) for p in expected]
    assert got[0][:2] == ("320100", 1) and got[1][1] == got[2][1] == 2  # ties share a rank
    home = next(r for r in bench.rows if r.home)
    assert home.region.code == "320900" and home.result.rank == 4 and home.result.gap_to_leader == 1.5
    assert home.result.trend == trend({2022: 4.0, 2024: 3.0})
    body = response.content.decode()
    assert 'data-testid="home-row"' in body and "示例数据，非真实统计" not in body
    assert "1.50" in body  # the gap to the leader as printed


def test_illustrative_banner_when_any_value_is_illustrative(client, world, energy):
    client.force_login(world.viewer)
    IndicatorValue.objects.filter(region__code="330100", year=2022).update(illustrative=True)
    body = client.get("/peers/", {"indicator": "energy", "year": 2024}).content.decode()
    assert 'data-testid="illustrative-banner"' in body and "示例数据，非真实统计" in body


def test_demo_is_illustrative_idempotent_and_bannered(client, world):
    demo_keys = {key for key, _start, _step in demo.INDICATORS}
    real_cells = [row for row in shipped.figures() if row["indicator"] in demo_keys]
    first = demo.load()
    # every demo cell (27 cities, 4 indicators, 4 years) but those with a shipped, real figure
    assert first["illustrative values created"] == 27 * 4 * 4 - len(real_cells)
    assert demo.load()["illustrative values created"] == 0
    assert IndicatorValue.objects.filter(illustrative=False).count() == len(shipped.figures())
    client.force_login(world.viewer)
    body = client.get("/peers/").content.decode()  # defaults: the 27 cities, the first indicator, the last year
    assert "示例数据，非真实统计" in body and "2024" in body and 'id="chart-values"' in body


def test_export_matches_the_page(client, world, energy):
    client.force_login(world.viewer)
    response = client.get("/peers/", {"indicator": "energy", "year": 2024, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("排名", "地区", "地区代码", "数值")
    assert rows[1][:4] == (1, "南京市", "320100", 1.5)
    yancheng = next(r for r in rows if r[2] == "320900")
    assert yancheng[0] == 4 and yancheng[5] == 1.5 and yancheng[10] == "否"
    assert len(rows) == 1 + 27


def test_api_ranks(client, world, energy):
    client.force_login(world.viewer)
    data = client.get("/api/peers/", {"indicator": "energy", "year": 2024}).json()
    assert data["home"] == "320900" and data["indicator"]["higher_is_better"] is False
    assert [(r["code"], r["rank"]) for r in data["ranks"][:5]] == [
        ("320100", 1),
        ("310000", 2),
        ("320500", 2),
        ("320900", 4),
        ("330100", 5),
    ]
    assert data["ranks"][3]["gap_to_median"] == pytest.approx(1.0)
    assert client.get("/api/peers/", {"indicator": "nope"}).status_code == 400
    assert client.get("/api/peers/", {"indicator": "energy", "year": 1990}).status_code == 400


def test_api_peer_values_crud_organiser_writes_audited(client, world, energy):
    payload = {
        "region": PeerRegion.objects.get(code="321200").pk,
        "year": 2024,
        "indicator": energy.pk,
        "value": "2.5",
        "source": "公报",
        "source_url": "https://tjj.taizhou.gov.cn/gb.html",
        "published": "2025-03-01",
        "basis": "preliminary",
    }
    client.force_login(world.viewer)
    assert client.get("/api/peer-values/", {"indicator": energy.pk, "year": 2024}).json()["count"] == 5
    assert client.post("/api/peer-values/", payload, content_type="application/json").status_code == 403
    client.force_login(world.tinghu_reporter)
    assert client.post("/api/peer-values/", payload, content_type="application/json").status_code == 403
    client.force_login(world.organiser)
    unsourced = {**payload, "source_url": "", "basis": ""}
    refused = client.post("/api/peer-values/", unsourced, content_type="application/json")
    assert refused.status_code == 400 and "来源网址" in refused.content.decode()
    response = client.post("/api/peer-values/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["basis"] == "preliminary" and response.json()["published"] == "2025-03-01"
    assert ObjectChange.objects.filter(content_type__model="indicatorvalue", object_id=str(response.json()["id"]))
    duplicate = client.post("/api/peer-values/", payload, content_type="application/json")
    assert duplicate.status_code == 400


def test_rater_is_kept_out(client, world, energy):
    from tests.factories import UserFactory
    from yuanqu.core.models import Role

    client.force_login(UserFactory(role=Role.RATER))
    assert client.get("/peers/").status_code == 403
    assert client.get("/api/peers/", {"indicator": "energy"}).status_code == 403


def test_page_without_data_invites_import(client, world):
    Indicator.objects.create(key="empty", name="无数据指标", unit="%")
    client.force_login(world.organiser)
    body = client.get("/peers/", {"indicator": "empty"}).content.decode()
    assert "暂无数据" in body and "/peers/import/" in body
