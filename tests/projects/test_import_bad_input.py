"""All or nothing: every kind of bad input is reported with sheet, row, column and a Chinese message, and a file
with one bad row writes nothing at all (the good row beside it included)."""

import io
import zipfile

import pytest
from openpyxl.utils import get_column_letter

from tests.factories import CarrierFactory, ParkFactory, valid_credit_code
from tests.projects.conftest import PROJECT_HEADERS, counts, project_row, xlsx
from yuanqu.projects import credit_code
from yuanqu.projects.imports import run_import

INV = "计划总投资（万元）"


def _bad_check_character() -> str:
    code = valid_credit_code()
    wrong = next(ch for ch in credit_code.CHARSET if ch != code[-1])
    return code[:-1] + wrong


# (id, cells of the bad row, expected column letter, fragment of the message)
CELL_CASES = [
    (
        "credit-code-check-character",
        lambda w: {"建设企业": "甲公司", "统一社会信用代码": _bad_check_character()},
        "F",
        "校验位错误",
    ),
    ("credit-code-length", lambda w: {"建设企业": "甲公司", "统一社会信用代码": "91320902123"}, "F", "应为18位"),
    (
        "credit-code-illegal-letter",
        lambda w: {"建设企业": "甲公司", "统一社会信用代码": "91320902MA1OOOOOOI"},
        "F",
        "非法字符",
    ),
    ("negative-amount", lambda w: {INV: -5}, "K", "不能为负数"),
    ("text-amount", lambda w: {INV: "一百万"}, "K", "应为数字"),
    ("three-decimals", lambda w: {INV: 12.345}, "K", "2位小数"),
    ("amount-too-large", lambda w: {INV: 10**15}, "K", "数值过大"),
    ("blank-required-amount", lambda w: {INV: None}, "K", "必填"),
    ("blank-required-name", lambda w: {"项目名称": "  "}, "A", "必填"),
    ("blank-required-stage", lambda w: {"当前阶段": None}, "L", "必填"),
    ("formula-amount", lambda w: {INV: "=SUM(1,2)"}, "K", "公式"),
    ("formula-name", lambda w: {"项目名称": '=HYPERLINK("http://x","点我")'}, "A", "公式"),
    ("control-character", lambda w: {"项目名称": "新项目\x7f"}, "A", "控制字符"),
    ("tab-in-name", lambda w: {"项目名称": "新\t项目"}, "A", "控制字符"),
    ("bidi-override", lambda w: {"项目名称": "项目\u202egpj.exe"}, "A", "控制字符"),
    ("zero-width", lambda w: {"建设企业": "甲\u200b公司", "统一社会信用代码": valid_credit_code()}, "E", "控制字符"),
    ("over-long-name", lambda w: {"项目名称": "长" * 121}, "A", "内容过长"),
    ("over-long-content", lambda w: {"建设内容": "字" * 2001}, "Y", "内容过长"),
    (
        "actual-dates-out-of-order",
        lambda w: {"当前阶段": "开工", "实际签约日期": "2025-05-01", "实际开工日期": "2025-03-01"},
        "R",
        "不能早于",
    ),
    ("actual-date-of-stage-not-reached", lambda w: {"当前阶段": "签约", "实际竣工日期": "2025-09-01"}, "T", "不应填写"),
    ("impossible-date", lambda w: {"计划开工日期": "2025-02-30"}, "Q", "日期不存在"),
    ("text-date", lambda w: {"计划开工日期": "明年春天"}, "Q", "应为日期"),
    ("unknown-region", lambda w: {"所在区县": "火星区"}, "B", "未知的区县"),
    ("unknown-park", lambda w: {"所在园区": "不存在的园区"}, "C", "没有名为"),
    ("park-of-another-district", lambda w: {"所在园区": w.yandu_project.park.name}, "C", "没有名为"),
    ("carrier-without-park", lambda w: {"所用载体": "1号厂房"}, "D", "必须填写所在园区"),
    (
        "carrier-not-in-park",
        lambda w: {"所在园区": w.tinghu_project.park.name, "所用载体": "别处厂房"},
        "D",
        "没有名为",
    ),
    ("unknown-industry", lambda w: {"所属行业代码": "99X"}, "G", "未知的行业代码"),
    ("unknown-stage", lambda w: {"当前阶段": "开挖"}, "L", "不是可选值"),
    ("unknown-kind", lambda w: {"建设性质": "新新建"}, "H", "不是可选值"),
    ("unknown-key-level", lambda w: {"重点项目级别": "国家级"}, "J", "不是可选值"),
    ("latitude-out-of-range", lambda w: {"纬度": 200}, "Z", "不能大于"),
    ("new-enterprise-without-code", lambda w: {"建设企业": "没登记过的公司"}, "F", "统一社会信用代码"),
    ("new-enterprise-without-name", lambda w: {"统一社会信用代码": valid_credit_code()}, "E", "须填写企业名称"),
    ("date-in-text-column", lambda w: {"项目名称": __import__("datetime").date(2025, 1, 1)}, "A", "应为文字"),
    ("other-district-for-reporter", lambda w: {"所在区县": "盐都区"}, "B", "不在您负责的区县范围内"),
]


