"""Import of peer indicator values: all or nothing, row/column messages, upsert, provenance columns (来源网址, 发布日期,
口径), GBK CSV, CLI exit codes."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from yuanqu.core.models import ObjectChange
from yuanqu.peers.importer import peer_values_import
from yuanqu.peers.models import FigureBasis, Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

URL = "https://tjj.yancheng.gov.cn/gb2024.html"
HEADER = "地区代码,地区名称,年份,指标,数值,单位,来源,来源网址,发布日期,口径\n"
GOOD = (
    HEADER
    + f"320900,盐城市,2024,地区生产总值,7779.2,亿元,公报,{URL},2025-03-20,初步核算\n"
    + ",南京,2024,gdp,18500,,,https://tjj.nanjing.gov.cn/x.html,,最终核实\n"
)
PROVENANCE = f",,{URL},,初步核算"  # 来源, 来源网址, 发布日期, 口径 of a row that is fine there


@pytest.fixture
def gdp(db):
    return Indicator.objects.get(key="gdp")  # a shipped indicator


@pytest.fixture(autouse=True)
def shipped_values(db):
    """The shipped figures (loaded by the migration): the tests look at what the import adds."""
    return set(IndicatorValue.objects.values_list("pk", flat=True))


@pytest.fixture
def imported(shipped_values):
    return lambda: IndicatorValue.objects.exclude(pk__in=shipped_values)


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
    assert yancheng.source_url == URL and yancheng.published == datetime.date(2025, 3, 20)
    assert yancheng.basis == FigureBasis.PRELIMINARY
    nanjing = IndicatorValue.objects.get(region__code="320100", year=2024, indicator=gdp)
    assert nanjing.basis == FigureBasis.FINAL and nanjing.published is None
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
        # the provenance of a real figure: 来源网址 (H) and 口径 (J) are required, the date must be a date
        ("320900,,2024,地区生产总值,1,亿元,公报,,2025-03-20,初步核算", "第3行, 列 H（来源网址）: 真实数据须注明"),
        ("320900,,2024,地区生产总值,1,亿元,公报,not a url,,初步核算", "第3行, 列 H（来源网址）: "),
        (f"320900,,2024,地区生产总值,1,亿元,公报,{URL},,", "第3行, 列 J（口径）: 真实数据须注明口径"),
        (f"320900,,2024,地区生产总值,1,亿元,公报,{URL},,估计", "第3行, 列 J（口径）: “估计”不是可选值"),
        (f"320900,,2024,地区生产总值,1,亿元,公报,{URL},2025-02-30,初步核算", "第3行, 列 I（发布日期）: 日期不存在"),
    ],
)
def test_bad_rows_are_refused_with_row_and_column_and_nothing_is_written(world, gdp, imported, line, expected):
    # each line ends at 来源 (G); the provenance that follows is fine unless the line replaces it
    tail = "" if line.count(",") > 6 else PROVENANCE[1:]
    text = HEADER + "320500,,2024,地区生产总值,1,亿元" + PROVENANCE + "\n" + line + tail + "\n"
    result = run(world.organiser, text)
    assert not result.ok
    assert any(expected in m for m in messages(result)), messages(result)
    assert all("peers.csv" in m for m in messages(result))
    assert not imported().exists()  # the good row 2 was not written either


def test_duplicate_rows_are_refused(world, gdp, imported):
    text = (
        f"地区名称,年份,指标,数值,来源网址,口径\n盐城,2024,gdp,1,{URL},初步核算\n"
        f"盐城市,2024,地区生产总值,2,{URL},初步核算\n"
    )
    result = run(world.organiser, text)
    assert messages(result) == ["工作表 peers.csv, 第3行, 列 C（指标*）: 与第2行重复：同一地区、年份、指标只能有一行。"]
    assert not imported().exists()


def test_a_file_without_the_provenance_columns_is_refused(world, gdp, imported):
    result = run(world.organiser, "地区名称,年份,指标,数值\n盐城,2024,gdp,1\n")
    text = "\n".join(messages(result))
    assert "缺少“来源网址”列" in text and "缺少“口径”列" in text
    assert not imported().exists()


def test_missing_region_columns_and_unknown_headers(world, gdp):
    result = run(world.organiser, "年份,指标,数值,备注\n2024,gdp,1,x\n")
    text = "\n".join(messages(result))
    assert "列 D（备注）: 无法识别的列标题" in text
    assert "缺少“地区代码”或“地区名称”列" in text


def test_gbk_csv_is_read(world, gdp, imported):
    result = run(world.organiser, GOOD, encoding="gbk")
    assert result.ok, messages(result)
    assert imported().count() == 2


def test_xlsx_with_english_headers_creates_an_indicator_when_a_unit_is_given(world, gdp):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["region", "year", "indicator", "value", "unit", "source_url", "published", "basis"])
    sheet.append(["320900", 2023, "研发投入强度", 2.31, "%", URL, datetime.date(2024, 4, 1), "其他"])
    sheet.append(["苏州市", 2023, "研发投入强度", 4.1, None, URL, None, "初步核算"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = peer_values_import(user=world.organiser, data=buffer.getvalue(), filename="peers.xlsx")
    assert result.ok, messages(result)
    indicator = Indicator.objects.get(name="研发投入强度")
    assert indicator.unit == "%" and indicator.higher_is_better
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 2
    assert ObjectChange.objects.filter(content_type__model="indicator", object_id=str(indicator.pk)).exists()


def test_only_the_organiser_imports(world, gdp, imported):
    result = run(world.viewer, GOOD)
    assert "只有市项目办" in messages(result)[0]
    assert not imported().exists()


def test_dry_run_writes_nothing(world, gdp, imported):
    result = run(world.organiser, GOOD, dry_run=True)
    assert result.ok and result.created == 2
    assert not imported().exists()


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


def test_import_page(client, world, gdp, imported):
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
    assert not imported().exists()
    good = io.BytesIO(GOOD.encode())
    good.name = "peers.csv"
    response = client.post("/peers/import/", {"file": good})
    assert response.status_code == 302 and response.url == "/peers/"
    assert imported().count() == 2


def test_template_download_has_the_provenance_columns_and_imports_back(client, world, imported):
    client.force_login(world.organiser)
    page = client.get("/peers/import/").content.decode()
    assert 'href="?template=xlsx"' in page and "来源网址" in page
    response = client.get("/peers/import/", {"template": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["对标数据"]
    headers = [c.value for c in sheet[1]]
    assert headers[-5:] == ["来源", "来源网址", "发布日期", "口径", "核对来源网址"]
    lists = [str(v.formula1) for v in sheet.data_validations.dataValidation]
    assert lists, "口径 offers its choices as a drop-down"
    # the template filled in (notes row kept) imports
    sheet.append(["320900", "", 2024, "gdp", 7779.2, "亿元", "公报", URL, "2025-03-20", "初步核算", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = peer_values_import(user=world.organiser, data=buffer.getvalue(), filename="template.xlsx")
    assert result.ok and result.created == 1, messages(result)
    client.force_login(world.viewer)
    assert client.get("/peers/import/", {"template": "xlsx"}).status_code == 403
