"""The shipped real figures (data/yrd27_figures.csv): every one sourced, checked and loaded as written; none
illustrative outside the demo; the demo never overwrites a real value; a city's import does, audited; the page shows
each value's source, date and basis, and 未找到公开数据 where there is none."""

import datetime
import io
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from openpyxl import load_workbook

from yuanqu.core.models import ObjectChange
from yuanqu.peers import demo, shipped
from yuanqu.peers.importer import peer_values_import
from yuanqu.peers.models import FigureBasis, Indicator, IndicatorValue, PeerRegion

FIGURES = shipped.figures()
UNCONFIRMED = shipped.figures(shipped.UNCONFIRMED)
UNITS = {key: unit for key, _name, unit, _higher in shipped.INDICATORS}
CODES = {row["code"]: row["name"] for row in shipped.rows()}


def cell(row: dict) -> tuple:
    return row["code"], int(row["year"]), row["indicator"]


def is_web_address(text: str) -> bool:
    parts = urlparse(text)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


# --- the files (no database)


def test_there_are_shipped_figures_and_every_one_has_source_check_basis_and_date():
    assert FIGURES, "no shipped figures"
    for row in FIGURES:
        where = f"{row['name']} {row['year']} {row['indicator']}"
        assert is_web_address(row["source_url"]), where
        assert is_web_address(row["check_url"]), where
        assert row["check_url"] != row["source_url"], f"{where}: the check must be a second source"
        assert row["basis"] in FigureBasis.values, where
        published = datetime.date.fromisoformat(row["published"])
        assert int(row["year"]) < published.year <= 2026, f"{where}: published after the year it reports"
        assert row["source"], where


def test_shipped_figures_are_well_formed():
    assert list(FIGURES[0]) == shipped.FIGURE_FIELDS
    cells = [cell(row) for row in FIGURES]
    assert len(cells) == len(set(cells)), "one row per region, year and indicator"
    for row in FIGURES:
        assert CODES.get(row["code"]) == row["name"], row  # one of the 27, by its code and name
        assert 2021 <= int(row["year"]) <= 2024
        assert UNITS[row["indicator"]] == row["unit"]
        assert Decimal(row["value"]).is_finite()


def test_unconfirmed_figures_have_no_check_and_are_not_among_the_shipped():
    assert list(UNCONFIRMED[0])[: len(shipped.FIGURE_FIELDS)] == shipped.FIGURE_FIELDS
    shipped_cells = {cell(row) for row in FIGURES}
    for row in UNCONFIRMED:
        assert not row["check_url"] and row["note"], row
        assert is_web_address(row["source_url"]) and row["basis"] in FigureBasis.values
        assert cell(row) not in shipped_cells


# --- loaded (the migration loaded the figures; conftest loads them again after a flush)


@pytest.mark.django_db
def test_loaded_without_the_demo_every_value_is_real_and_equals_the_file():
    assert not IndicatorValue.objects.filter(illustrative=True).exists()
    assert IndicatorValue.objects.count() == len(FIGURES)
    for row in FIGURES:
        value = IndicatorValue.objects.get(region__code=row["code"], year=row["year"], indicator__key=row["indicator"])
        assert value.value == Decimal(row["value"])
        assert (value.source, value.source_url, value.check_url, value.basis) == (
            row["source"],
            row["source_url"],
            row["check_url"],
            row["basis"],
        )
        assert value.published == datetime.date.fromisoformat(row["published"])
        value.full_clean()  # a shipped value passes the model's own rules


