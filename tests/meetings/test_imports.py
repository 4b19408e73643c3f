"""The attendee file import, declared on the tabular framework: row/column messages, all or nothing, audited."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from openpyxl import Workbook

from yuanqu.core.models import ChangeAction, ObjectChange
from yuanqu.meetings import imports
from yuanqu.meetings.models import Attendee, AttendeeRole

pytestmark = pytest.mark.django_db

HEADERS = ["姓名", "单位", "职务", "所属区县", "身份"]


def _xlsx(rows, title="参会人员") -> bytes:
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(w, meeting, data, filename="参会人员.xlsx"):
    return imports.attendee_file_import(user=w.organiser, meeting=meeting, data=data, filename=filename)


def test_a_bad_row_names_its_sheet_row_and_column_and_nothing_is_written(w, meeting):
    data = _xlsx([HEADERS, ["赵卫平", "亭湖区人民政府", "区长", "亭湖区", "评分人"], ["长" * 51, "", "", "", ""]])
    result = _import(w, meeting, data)
    assert not result.ok
    (problem,) = result.problems
    assert (problem.sheet, problem.row, problem.column, problem.header) == ("参会人员", 3, "A", "姓名*")
    assert str(problem) == "工作表 参会人员, 第3行, 列 A（姓名*）: 内容过长：最多50个字，实为51个字。"
    assert meeting.attendees.count() == 0


def test_every_bad_cell_is_listed(w, meeting):
    data = _xlsx([HEADERS, [None, "单位", "", "火星区", "评委"]])
    problems = {(p.row, p.column): p.message for p in _import(w, meeting, data).problems}
    assert problems[(2, "A")] == "必填，不能为空。"
    assert problems[(2, "E")].startswith("“评委”不是可选值")
    assert problems[(2, "D")] == "找不到区县“火星区”。"


def test_good_rows_are_added_with_defaults_and_audited(w, meeting):
    data = _xlsx([["序号", *HEADERS], [1, "赵卫平", "亭湖区人民政府", "区长", "亭湖区", None],
                  [2, "孙海燕", "", "", "320903", "观摩人员"], [None] * 6])
    result = _import(w, meeting, data)
    assert result.ok and result.created == 2, result.problems
    imported = {a.name: a for a in meeting.attendees.all()}
    assert imported["赵卫平"].role == AttendeeRole.RATER and imported["赵卫平"].title == "区长"
    assert imported["孙海燕"].region == w.yandu and imported["孙海燕"].role == AttendeeRole.OBSERVER
    logged = ObjectChange.objects.filter(
        action=ChangeAction.CREATE, content_type=ContentType.objects.get_for_model(Attendee),
        object_id__in=[str(a.pk) for a in imported.values()])
    assert logged.count() == 2 and {c.user for c in logged} == {w.organiser}


def test_csv_and_missing_name_column(w, meeting):
    csv = "姓名,所属区县\n赵卫平,亭湖区\n".encode("gbk")
    assert _import(w, meeting, csv, "参会人员.csv").created == 1
    (problem,) = _import(w, meeting, _xlsx([["单位"], ["亭湖区人民政府"]])).problems
    assert problem.row == 1 and problem.message == "缺少必填列“姓名*”。"


def test_a_file_that_is_not_a_workbook_or_has_no_one_is_refused(w, meeting):
    (problem,) = _import(w, meeting, b"not a workbook").problems
    assert "不是有效的 .xlsx 文件" in problem.message
    (problem,) = _import(w, meeting, _xlsx([HEADERS])).problems
    assert problem.message == "文件中没有参会人员。"


def test_too_many_rows(w, meeting, monkeypatch):
    monkeypatch.setattr(imports.AttendeeImporter, "max_rows", 2)
    result = _import(w, meeting, _xlsx([HEADERS, ["甲"], ["乙"], ["丙"]]))
    assert [(p.row, p.message) for p in result.problems] == [(4, "最多导入 2 行。")]
    assert meeting.attendees.count() == 0
