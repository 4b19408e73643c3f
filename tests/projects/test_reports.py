import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.projects.conftest import REPORT_HEADERS, counts, report_row, xlsx
from yuanqu.core.models import ObjectChange
from yuanqu.projects import services
from yuanqu.projects.imports import run_import
from yuanqu.projects.models import MonthLock, ProgressReport

JAN, FEB, MAR = datetime.date(2025, 1, 1), datetime.date(2025, 2, 1), datetime.date(2025, 3, 1)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def data(month_amount, cumulative, stage="signed", **extra):
    return {
        "investment_month": Decimal(month_amount),
        "investment_cumulative": Decimal(cumulative),
        "stage": stage,
        **extra,
    }


def test_cumulative_problems_names_the_month():
    problems = services.cumulative_problems(
        {JAN: (Decimal(100), Decimal(100)), FEB: (Decimal(50), Decimal(140)), MAR: (Decimal(10), Decimal(160))}
    )
    assert list(problems) == [FEB]
    assert problems[FEB].startswith("2025年2月的累计完成投资应为150万元") and "填写的是140万元" in problems[FEB]


def test_submit_checks_cumulative_against_earlier_months(w):
    p = w.tinghu_project
    services.report_submit(user=w.tinghu_reporter, project=p, month=datetime.date(2025, 1, 20), data=data(100, 100))
    with pytest.raises(ValidationError) as exc:
        services.report_submit(user=w.tinghu_reporter, project=p, month=FEB, data=data(50, 100))
    assert "2025年2月的累计完成投资应为150万元" in str(exc.value)
    report = services.report_submit(user=w.tinghu_reporter, project=p, month=FEB, data=data(50, 150))
    assert report.month == FEB and ObjectChange.objects.filter(object_id=str(report.pk), action="create").exists()


def test_correction_that_breaks_a_later_month_is_refused(w):
    p = w.tinghu_project
    jan = services.report_submit(user=w.tinghu_reporter, project=p, month=JAN, data=data(100, 100))
    services.report_submit(user=w.tinghu_reporter, project=p, month=FEB, data=data(50, 150))
    with pytest.raises(ValidationError) as exc:
        services.report_update(user=w.tinghu_reporter, report=jan, data=data(120, 120))
    assert "2025年2月" in str(exc.value)
    updated = services.report_update(user=w.tinghu_reporter, report=jan, data=data(100, 100, narrative="补充说明"))
    assert updated.narrative == "补充说明"


def test_reporter_files_only_for_own_district(w):
    with pytest.raises(PermissionDenied):
        services.report_submit(user=w.tinghu_reporter, project=w.yandu_project, month=JAN, data=data(1, 1))
    with pytest.raises(PermissionDenied):
        services.report_submit(user=w.viewer, project=w.tinghu_project, month=JAN, data=data(1, 1))
    assert ProgressReport.objects.count() == 0


def test_one_report_per_month_and_no_future_month(w):
    services.report_submit(user=w.tinghu_reporter, project=w.tinghu_project, month=JAN, data=data(1, 1))
    with pytest.raises(ValidationError, match="已存在"):
        services.report_submit(user=w.tinghu_reporter, project=w.tinghu_project, month=JAN, data=data(1, 1))
    with pytest.raises(ValidationError, match="不能晚于本月"):
        services.report_submit(
            user=w.tinghu_reporter, project=w.tinghu_project, month=datetime.date(2999, 1, 1), data=data(1, 2)
        )