@pytest.mark.django_db
def test_unconfirmed_figures_are_not_loaded():
    for row in UNCONFIRMED:
        assert not IndicatorValue.objects.filter(
            region__code=row["code"], year=row["year"], indicator__key=row["indicator"]
        ).exists(), row


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    before = list(IndicatorValue.objects.order_by("pk").values())
    counts = shipped.load_figures(PeerRegion, Indicator, IndicatorValue)
    assert counts == {"created": 0, "replaced": 0, "kept": len(FIGURES)}
    assert list(IndicatorValue.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_a_real_value_needs_a_source_address_and_a_basis():
    value = IndicatorValue(
        region=PeerRegion.objects.get(code="320900"), year=2024, indicator=Indicator.objects.get(key="gdp"),
        value=Decimal("7779.2"),
    )
    with pytest.raises(ValidationError) as exc:
        value.full_clean()
    assert "真实数据须注明来源网址" in exc.value.message_dict["source_url"][0]
    assert "口径" in exc.value.message_dict["basis"][0]
    value.illustrative = True  # a demo value is labelled 示例数据 instead
    value.full_clean()


# --- the demo and a city's own import


@pytest.mark.django_db
def test_demo_never_overwrites_a_real_value_and_fills_only_empty_cells():
    real = {(v.region.code, v.year, v.indicator.key): v.value for v in IndicatorValue.objects.select_related()}
    demo.load()
    for (code, year, key), value in real.items():
        kept = IndicatorValue.objects.get(region__code=code, year=year, indicator__key=key)
        assert kept.value == value and not kept.illustrative
    illustrative = IndicatorValue.objects.filter(illustrative=True).select_related("region", "indicator")
    assert illustrative.exists()
    assert not {(v.region.code, v.year, v.indicator.key) for v in illustrative} & set(real)
    assert all(v.source == demo.SOURCE and not v.source_url for v in illustrative)


@pytest.mark.django_db
def test_a_shipped_figure_replaces_an_illustrative_value_but_never_a_citys_own():
    row = FIGURES[0]
    target = IndicatorValue.objects.get(region__code=row["code"], year=row["year"], indicator__key=row["indicator"])
    target.value, target.illustrative, target.source_url = Decimal(1), True, ""
    target.save()  # as if a demo database had this cell before the figure shipped
    assert shipped.load_figures(PeerRegion, Indicator, IndicatorValue)["replaced"] == 1
    target.refresh_from_db()
    assert target.value == Decimal(row["value"]) and not target.illustrative

    target.value, target.source_url = Decimal(2), "https://example.gov.cn/own.html"  # the city's own figure
    target.save()
    shipped.load_figures(PeerRegion, Indicator, IndicatorValue)
    target.refresh_from_db()
    assert target.value == 2 and target.source_url == "https://example.gov.cn/own.html"


@pytest.mark.django_db
def test_a_citys_import_overrides_the_shipped_figure_of_the_same_cell_audited(world):
    row = FIGURES[0]
    region = PeerRegion.objects.get(code=row["code"])
    own = "https://tjj.example.gov.cn/revised.html"
    text = (
        "地区代码,年份,指标,数值,来源,来源网址,发布日期,口径\n"
        f"{row['code']},{row['year']},{row['indicator']},12345.6,本市核对的年鉴数,{own},2025-10-01,最终核实\n"
    )
    result = peer_values_import(user=world.organiser, data=text.encode(), filename="own.csv")
    assert result.ok and result.updated == 1, [str(p) for p in result.problems]
    value = IndicatorValue.objects.get(region=region, year=row["year"], indicator__key=row["indicator"])
    assert value.value == Decimal("12345.6") and value.source_url == own and value.basis == FigureBasis.FINAL
    assert value.check_url == ""  # the provenance is the row's, all of it: no stale second source
    change = ObjectChange.objects.get(content_type__model="indicatorvalue", object_id=str(value.pk))
    assert change.before["source_url"] == row["source_url"] and change.after["source_url"] == own


# --- what people see


@pytest.mark.django_db
@pytest.mark.parametrize("row", FIGURES, ids=lambda r: f"{r['code']}-{r['year']}-{r['indicator']}")
def test_the_page_shows_each_shipped_value_with_its_source_date_and_basis(client, world, row):
    client.force_login(world.viewer)
    response = client.get("/peers/", {"indicator": row["indicator"], "year": row["year"]})
    body = response.content.decode()
    bench_row = next(r for r in response.context["bench"].rows if r.region.code == row["code"])
    assert bench_row.result.value == float(row["value"]) and bench_row.record.source_url == row["source_url"]
    start = body.index(f'data-code="{row["code"]}"')
    html = body[start : body.index("</tr>", start)]
    assert floatformat(float(row["value"]), "2g") in html
    assert f'href="{row["source_url"]}"' in html and row["source"] in html
    assert str(FigureBasis(row["basis"]).label) in html
    published = datetime.date.fromisoformat(row["published"])
    assert f"{published.year}年{published.month}月{published.day}日" in html
    assert "示例数据，非真实统计" not in body


@pytest.mark.django_db
def test_a_city_without_a_figure_says_so_instead_of_inventing_one(client, world):
    row = FIGURES[0]
    client.force_login(world.viewer)
    body = client.get("/peers/", {"indicator": row["indicator"], "year": row["year"]}).content.decode()
    found = {r["code"] for r in FIGURES if (r["indicator"], r["year"]) == (row["indicator"], row["year"])}
    start = body.index('data-code="320900"')  # the home city, 盐城: no shipped figure
    assert "320900" not in found
    assert "未找到公开数据" in body[start : body.index("</tr>", start)]
    assert body.count('data-testid="not-found"') == 27 - len(found)


@pytest.mark.django_db
def test_export_and_api_carry_the_provenance(client, world):
    row = FIGURES[0]
    client.force_login(world.viewer)
    params = {"indicator": row["indicator"], "year": row["year"]}
    sheet = load_workbook(io.BytesIO(client.get("/peers/", {**params, "export": "xlsx"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    line = next(r for r in rows if r[2] == row["code"])
    assert line[header.index("来源网址")] == row["source_url"]
    assert line[header.index("口径")] == FigureBasis(row["basis"]).label
    assert line[header.index("核对来源网址")] == row["check_url"]
    assert next(r for r in rows if r[2] == "320900")[header.index("来源")] == "未找到公开数据"
    data = client.get("/api/peers/", params).json()
    rank = next(r for r in data["ranks"] if r["code"] == row["code"])
    assert rank["source"]["url"] == row["source_url"] and rank["source"]["basis"] == row["basis"]
    assert rank["source"]["published"] == row["published"] and rank["illustrative"] is False
    assert next(r for r in data["ranks"] if r["code"] == "320900")["source"] is None


@pytest.mark.django_db
def test_illustrative_values_say_so_on_the_page_after_the_demo(client, world):
    demo.load()
    client.force_login(world.viewer)
    row = FIGURES[0]
    body = client.get("/peers/", {"indicator": row["indicator"], "year": row["year"]}).content.decode()
    assert 'data-testid="illustrative-banner"' in body
    start = body.index('data-code="320900"')
    assert "示例数据" in body[start : body.index("</tr>", start)]
    start = body.index(f'data-code="{row["code"]}"')
    assert f'href="{row["source_url"]}"' in body[start : body.index("</tr>", start)]  # the real one still sourced
