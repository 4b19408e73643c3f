"""Imported region × industry tables (区域产业数据表): the import (wide and long sheets, refusals with row and
column, all or nothing, audit), the matrix and the metrics computed on a table, the basis line on the pages, the
demo's illustrative table and who may read and import."""

import io
from decimal import Decimal

import numpy as np
import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from openpyxl import Workbook, load_workbook

from tests.factories import RegionFactory
from tests.industry.helpers import industry_world
from yuanqu.core.models import ChangeAction, ObjectChange
from yuanqu.industry import demo, metrics, selectors, services
from yuanqu.industry.models import RegionIndustryFigure, RegionIndustryTable
from yuanqu.industry.table_importer import SHEET, region_industry_figures_import

pytestmark = pytest.mark.django_db

# 规上工业总产值 (万元) of three districts; None is a suppressed figure (…); 3811 + 3812 roll up to 38
HEADERS = ["区县代码", "区县名称", "C34 通用设备制造业", "3811", "3812", "36", "39", "合计"]
ROWS = [
    ["320902", "亭湖区", 520000, 300000, 120000, 20000, 10000, 970000],
    ["320903", "盐都区", 80000, 20000, None, 260000, 410000, 770000],
    ["320904", "大丰区", 150000, "…", 5000, 180000, 30000, 365000],
]
CELLS = {  # the same table, as the cells it must become: district code → division → value (None suppressed)
    "320902": {"34": 520000, "38": 420000, "36": 20000, "39": 10000},
    "320903": {"34": 80000, "38": 20000, "36": 260000, "39": 410000},
    "320904": {"34": 150000, "38": 5000, "36": 180000, "39": 30000},
}


def sheet_bytes(headers, rows, title=SHEET) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_table(w, **extra) -> RegionIndustryTable:
    data = {
        "name": "2023年分行业规上工业总产值", "year": 2023, "measure": "output", "source": "盐城统计年鉴2024",
        "basis": "表5-3 分行业规上工业总产值", **extra,
    }
    return services.region_industry_table_create(user=w.organiser, data=data)


@pytest.fixture
def w():
    w = industry_world()
    w.dafeng = RegionFactory(code="320904", name="大丰区", parent=w.city)
    return w


