"""The import framework itself, with a declaration that writes nothing: header matching (aliases, strict or not),
default cell parsers, row limits, refusal, file problems and the validated records."""

from functools import partial
from types import SimpleNamespace

from yuanqu.core.tabular import BaseImporter, Pending, Spec, cells, import_file

CSV = "名称,年份,类别\n甲,2024,开工\n"


def _importer(**attributes):
    """An importer of (name, year) rows whose validated rows are plain objects (dry runs only)."""

    def validate_row(self, row, values, cells_ok):
        return Pending(row=row, instance=SimpleNamespace(**values), before=None) if cells_ok else None

    base = {
        "kind": "demo",
        "sheet_name": "示例",
        "specs": [
            Spec("name", "名称*", "", aliases=("name", "项目")),
            Spec("year", "年份", "", parse=partial(cells.integer, max_digits=4, minimum=2000, maximum=2100)),
        ],
        "validate_row": validate_row,
    }
    return type("DemoImporter", (BaseImporter,), {**base, **attributes})


def _run(importer, content: str, filename="示例.csv", **options):
    return import_file(importer, user=None, data=content.encode(), filename=filename, dry_run=True, **options)


def test_aliases_match_in_any_case_and_records_come_back_in_file_order():
    result = _run(_importer(), "NAME,年份\n甲,2024\n乙,\n")
    assert result.ok and result.rows == 2 and result.created == 2 and result.dry_run
    assert [(r.name, r.year) for r in result.records] == [("甲", 2024), ("乙", None)]


def test_default_parser_is_text_of_100_characters_and_integer_uses_decimal_messages():
    result = _run(_importer(), f"名称,年份\n{'长' * 101},2024.5\n")
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (2, "A", "内容过长：最多100个字，实为101个字。"),
        (2, "B", "最多保留0位小数。"),
    ]
    assert result.records == []


def test_unknown_headers_are_refused_unless_the_importer_ignores_them():
    strict = _run(_importer(), CSV)
    assert [(p.row, p.column, p.header) for p in strict.problems] == [(1, "C", "类别")]
    assert _run(_importer(strict_headers=False), CSV).ok


def test_duplicate_and_missing_columns():
    problems = _run(_importer(), "项目,名称\n甲,乙\n").problems
    assert [(p.column, p.message) for p in problems] == [("B", "列标题重复。")]
    (missing,) = _run(_importer(), "年份\n2024\n").problems
    assert (missing.row, missing.column, missing.header, missing.message) == (1, "", "名称*", "缺少必填列“名称*”。")


def test_row_limit_and_refusal():
    limited = _run(_importer(max_rows=1), "名称\n甲\n\n乙\n")
    assert [(p.row, p.message) for p in limited.problems] == [(4, "最多导入 1 行。")]
    refused = _run(_importer(refusal=lambda self: "不可以。"), CSV)
    assert [(p.row, p.message) for p in refused.problems] == [(None, "不可以。")] and refused.rows == 0


def test_a_file_problem_becomes_the_result_with_the_importer_kind():
    result = _run(_importer(), "名称\n甲\n", filename="示例.xls")
    assert result.kind == "demo" and not result.ok and result.problems[0].row is None
    assert "另存为” .xlsx" in result.problems[0].message


def test_constructor_options_reach_the_importer():
    def __init__(self, *, tag, **kwargs):
        BaseImporter.__init__(self, **kwargs)
        self.tag = tag

    def check_all(self, pending):
        for item in pending:
            item.instance.tag = self.tag

    result = _run(_importer(__init__=__init__, check_all=check_all), "名称\n甲\n", tag="第18次")
    assert [r.tag for r in result.records] == ["第18次"]
