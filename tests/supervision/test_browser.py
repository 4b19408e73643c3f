"""Browser: a reporter imports projects (one bad row first), the organiser recomputes, the light is on the dashboard."""

import io

import pytest
from openpyxl import Workbook

from tests.conftest import log_in
from tests.factories import world
from yuanqu.projects.models import Project
from yuanqu.supervision import services
from yuanqu.supervision.models import Light

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = ["项目名称*", "所在区县*", "计划总投资（万元）*", "当前阶段*", "计划开工日期", "计划竣工日期"]
LATE = "亭湖迟开工示范项目"
OTHER = "亭湖新材料项目"


def workbook(second_investment) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "项目"
    sheet.append(HEADERS)
    sheet.append([LATE, "亭湖区", 30000, "签约", "2025-01-01", "2027-12-31"])  # row 2: long overdue start
    sheet.append([OTHER, "亭湖区", second_investment, "签约", None, None])  # row 3
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()



def upload(page, base: str, content: bytes) -> None:
    page.goto(base + "/projects/import/")
    page.select_option("#id_kind", "projects")
    page.set_input_files("#id_file", {"name": "项目.xlsx", "mimeType": "application/octet-stream", "buffer": content})
    page.click("form.edit button[type=submit]")


def test_import_with_bad_row_fix_recompute_and_see_light_on_dashboard(page, live_server):
    w = world()
    base = live_server.url
    log_in(page, base, w.tinghu_reporter.username)

    # 1. one bad row: the error names the row, nothing is written
    upload(page, base, workbook(-5))
    errors = page.get_by_role("alert")
    errors.first.wait_for()
    table = page.locator("[data-testid=import-errors]")
    row3 = table.locator("tbody tr", has_text="计划总投资")
    assert row3.count() >= 1
    assert row3.first.locator("td").nth(1).inner_text().strip() == "3"
    assert not Project.objects.filter(name__in=[LATE, OTHER]).exists()

    # 2. fixed: both rows imported
    upload(page, base, workbook(8000))
    page.wait_for_url(lambda url: "/projects/import/" not in url)
    assert Project.objects.filter(name__in=[LATE, OTHER], region=w.tinghu).count() == 2

    # 3. the organiser recomputes with the button on the lights page
    log_in(page, base, w.organiser.username)
    page.goto(base + "/supervision/lights/")
    page.click("[data-testid=recompute]")
    page.wait_for_url(lambda url: "month=" in url)
    late_row = page.locator("[data-testid=light-row]", has_text=LATE)
    assert "红灯" in late_row.inner_text() and "已逾期" in late_row.inner_text()
    assert Light.objects.get(project__name=LATE).color == "red"

    # 4. the reporter sees it on the dashboard: counted for 亭湖区 and listed with its reason
    log_in(page, base, w.tinghu_reporter.username)
    page.goto(base + "/supervision/dashboard/")
    attention = page.locator("[data-testid=attention] tbody tr", has_text=LATE)
    assert attention.locator(".light.red").count() == 1
    assert "计划2025年1月开工" in attention.inner_text()
    red_cell = page.locator("tr[data-region='320902'] [data-testid=red]")
    assert int(red_cell.inner_text()) >= 1
    red_cell.locator("a").click()  # drill-down to the filtered lights list
    page.wait_for_url(lambda url: "color=red" in url)
    assert page.locator("[data-testid=light-row]", has_text=LATE).count() == 1
    assert page.locator("[data-testid=light-row]", has_text="盐都").count() == 0


def test_dashboard_and_task_page_fit_a_phone(phone_page, live_server):
    w = world()
    services.lights_recompute(user=w.organiser)
    task = services.task_create_from_light(user=w.organiser, light=Light.objects.get(project=w.tinghu_project))
    base = live_server.url
    log_in(phone_page, base, w.tinghu_reporter.username)
    for path in ("/supervision/dashboard/", f"/supervision/tasks/{task.pk}/", "/supervision/lights/"):
        phone_page.goto(base + path)
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, (path, width)
    phone_page.goto(base + f"/supervision/tasks/{task.pk}/")
    phone_page.fill("#id_text", "已完成土地挂牌")
    phone_page.click("text=添加反馈")
    assert phone_page.locator("[data-testid=feedback]", has_text="已完成土地挂牌").count() == 1