@pytest.fixture
def table(w):
    table = make_table(w)
    result = region_industry_figures_import(user=w.organiser, table=table, data=sheet_bytes(HEADERS, ROWS),
                                            filename="表5-3.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    return table


def stored(table) -> dict:
    out: dict = {}
    for f in RegionIndustryFigure.objects.filter(table=table).select_related("region"):
        out.setdefault(f.region.code, {})[f.industry_code] = None if f.value is None else float(f.value)
    return out


# ----------------------------------------------------------------------------- import


def test_wide_sheet_becomes_division_cells_rolled_up_with_totals_skipped_and_every_cell_logged(w, table):
    # 3811 + 3812 → 38; 大丰区's 3811 is suppressed (…), so its 38 is the part given; 盐都区's 3812 blank likewise
    assert stored(table) == CELLS
    figure_type = ContentType.objects.get_for_model(RegionIndustryFigure)
    logged = ObjectChange.objects.filter(content_type=figure_type, action=ChangeAction.CREATE)
    assert logged.count() == RegionIndustryFigure.objects.filter(table=table).count() == 12
    assert set(logged.values_list("user", flat=True)) == {w.organiser.pk}
    again = region_industry_figures_import(user=w.organiser, table=table, data=sheet_bytes(HEADERS, ROWS),
                                           filename="表5-3.xlsx")
    assert again.ok and again.created == again.updated == 0 and again.unchanged == 12


def test_suppressed_marks_and_blanks_store_no_value(w):
    table = make_table(w)
    rows = [["320902", "亭湖区", "…", None], ["320903", "盐都区", "-", 5], ["320904", "大丰区", "*", 6]]
    result = region_industry_figures_import(user=w.organiser, table=table,
                                            data=sheet_bytes(["区县代码", "区县名称", "34", "39"], rows),
                                            filename="t.xlsx")
    assert result.ok
    assert stored(table) == {"320902": {"34": None, "39": None}, "320903": {"34": None, "39": 5.0},
                             "320904": {"34": None, "39": 6.0}}
    matrix = selectors.region_industry_matrix(table.measure_key)
    assert np.isnan(matrix.values[0, 0]) and matrix.values[1, 1] == 5.0


def test_long_sheet_imports_the_same_cells(w):
    table = make_table(w, name="长表")
    rows = [[code, division, value] for code, cells in CELLS.items() for division, value in cells.items()]
    rows[1] = ["320902", "3811", 300000]  # 亭湖区's 38 given in two parts, rolled up
    rows.insert(2, ["320902", "3812", 120000])
    data = sheet_bytes(["区县代码", "行业代码", "数值"], rows)
    result = region_industry_figures_import(user=w.organiser, table=table, data=data, filename="长表.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    assert stored(table) == CELLS


def test_bad_cells_are_refused_with_row_and_column_and_nothing_is_written(w, table):
    before = stored(table)
    changes = ObjectChange.objects.count()
    headers = ["区县代码", "区县名称", "34", "38", "钢铁", "36"]
    rows = [
        ["320902", "亭湖区", 1, -5, 1, 1],  # row 2: negative in D
        ["320903", "盐都区", "约三万", 2, 2, 2],  # row 3: text in C
        ["999999", "", 3, 3, 3, 3],  # row 4: no such district in A
        ["320904", "亭湖区", 4, 4, 4, 4],  # row 5: name and code disagree (B)
    ]
    result = region_industry_figures_import(user=w.organiser, table=table, data=sheet_bytes(headers, rows),
                                            filename="坏表.xlsx")
    assert not result.ok
    where = {(p.row, p.column): p.message for p in result.problems}
    assert "无法识别的行业“钢铁”" in where[(1, "E")]  # an unknown industry header, named by its column
    result = region_industry_figures_import(user=w.organiser, table=table,
                                            data=sheet_bytes([h for h in headers if h != "钢铁"],
                                                             [r[:4] + r[5:] for r in rows]), filename="坏表.xlsx")
    where = {(p.row, p.column): p.message for p in result.problems}
    assert (2, "D") in where and (3, "C") in where and "本市没有区县“999999”" in where[(4, "A")]
    assert "不一致" in where[(5, "B")]
    assert "第3行" in str(next(p for p in result.problems if p.row == 3)) and "列 C" in str(result.problems[1])
    assert stored(table) == before and ObjectChange.objects.count() == changes  # the good rows were not written


def test_a_division_and_its_part_in_one_sheet_are_refused(w):
    table = make_table(w)
    result = region_industry_figures_import(user=w.organiser, table=table,
                                            data=sheet_bytes(["区县名称", "38", "3811"], [["亭湖区", 1, 1]]),
                                            filename="t.xlsx")
    assert not result.ok and result.problems[0].column == "C" and "重复计算" in result.problems[0].message
    assert not RegionIndustryFigure.objects.exists()


def test_the_template_lists_the_districts_and_imports_once_filled(w):
    table = make_table(w)
    response = client_for(w.organiser).get(f"/industry/manage/tables/{table.pk}/import/?template=1")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook[SHEET]
    assert [c.value for c in sheet[1]][:3] == ["区县代码", "区县名称", "06 煤炭开采和洗选业"]
    assert [sheet.cell(r, 2).value for r in range(3, sheet.max_row + 1)] == ["亭湖区", "盐都区", "大丰区"]
    sheet.cell(3, 3, 100)  # 亭湖区, division 06
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = region_industry_figures_import(user=w.organiser, table=table, data=buffer.getvalue(), filename="m.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    assert stored(table)["320902"]["06"] == 100.0 and stored(table)["320903"]["06"] is None


def test_deleting_a_table_logs_each_cell(w, table):
    figure_type = ContentType.objects.get_for_model(RegionIndustryFigure)
    services.region_industry_table_delete(user=w.organiser, instance=table)
    assert not RegionIndustryFigure.objects.exists()
    assert ObjectChange.objects.filter(content_type=figure_type, action=ChangeAction.DELETE).count() == 12


# ----------------------------------------------------------------------------- the matrix and the metrics on it


def expected_matrix(regions, codes) -> np.ndarray:
    """The imported cells as the metrics should see them: built from CELLS, not from the database."""
    return np.array([[CELLS.get(r.code, {}).get(c, 0.0) for c in codes] for r in regions], dtype=float)


def test_matrix_of_a_table_is_its_imported_cells(w, table):
    matrix = selectors.region_industry_matrix(table.measure_key)
    assert matrix.codes == ["34", "36", "38", "39"] and [r.code for r in matrix.regions] == list(CELLS)
    np.testing.assert_array_equal(matrix.values, expected_matrix(matrix.regions, matrix.codes))
    with pytest.raises(ValueError):
        selectors.region_industry_matrix("table:999999")


def test_leading_industries_and_targets_on_a_table_are_the_metrics_of_its_cells(w, table):
    codes = ["34", "36", "38", "39"]
    regions = list(selectors.districts())
    x = expected_matrix(regions, codes)
    lq = metrics.location_quotient(x)
    rows = selectors.leading_industries(measure=table.measure_key)
    tinghu = next(r for r in rows if r["region"].code == "320902")
    for entry in tinghu["top"]:
        assert entry["lq"] == pytest.approx(lq[0, codes.index(entry["code"])], rel=1e-12)
    assert [e["code"] for e in tinghu["top"]] == [codes[j] for j in np.argsort(-lq[0]) if lq[0, j] >= 1][:3]

    rel = metrics.relatedness(x)
    for region_index, region in enumerate(regions):
        targets, _names = selectors.targets_for_region(region=region, measure=table.measure_key, limit=None)
        checked = [t for t in targets if t.code in codes]
        for target in checked:  # the chains' extra (zero) columns change no density of the table's columns
            assert target.density == pytest.approx(rel.density[region_index, codes.index(target.code)], abs=1e-12)
        present = {codes[j] for j in range(len(codes)) if rel.m[region_index, j]}
        assert {t.code for t in checked} == set(codes) - present
    assert any(t.density > 0 for t in selectors.targets_for_region(region=w.tinghu, measure=table.measure_key)[0])


# ----------------------------------------------------------------------------- pages


def test_targets_page_on_a_table_states_its_basis_and_name(w, table):
    page = client_for(w.viewer).get(f"/industry/targets/?region=320902&measure=table:{table.pk}").content.decode()
    basis = ("依据：2023年分行业规上工业总产值（2023年，工业总产值（万元），"
             "来源：盐城统计年鉴2024，表5-3 分行业规上工业总产值）")
    assert basis in page
    assert f'<option value="table:{table.pk}" selected>2023年分行业规上工业总产值' in page
    assert "产业链覆盖依据：登记的企业和项目" in page
    assert 'data-testid="illustrative"' not in page
    registry = client_for(w.viewer).get("/industry/targets/?region=320902").content.decode()
    assert "依据：登记项目计划投资（万元，系统登记数据，非统计数据）" in registry


def test_every_analysis_page_states_its_basis(w, table):
    client = client_for(w.viewer)
    leading = client.get(f"/industry/leading/?measure=table:{table.pk}").content.decode()
    assert 'data-testid="basis"' in leading and "依据：2023年分行业规上工业总产值" in leading
    for url in ["/industry/chains/?region=320902", "/industry/leading/?measure=projects"]:
        page = client.get(url).content.decode()
        assert 'data-testid="basis"' in page and "系统登记数据，非统计数据" in page, url
    export = client.get(f"/industry/leading/?measure=table:{table.pk}&export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.cell(sheet.max_row, 1).value.startswith("注：依据：2023年分行业规上工业总产值")


def test_the_demo_table_is_labelled_illustrative_on_the_pages(w):
    demo._demo_table()
    table = RegionIndustryTable.objects.get(name=demo.DEMO_TABLE)
    assert table.illustrative and "不是统计数据" in table.note
    assert RegionIndustryFigure.objects.filter(table=table).count() == 3 * len(demo.DEMO_DIVISIONS)
    demo._demo_table()  # idempotent: nothing changes on a second load
    assert RegionIndustryTable.objects.filter(name=demo.DEMO_TABLE).count() == 1
    page = client_for(w.viewer).get(f"/industry/leading/?measure={table.measure_key}").content.decode()
    assert 'data-testid="illustrative"' in page and "示例数据" in page and "不是统计数据" in page
    assert "【示例数据】" in page  # the measure picker says so too
    record = client_for(w.viewer).get(f"/industry/manage/tables/{table.pk}/").content.decode()
    assert 'data-testid="illustrative"' in record and 'data-testid="table-cells"' in record


def test_a_district_user_reads_the_city_table_but_cannot_import(w, table):
    reporter = client_for(w.tinghu_reporter)
    record = reporter.get(f"/industry/manage/tables/{table.pk}/")
    assert record.status_code == 200 and "盐都区" in record.content.decode()  # city-level: every district's cells
    assert 'data-testid="table-import"' not in record.content.decode()
    assert reporter.get(f"/industry/targets/?region=320902&measure=table:{table.pk}").status_code == 200
    assert reporter.get(f"/industry/manage/tables/{table.pk}/import/").status_code == 403
    upload = io.BytesIO(sheet_bytes(HEADERS, [["320902", "亭湖区", 1, 1, 1, 1, 1, 5]]))
    upload.name = "t.xlsx"
    assert reporter.post(f"/industry/manage/tables/{table.pk}/import/", {"file": upload}).status_code == 403
    result = region_industry_figures_import(user=w.tinghu_reporter, table=table,
                                            data=sheet_bytes(HEADERS, ROWS[:1]), filename="t.xlsx")
    assert not result.ok and "只有市项目办" in result.problems[0].message
    assert stored(table) == CELLS


def test_the_organiser_imports_on_the_page_and_sees_the_refusals(w):
    table = make_table(w)
    client = client_for(w.organiser)
    assert 'data-testid="table-import"' in client.get(f"/industry/manage/tables/{table.pk}/").content.decode()
    bad = io.BytesIO(sheet_bytes(["区县名称", "34"], [["亭湖区", "很多"]]))
    bad.name = "bad.xlsx"
    response = client.post(f"/industry/manage/tables/{table.pk}/import/", {"file": bad})
    assert response.status_code == 400 and "应为数字" in response.content.decode()
    good = io.BytesIO(sheet_bytes(HEADERS, ROWS))
    good.name = "good.xlsx"
    response = client.post(f"/industry/manage/tables/{table.pk}/import/", {"file": good})
    assert response.status_code == 302 and stored(table) == CELLS


def test_the_api_computes_on_a_table_and_says_so(w, table):
    client = client_for(w.viewer)
    data = client.get(f"/api/industry/targets/?region=320902&measure=table:{table.pk}").json()
    assert data["basis"]["table"]["name"] == table.name and data["basis"]["text"].startswith("依据：2023年")
    assert data["basis"]["illustrative"] is False
    assert client.get("/api/industry/targets/?region=320902&measure=table:999999").status_code == 400
    assert client.get("/api/industry/manage/tables/").json()["results"][0]["name"] == table.name


def test_figures_reject_a_code_that_is_not_a_division(w, table):
    figure = RegionIndustryFigure(table=table, region=w.tinghu, industry_code="3A", value=Decimal(1))
    with pytest.raises(Exception, match="两位数字"):
        figure.full_clean()


# ----------------------------------------------------------------------------- creating a table, the command line


def test_the_organiser_creates_a_table_on_the_add_page_and_it_is_logged(w):
    client = client_for(w.organiser)
    assert client.get("/industry/manage/tables/add/").status_code == 200
    response = client.post("/industry/manage/tables/add/", {
        "name": "2024年从业人员", "year": 2024, "measure": "employment", "source": "第五次经济普查", "basis": "",
        "source_url": "", "note": ""})
    table = RegionIndustryTable.objects.get(name="2024年从业人员")
    assert response.status_code == 302 and table.created_by == w.organiser and not table.illustrative
    assert ObjectChange.objects.filter(object_id=str(table.pk), action=ChangeAction.CREATE, user=w.organiser).exists()
    assert client_for(w.tinghu_reporter).get("/industry/manage/tables/add/").status_code == 403


def test_command_line_imports_a_table_and_computes_targets_on_it(w, tmp_path, capsys):
    from django.core.management import call_command

    table = make_table(w)
    path = tmp_path / "表5-3.xlsx"
    path.write_bytes(sheet_bytes(HEADERS, ROWS))
    call_command("industry", "table-import", table.name, str(path), "--no-progress")
    assert stored(table) == CELLS
    call_command("industry", "targets", "亭湖区", "--measure", table.measure_key)
    out = capsys.readouterr().out
    assert "依据：2023年分行业规上工业总产值（2023年" in out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(sheet_bytes(["区县名称", "34"], [["亭湖区", -1]]))
    with pytest.raises(SystemExit) as caught:
        call_command("industry", "table-import", str(table.pk), str(bad), "--no-progress")
    assert caught.value.code == 1 and stored(table) == CELLS