@pytest.mark.parametrize(("cells", "letter", "fragment"), [c[1:] for c in CELL_CASES], ids=[c[0] for c in CELL_CASES])
def test_bad_cell_is_reported_at_its_row_and_column_and_nothing_is_written(w, cells, letter, fragment):
    CarrierFactory(park=ParkFactory(name="亭湖园区", region=w.tinghu), name="1号厂房")
    good = project_row(项目名称="好的项目")
    bad = project_row(项目名称="坏的项目")
    for header, value in cells(w).items():
        bad[[h.rstrip("*") for h in PROJECT_HEADERS].index(header)] = value
    snapshot = counts()
    result = run_import(user=w.tinghu_reporter, kind="projects", data=xlsx([good, bad]), filename="项目.xlsx")
    assert not result.ok
    assert counts() == snapshot  # the good row was not written either
    problem = result.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("项目", 3, letter), result.problems
    assert fragment in problem.message
    text = str(problem)
    assert text.startswith(f"工作表 项目, 第3行, 列 {letter}（") and fragment in text


def test_duplicate_rows_name_the_first_row(w):
    snapshot = counts()
    result = run_import(user=w.organiser, kind="projects", data=xlsx([project_row(), project_row()]), filename="p.xlsx")
    assert [(p.row, p.column) for p in result.problems] == [(3, "A")]
    assert "与第2行重复" in result.problems[0].message
    assert counts() == snapshot


def test_extra_cell_without_header_is_refused(w):
    row = project_row() + [None, None, "多余"]
    result = run_import(user=w.organiser, kind="projects", data=xlsx([row]), filename="p.xlsx")
    letter = get_column_letter(len(project_row()) + 3)  # two blank cells, then the one with text
    assert [p.row for p in result.problems] == [2] and f"列 {letter} " in result.problems[0].message


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "不是工作簿")
    return buffer.getvalue()


FILE_CASES = [
    ("text-renamed-xlsx", b"name,region\nx,y\n", "p.xlsx", "不是有效的 .xlsx 文件"),
    ("zip-renamed-xlsx", _zip_without_workbook(), "p.xlsx", "不是有效的 .xlsx 文件"),
    ("truncated-xlsx", None, "p.xlsx", "不是有效的 .xlsx 文件"),
    ("old-xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "p.xls", "旧版 .xls"),
    ("wrong-extension", b"abc", "p.txt", "只能导入 .xlsx 或 .csv"),
    ("undecodable-csv", "项目名称*\n".encode() + b"\xff\xfe\xff\xff\x81", "p.csv", "无法识别 CSV 文件的编码"),
    ("xlsx-renamed-csv", None, "p.csv", "不是文本格式的 CSV"),
]


@pytest.mark.parametrize(("data", "filename", "fragment"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES])
def test_broken_file_is_a_clear_chinese_error(w, data, filename, fragment):
    if data is None:
        whole = xlsx([project_row()])
        data = whole[: len(whole) // 2] if filename.endswith(".xlsx") else whole
    snapshot = counts()
    result = run_import(user=w.organiser, kind="projects", data=data, filename=filename)
    assert len(result.problems) == 1 and fragment in result.problems[0].message, result.problems
    assert counts() == snapshot


def test_unknown_and_missing_headers(w):
    headers = [h for h in PROJECT_HEADERS if h != "当前阶段*"] + ["备注"]
    row = [v for h, v in zip(PROJECT_HEADERS, project_row(), strict=True) if h != "当前阶段*"] + ["x"]
    result = run_import(user=w.organiser, kind="projects", data=xlsx([row], headers=headers), filename="p.xlsx")
    messages = {(p.row, p.column, p.message) for p in result.problems}
    assert (1, get_column_letter(len(headers)), "无法识别的列标题，请使用导入模板中的列标题。") in messages
    assert any(p.header == "当前阶段*" and "缺少必填列" in p.message for p in result.problems)
    assert counts()[0] == 2


def test_gbk_csv_with_a_bad_row_reports_row_and_column(w):
    header = ",".join(PROJECT_HEADERS)
    good = ",".join("" if v is None else str(v) for v in project_row(项目名称="好"))
    bad = ",".join("" if v is None else str(v) for v in project_row(项目名称="坏", 当前阶段="开挖"))
    data = "\r\n".join([header, good, bad, ""]).encode("gbk")
    snapshot = counts()
    result = run_import(user=w.organiser, kind="projects", data=data, filename="项目.csv")
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("项目.csv", 3, "L")]
    assert counts() == snapshot
