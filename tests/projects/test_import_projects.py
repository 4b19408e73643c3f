import datetime
from decimal import Decimal

import pytest

from tests.factories import CarrierFactory, ParkFactory, valid_credit_code
from tests.projects.conftest import PROJECT_HEADERS, counts, project_row, xlsx
from yuanqu.core.models import ObjectChange
from yuanqu.projects.imports import run_import
from yuanqu.projects.models import Enterprise, Project

INV = "计划总投资（万元）"


def test_valid_file_creates_projects_and_enterprise_with_audit(w):
    code = valid_credit_code()
    park = ParkFactory(name="亭湖经济开发区", region=w.tinghu)
    rows = [
        project_row(所在园区=park.name, 建设企业="盐城新能科技有限公司", 统一社会信用代码=code, 所属行业代码="38"),
        project_row(项目名称="第二个项目", 所在区县="320902", **{INV: "5,000.5"}),
    ]
    before = ObjectChange.objects.count()
    result = run_import(user=w.tinghu_reporter, kind="projects", data=xlsx(rows), filename="p.xlsx")
    assert result.ok, result.problems
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    project = Project.objects.get(name="新能源电池项目", region=w.tinghu)
    assert project.park == park and project.industry.code == "38" and project.key_level == "municipal"
    assert project.enterprise.credit_code == code and project.enterprise.region == w.tinghu
    assert project.actual_signed == datetime.date(2025, 1, 15) and project.latitude == Decimal("33.390000")
    assert Project.objects.get(name="第二个项目").total_investment == Decimal("5000.50")
    # two projects + one enterprise, each with one change record naming the importing user
    new = ObjectChange.objects.order_by("pk")[before:]
    assert len(new) == 3 and {c.user_name for c in new} == {"tinghu"}


def test_reimport_changes_nothing_and_update_is_audited(w):
    data = xlsx([project_row()])
    assert run_import(user=w.organiser, kind="projects", data=data, filename="p.xlsx").created == 1
    snapshot = counts()
    again = run_import(user=w.organiser, kind="projects", data=data, filename="p.xlsx")
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert counts() == snapshot
    changed = run_import(
        user=w.organiser, kind="projects", data=xlsx([project_row(**{INV: 130000})]), filename="p.xlsx"
    )
    assert changed.updated == 1
    assert Project.objects.get(name="新能源电池项目").total_investment == Decimal("130000")
    last = ObjectChange.objects.first()
    assert last.action == "update" and ("total_investment", "120000.00", "130000.00") in last.diff


def test_export_of_filtered_list_imports_unchanged(w, client):
    carrier = CarrierFactory(park=w.tinghu_project.park, name="1号标准厂房")
    w.tinghu_project.carrier = carrier
    w.tinghu_project.construction_content = "电梯导轨，\n年产5万套"
    w.tinghu_project.orientation = "market"
    w.tinghu_project.save()
    client.force_login(w.organiser)
    response = client.get("/projects/", {"region": w.tinghu.pk, "export": "xlsx"})
    assert response.status_code == 200
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == PROJECT_HEADERS
    assert sheet.max_row == 2  # the filter applies: only 亭湖区's project
    snapshot = counts()
    result = run_import(user=w.organiser, kind="projects", data=response.content, filename="导出.xlsx")
    assert result.ok, result.problems
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert counts() == snapshot


def test_gbk_csv_is_accepted(w):
    header = ",".join(h for h in PROJECT_HEADERS)
    line = ",".join("" if v is None else str(v) for v in project_row(项目名称="盐城汽车零部件", 所在区县="亭湖区"))
    data = (header + "\r\n" + line + "\r\n").encode("gbk")
    result = run_import(user=w.tinghu_reporter, kind="projects", data=data, filename="项目.csv")
    assert result.ok, result.problems
    assert Project.objects.filter(name="盐城汽车零部件", region=w.tinghu).exists()


def test_utf8_bom_csv_is_accepted(w):
    header = ",".join(PROJECT_HEADERS)
    line = ",".join("" if v is None else str(v) for v in project_row(项目名称="BOM项目"))
    data = ("\ufeff" + header + "\n" + line + "\n").encode("utf-8")
    assert run_import(user=w.organiser, kind="projects", data=data, filename="p.csv").ok
    assert Project.objects.filter(name="BOM项目").exists()


def test_template_notes_row_is_skipped(w, tmp_path):
    import io

    from openpyxl import load_workbook

    from yuanqu.core.tabular.template import template_workbook
    from yuanqu.projects.imports import ProjectImporter

    workbook = load_workbook(io.BytesIO(template_workbook(ProjectImporter)))
    sheet = workbook["项目"]
    for column, value in enumerate(project_row(), start=1):
        sheet.cell(3, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run_import(user=w.organiser, kind="projects", data=buffer.getvalue(), filename="模板.xlsx")
    assert result.ok, result.problems
    assert result.created == 1 and result.rows == 1


def test_reporter_importing_other_district_row_writes_nothing(w):
    rows = [project_row(), project_row(项目名称="盐都的项目", 所在区县="盐都区")]
    snapshot = counts()
    result = run_import(user=w.tinghu_reporter, kind="projects", data=xlsx(rows), filename="p.xlsx")
    assert not result.ok
    [problem] = result.problems
    assert (problem.row, problem.column, problem.header) == (4 - 1, "B", "所在区县*")
    assert "不在您负责的区县范围内" in problem.message
    assert counts() == snapshot


def test_dry_run_writes_nothing(w):
    snapshot = counts()
    result = run_import(user=w.organiser, kind="projects", data=xlsx([project_row()]), filename="p.xlsx", dry_run=True)
    assert result.ok and result.created == 1
    assert counts() == snapshot


def test_every_error_is_reported_not_just_the_first(w):
    rows = [
        project_row(**{INV: -1}),
        project_row(项目名称="B", 当前阶段="开挖"),
        project_row(项目名称="C", 纬度="北纬"),
    ]
    result = run_import(user=w.organiser, kind="projects", data=xlsx(rows), filename="p.xlsx")
    assert [(p.row, p.column) for p in result.problems] == [(2, "K"), (3, "L"), (4, "Z")]


def test_enterprise_name_must_match_registered_credit_code(w):
    enterprise = w.tinghu_project.enterprise
    row = project_row(建设企业="别的名字有限公司", 统一社会信用代码=enterprise.credit_code)
    result = run_import(user=w.tinghu_reporter, kind="projects", data=xlsx([row]), filename="p.xlsx")
    assert [p.column for p in result.problems] == ["E"]
    assert enterprise.name in result.problems[0].message
    assert Enterprise.objects.count() == 2


@pytest.mark.parametrize("filename", ["p.xlsx", "p.csv"])
def test_blank_file_is_a_clear_error(w, filename):
    result = run_import(user=w.organiser, kind="projects", data=b"", filename=filename)
    assert [p.message for p in result.problems] == ["文件是空的。"]