def test_locked_month_refuses_submit_correction_and_delete(w):
    report = services.report_submit(user=w.tinghu_reporter, project=w.tinghu_project, month=JAN, data=data(1, 1))
    with pytest.raises(PermissionDenied):
        services.month_lock(user=w.tinghu_reporter, month=JAN)
    services.month_lock(user=w.organiser, month=datetime.date(2025, 1, 31), note="一月已审定")
    assert MonthLock.objects.get().month == JAN
    with pytest.raises(ValidationError, match="已锁定"):
        services.report_update(user=w.tinghu_reporter, report=report, data=data(2, 2))
    with pytest.raises(ValidationError, match="已锁定"):
        services.report_submit(user=w.yandu_reporter, project=w.yandu_project, month=JAN, data=data(1, 1))
    with pytest.raises(ValidationError, match="已锁定"):
        services.report_delete(user=w.tinghu_reporter, report=report)
    services.month_unlock(user=w.organiser, month=JAN)
    assert services.report_update(user=w.tinghu_reporter, report=report, data=data(2, 2)).investment_month == 2


def _report(w, project=None, month=JAN):
    project = project or w.tinghu_project
    reporter = w.tinghu_reporter if project == w.tinghu_project else w.yandu_reporter
    return services.report_submit(user=reporter, project=project, month=month, data=data(1, 1))


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("photo.gif", b"GIF89a" + b"\0" * 10, "不支持的文件类型"),
        ("photo.png", b"\xff\xd8\xff" + b"\0" * 10, "与扩展名"),
        ("fake.pdf", b"MZ\x90\0 executable", "与扩展名"),
        ("fake.docx", b"PK\x03\x04 not really", "与扩展名"),
        ("big.jpg", b"\xff\xd8\xff" + b"\0" * (10 * 1024 * 1024), "不能超过10 MB"),
        ("empty.pdf", b"", "空的"),
    ],
)
def test_attachment_type_content_and_size_are_checked(w, settings, tmp_path, name, content, fragment):
    settings.MEDIA_ROOT = tmp_path
    report = _report(w)
    with pytest.raises(ValidationError, match=fragment):
        services.attachment_add(user=w.tinghu_reporter, report=report, uploaded=SimpleUploadedFile(name, content))
    assert not report.attachments.exists() and not any(tmp_path.rglob("*.*"))


