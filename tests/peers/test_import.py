"""Import of peer indicator values: all or nothing, row/column messages, upsert, GBK CSV, CLI exit codes."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from yuanqu.core.models import ObjectChange
from yuanqu.peers.importer import peer_values_import
from yuanqu.peers.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

HEADER = "地区代码,地区名称,年份,指标,数值,单位,来源\n"
GOOD = HEADER + "320900,盐城市,2024,地区生产总值,7779.2,亿元,公报\n,南京,2024,gdp,18500,,\n"


@pytest.fixture
def gdp(db):
    return Indicator.objects.create(key="gdp", name="地区生产总值", unit="亿元")


def run(user, text: str, name: str = "peers.csv", encoding: str = "utf-8", **kwargs):
    return peer_values_import(user=user, data=text.encode(encoding), filename=name, **kwargs)


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def test_good_csv_is_imported_audited_and_reimport_changes_nothing(world, gdp):
    result = run(world.organiser, GOOD)
    assert result.ok, messages(result)
    assert result.created == 2
    yancheng = IndicatorValue.objects.get(region__code="320900", year=2024, indicator=gdp)
    assert str(yancheng.value) == "7779.2000" and yancheng.source == "公报" and not yancheng.illustrative
    assert ObjectChange.objects.filter(content_type__model="indicatorvalue").count() == 2

    again = run(world.organiser, GOOD)
    assert again.ok and again.created == 0 and again.updated == 0 and again.unchanged == 2
    assert ObjectChange.objects.filter(content_type__model="indicatorvalue").count() == 2


def test_upsert_changes_only_the_changed_value(world, gdp):
    run(world.organiser, GOOD)
    result = run(world.organiser, GOOD.replace("7779.2", "7800"))
    assert result.ok and result.updated == 1 and result.unchanged == 1
    assert IndicatorValue.objects.get(region__code="320900").value == 7800


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("320900,盐城市,20x4,地区生产总值,1,亿元,", "第3行, 列 C（年份*）: 应为数字"),
        ("320900,盐城市,1800,地区生产总值,1,亿元,", "第3行, 列 C（年份*）: 不能小于1949"),
        ("320900,盐城市,2024,地区生产总值,很多,亿元,", "第3行, 列 E（数值*）: 应为数字，实为“很多”"),
        ("999999,,2024,地区生产总值,1,亿元,", "第3行, 列 A（地区代码）: 未知的地区代码“999999”"),
        (",徐州市,2024,地区生产总值,1,亿元,", "第3行, 列 B（地区名称）: 未知的地区“徐州市”"),
        ("320100,盐城市,2024,地区生产总值,1,亿元,", "第3行, 列 B（地区名称）: 地区名称与地区代码不一致"),
        ("320900,盐城市,2024,地区生产总值,1,万元,", "第3行, 列 F（单位）: 单位“万元”与指标“地区生产总值”"),
        ("320900,盐城市,2024,新指标,1,,", "第3行, 列 D（指标*）: 未知的指标“新指标”：新指标须同时填写单位"),
        ("320900,盐城市,2024,地区生产总值,=1+1,亿元,", "第3行, 列 E（数值*）: 不能使用公式"),
        (",,2024,地区生产总值,1,亿元,", "第3行, 列 A（地区代码）: 必填"),
    ],
)
def test_bad_rows_are_refused_with_row_and_column_and_nothing_is_written(world, gdp, line, expected):
    text = HEADER + "320500,,2024,地区生产总值,1,亿元,\n" + line + "\n"
    result = run(world.organiser, text)
    assert not result.ok
    assert any(expected in m for m in messages(result)), messages(result)
    assert all("peers.csv" in m for m in messages(result))
    assert not IndicatorValue.objects.exists()  # the good row 2 was not written either


def test_duplicate_rows_are_refused(world, gdp):
    text = "地区名称,年份,指标,数值\n盐城,2024,gdp,1\n盐城市,2024,地区生产总值,2\n"
    result = run(world.organiser, text)
    assert messages(result) == ["工作表 peers.csv, 第3行, 列 C（指标*）: 与第2行重复：同一地区、年份、指标只能有一行。"]
    assert not IndicatorValue.objects.exists()


def test_missing_region_columns_and_unknown_headers(world, gdp):
    result = run(world.organiser, "年份,指标,数值,备注\n2024,gdp,1,x\n")
    text = "\n".join(messages(result))
    assert "列 D（备注）: 无法识别的列标题" in text
    assert "缺少“地区代码”或“地区名称”列" in text


def test_gbk_csv_is_read(world, gdp):
    result = run(world.organiser, GOOD, encoding="gbk")
    assert result.ok, messages(result)
    assert IndicatorValue.objects.count() == 2


def test_xlsx_with_english_headers_creates_an_indicator_when_a_unit_is_given(world, gdp):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["region", "year", "indicator", "value", "unit"])
    sheet.append(["320900", 2023, "研发投入强度", 2.31, "%"])
    sheet.append(["苏州市", 2023, "研发投入强度", 4.1, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = peer_values_import(user=world.organiser, data=buffer.getvalue(), filename="peers.xlsx")
    assert result.ok, messages(result)
    indicator = Indicator.objects.get(name="研发投入强度")
    assert indicator.unit == "%" and indicator.higher_is_better
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 2
    assert ObjectChange.objects.filter(content_type__model="indicator", object_id=str(indicator.pk)).exists()


def test_only_the_organiser_imports(world, gdp):
    result = run(world.viewer, GOOD)
    assert "只有市项目办" in messages(result)[0]
    assert not IndicatorValue.objects.exists()


def test_dry_run_writes_nothing(world, gdp):
    result = run(world.organiser, GOOD, dry_run=True)
    assert result.ok and result.created == 2
    assert not IndicatorValue.objects.exists()


def test_command_exit_codes(world, gdp, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("peers", "import", str(good))
    assert "新建2条" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD.replace("7779.2", "abc"), encoding="gbk")
    with pytest.raises(SystemExit) as exc:
        call_command("peers", "import", str(bad))
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "第2行, 列 E（数值*）" in err and "未写入任何数据" in err
    assert IndicatorValue.objects.get(region__code="320900").value == Decimal("7779.2")


def test_import_page(client, world, gdp):
    client.force_login(world.viewer)
    assert client.get("/peers/import/").status_code == 403
    client.force_login(world.organiser)
    assert client.get("/peers/import/").status_code == 200
    bad = io.BytesIO(GOOD.replace("2024,gdp", "二〇二四,gdp").encode())
    bad.name = "peers.csv"
    response = client.post("/peers/import/", {"file": bad})
    assert response.status_code == 400
    body = response.content.decode()
    assert "未写入任何数据" in body and "年份" in body and "应为数字" in body
    assert not IndicatorValue.objects.exists()
    good = io.BytesIO(GOOD.encode())
    good.name = "peers.csv"
    response = client.post("/peers/import/", {"file": good})
    assert response.status_code == 302 and response.url == "/peers/"
    assert IndicatorValue.objects.count() == 2
