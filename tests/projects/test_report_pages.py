import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.projects.conftest import REPORT_HEADERS, counts, project_row, xlsx
from yuanqu.projects import services
from yuanqu.projects.models import MonthLock, ProgressReport, Project

JAN, FEB = datetime.date(2025, 1, 1), datetime.date(2025, 2, 1)


def _data(month_amount, cumulative):
    return {"investment_month": Decimal(month_amount), "investment_cumulative": Decimal(cumulative), "stage": "signed"}


def test_import_page_lists_every_error_in_an_alert_table_and_writes_nothing(w, client):
    client.force_login(w.tinghu_reporter)
    assert client.get("/projects/import/").status_code == 200
    rows = [project_row(**{"计划总投资（万元）": -1}), project_row(项目名称="X", 所在区县="盐都区")]
    snapshot = counts()
    response = client.post(
        "/projects/import/", {"kind": "projects", "file": SimpleUploadedFile("项目.xlsx", xlsx(rows))}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "发现 2 处错误，未写入任何数据" in html
    assert "不能为负数" in html and "K（计划总投资（万元）*）" in html and "不在您负责的区县范围内" in html
    assert counts() == snapshot


def test_import_page_success_redirects_with_summary(w, client):
    client.force_login(w.tinghu_reporter)
    response = client.post(
        "/projects/import/",
        {"kind": "projects", "file": SimpleUploadedFile("p.xlsx", xlsx([project_row()]))},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/projects/"
    assert "导入成功" in response.content.decode() and "新建1条" in response.content.decode()
    assert Project.objects.filter(name="新能源电池项目", region=w.tinghu).exists()


def test_import_page_refuses_viewers(w, client):
    client.force_login(w.viewer)
    assert client.get("/projects/import/").status_code == 403
    response = client.post("/projects/import/", {"kind": "projects", "file": SimpleUploadedFile("p.xlsx", b"x")})
    assert response.status_code == 403


def test_template_download_has_headers_notes_and_dropdowns(w, client):
    client.force_login(w.tinghu_reporter)
    response = client.get("/projects/import/template/reports/")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["月报"]
    assert [c.value for c in sheet[1]] == REPORT_HEADERS
    assert sheet["A2"].value.startswith("【填写说明】")
    validations = sheet.data_validations.dataValidation
    assert any("F3" in str(v.sqref) for v in validations)  # 形象进度 drop-down
    assert workbook["选项"].sheet_state == "hidden"
    assert client.get("/projects/import/template/nothing/").status_code == 404


def test_report_form_files_and_edit_keeps_project_and_month(w, client):
    client.force_login(w.tinghu_reporter)
    form = {
        "project": w.tinghu_project.pk,
        "month": "2025-01",
        "investment_month": "100",
        "investment_cumulative": "90",
        "stage": "signed",
        "narrative": "",
        "problems": "用地指标待协调",
    }
    response = client.post("/reports/add/", form)
    assert response.status_code == 400 and "累计完成投资应为100万元" in response.content.decode()
    form["investment_cumulative"] = "100"
    response = client.post("/reports/add/", form)
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and report.month == JAN and report.problems == "用地指标待协调"
    form.update(project=w.yandu_project.pk, month="2025-02", investment_month="100", investment_cumulative="100")
    client.post(f"/reports/{report.pk}/edit/", form)
    report.refresh_from_db()
    assert report.project == w.tinghu_project and report.month == JAN
    form["project"] = w.yandu_project.pk
    response = client.post("/reports/add/", form)
    assert response.status_code == 400 and not ProgressReport.objects.filter(project=w.yandu_project).exists()


def test_month_lock_page_is_for_the_organiser(w, client):
    client.force_login(w.tinghu_reporter)
    assert client.get("/reports/locks/").status_code == 403
    assert client.post("/reports/locks/", {"month": "2025-01"}).status_code == 403
    client.force_login(w.organiser)
    assert client.post("/reports/locks/", {"month": "2025-01", "note": "已审定"}).status_code == 302
    lock = MonthLock.objects.get()
    assert lock.month == JAN
    assert "2025年1月" in client.get("/reports/locks/").content.decode()
    client.post("/reports/locks/", {"unlock": lock.pk})
    assert not MonthLock.objects.exists()


def test_project_page_shows_reports_and_chart_data(w, client):
    p = w.tinghu_project
    p.planned_completed = datetime.date(2026, 6, 1)
    p.save()
    services.report_submit(user=w.tinghu_reporter, project=p, month=JAN, data=_data(1000, 1000))
    services.report_submit(user=w.tinghu_reporter, project=p, month=FEB, data=_data(500, 1500))
    client.force_login(w.viewer)
    html = client.get(f"/projects/{p.pk}/").content.decode()
    assert 'data-testid="project-reports"' in html and "2025年2月" in html
    start = html.index('id="data-investment"')
    payload = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert payload["months"][:2] == ["2025-01", "2025-02"] and payload["actual"][:2] == [1000.0, 1500.0]
    assert payload["plan"][-1] == 50000.0 and payload["months"][-1] == "2026-06"
    plan = dict(zip(payload["months"], payload["plan"], strict=True))
    assert plan["2025-01"] == 0 and 0 < plan["2025-06"] < plan["2025-12"] < 50000  # planned start is 2025-06-01


def test_api_reports_scoped_and_written_through_services(w):
    services.report_submit(user=w.yandu_reporter, project=w.yandu_project, month=JAN, data=_data(5, 5))
    api = APIClient()
    api.force_authenticate(w.tinghu_reporter)
    listing = api.get("/api/reports/").json()
    items = listing["results"] if isinstance(listing, dict) else listing
    assert items == []
    other = ProgressReport.objects.get()
    assert api.get(f"/api/reports/{other.pk}/").status_code == 404
    body = {
        "project": w.tinghu_project.pk,
        "month": "2025-01-01",
        "investment_month": "10",
        "investment_cumulative": "11",
        "stage": "signed",
    }
    response = api.post("/api/reports/", body, format="json")
    assert response.status_code == 400 and "累计完成投资应为10万元" in json.dumps(response.json(), ensure_ascii=False)
    body["investment_cumulative"] = "10"
    assert api.post("/api/reports/", body, format="json").status_code == 201
    body["project"] = w.yandu_project.pk
    assert api.post("/api/reports/", body, format="json").status_code == 400  # not a choice for this reporter


def test_import_command_exit_codes_and_messages(w, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([project_row()]))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([project_row(项目名称="A"), project_row(项目名称="B", 当前阶段="开挖")]))
    snapshot = counts()
    with pytest.raises(SystemExit) as exc:
        call_command("import", "projects", str(bad), "--no-progress")
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "工作表 项目, 第3行, 列 L（当前阶段*）: “开挖”不是可选值" in err and "未写入任何数据" in err
    assert counts() == snapshot
    call_command("import", "projects", str(good), "--dry-run", "--no-progress")
    assert "试运行" in capsys.readouterr().out and counts() == snapshot
    call_command("import", "projects", str(good), "--user", "tinghu", "--no-progress")
    assert "新建1条" in capsys.readouterr().out
    call_command("import", "projects", str(good), "--no-progress")
    assert "未变1条" in capsys.readouterr().out


def test_excel_template_command(w, tmp_path):
    target = tmp_path / "t.xlsx"
    call_command("excel", "template", "projects", str(target))
    sheet = load_workbook(target)["项目"]
    assert sheet["A1"].value == "项目名称*" and sheet["L1"].value == "当前阶段*"