def test_attachment_served_only_to_those_who_may_see_the_project(w, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    report = _report(w)
    attachment = services.attachment_add(
        user=w.tinghu_reporter, report=report, uploaded=SimpleUploadedFile("现场照片.png", PNG)
    )
    assert attachment.content_type == "image/png" and attachment.size == len(PNG)
    assert "现场照片" not in attachment.file.name  # stored under a random name
    url = f"/reports/attachments/{attachment.pk}/"
    client.force_login(w.yandu_reporter)
    assert client.get(url).status_code == 404
    assert client.post(f"/reports/attachments/{attachment.pk}/delete/").status_code == 404
    client.force_login(w.tinghu_reporter)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(w.viewer)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # to the login page, never the file


def test_attachment_upload_page(w, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    report = _report(w)
    client.force_login(w.yandu_reporter)
    upload = SimpleUploadedFile("a.png", PNG)
    assert client.post(f"/reports/{report.pk}/attachments/", {"file": upload}).status_code == 404
    client.force_login(w.tinghu_reporter)
    response = client.post(f"/reports/{report.pk}/attachments/", {"file": SimpleUploadedFile("a.png", PNG)})
    assert response.status_code == 302 and report.attachments.count() == 1
    page = client.get(f"/reports/{report.pk}/")
    assert "a.png" in page.content.decode()


# --- import of reports


def test_report_import_checks_cumulative_across_file_and_database(w):
    services.report_submit(user=w.tinghu_reporter, project=w.tinghu_project, month=JAN, data=data(1000, 1000))
    rows = [
        report_row(月份="2025-02", **{"本月完成投资（万元）": 500, "累计完成投资（万元）": 1500}),
        report_row(月份="2025年3月", **{"本月完成投资（万元）": 200, "累计完成投资（万元）": 1600}),
    ]
    snapshot = counts()
    result = run_import(
        user=w.tinghu_reporter, kind="reports", data=xlsx(rows, REPORT_HEADERS, "月报"), filename="r.xlsx"
    )
    assert [(p.row, p.column) for p in result.problems] == [(3, "E")]
    assert "2025年3月的累计完成投资应为1700万元" in result.problems[0].message
    assert counts() == snapshot
    rows[1][4] = 1700
    result = run_import(
        user=w.tinghu_reporter, kind="reports", data=xlsx(rows, REPORT_HEADERS, "月报"), filename="r.xlsx"
    )
    assert result.ok and result.created == 2
    assert ProgressReport.objects.get(month=MAR).investment_cumulative == 1700
    again = run_import(
        user=w.tinghu_reporter, kind="reports", data=xlsx(rows, REPORT_HEADERS, "月报"), filename="r.xlsx"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


@pytest.mark.parametrize(
    ("cells", "letter", "fragment"),
    [
        ({"所在区县": "盐都区", "项目名称": "盐都智能装备项目"}, "B", "不在您负责的区县范围内"),
        ({"项目名称": "没有这个项目"}, "A", "没有名为"),
        ({"月份": "2025-13"}, "C", "月份不存在"),
        ({"月份": "上个月"}, "C", "应为月份"),
        ({"月份": "2999-01"}, "C", "不能晚于本月"),
        ({"形象进度": "快完工了"}, "F", "不是可选值"),
        ({"本月完成投资（万元）": -3}, "D", "不能为负数"),
        ({"累计完成投资（万元）": "=D2"}, "E", "公式"),
        ({"需协调解决的问题": "问题\x07"}, "H", "控制字符"),
        ({"月份": "2024-12"}, "C", "已锁定"),
    ],
)
def test_report_import_bad_input(w, cells, letter, fragment):
    services.month_lock(user=w.organiser, month=datetime.date(2024, 12, 1))
    row = report_row(**cells)
    snapshot = counts()
    data_ = ",".join(REPORT_HEADERS) + "\n" + ",".join("" if v is None else str(v) for v in row) + "\n"
    result = run_import(user=w.tinghu_reporter, kind="reports", data=data_.encode("utf-8"), filename="月报.csv")
    assert [(p.row, p.column) for p in result.problems] == [(2, letter)], result.problems
    assert fragment in result.problems[0].message
    assert counts() == snapshot


def test_report_list_export_round_trip_and_scope(w, client):
    services.report_submit(user=w.tinghu_reporter, project=w.tinghu_project, month=JAN, data=data(10, 10))
    services.report_submit(user=w.yandu_reporter, project=w.yandu_project, month=JAN, data=data(20, 20))
    client.force_login(w.tinghu_reporter)
    listing = client.get("/reports/")
    assert listing.status_code == 200 and "和阳电梯部件" in listing.content.decode()
    assert "盐都智能装备项目" not in listing.content.decode()
    exported = client.get("/reports/", {"export": "xlsx", "month": "2025-01"})
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == REPORT_HEADERS and len(rows) == 2 and rows[1][0] == "和阳电梯部件"
    snapshot = counts()
    result = run_import(user=w.tinghu_reporter, kind="reports", data=exported.content, filename="月报.xlsx")
    assert result.ok and result.unchanged == 1 and counts() == snapshot
    yandu_report = ProgressReport.objects.get(project=w.yandu_project)
    assert client.get(f"/reports/{yandu_report.pk}/").status_code == 404
    assert client.get(f"/reports/{yandu_report.pk}/edit/").status_code == 404


def test_delete_page_goes_through_the_report_service(w, client):
    # the generic delete page with the reports' own service: a locked month refuses with its reason
    report = _report(w)
    services.month_lock(user=w.organiser, month=JAN)
    client.force_login(w.tinghu_reporter)
    refused = client.post(f"/reports/{report.pk}/delete/", follow=True)
    assert ProgressReport.objects.filter(pk=report.pk).exists()
    assert "已锁定" in refused.content.decode()
    services.month_unlock(user=w.organiser, month=JAN)
    assert client.post(f"/reports/{report.pk}/delete/").url == "/reports/"
    assert not ProgressReport.objects.filter(pk=report.pk).exists()
    assert ObjectChange.objects.filter(content_type__model="progressreport", action="delete").count() == 1
