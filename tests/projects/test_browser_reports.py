"""Import and monthly reports in a real headless Chromium, on a phone."""

import datetime
from decimal import Decimal

import pytest

from tests.conftest import log_in
from tests.factories import world
from tests.projects.conftest import project_row, xlsx
from yuanqu.projects import services


@pytest.mark.django_db(transaction=True)
def test_phone_import_shows_errors_then_succeeds(phone_page, live_server, tmp_path):
    world()
    log_in(phone_page, live_server.url, "tinghu")
    bad = tmp_path / "项目.xlsx"
    bad.write_bytes(xlsx([project_row(**{"计划总投资（万元）": "一百万"})]))
    phone_page.goto(live_server.url + "/projects/import/")
    phone_page.set_input_files("#id_file", str(bad))
    with phone_page.expect_navigation():
        phone_page.click("form.edit button[type=submit]")
    alert = phone_page.locator("[role=alert]")
    assert alert.locator("td[data-label='行']").first.text_content() == "2"
    assert "应为数字" in alert.text_content() and "K（计划总投资（万元）*）" in alert.text_content()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling

    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([project_row()]))
    phone_page.set_input_files("#id_file", str(good))
    with phone_page.expect_navigation():
        phone_page.click("form.edit button[type=submit]")
    assert phone_page.url.endswith("/projects/")
    assert "新建1条" in phone_page.text_content(".messages")


@pytest.mark.django_db(transaction=True)
def test_project_page_draws_investment_chart(page, live_server):
    w = world()
    for month, amount, total in ((1, 300, 300), (2, 200, 500)):
        services.report_submit(
            user=w.tinghu_reporter,
            project=w.tinghu_project,
            month=datetime.date(2025, month, 1),
            data={"investment_month": Decimal(amount), "investment_cumulative": Decimal(total), "stage": "signed"},
        )
    log_in(page, live_server.url, "viewer")
    page.goto(f"{live_server.url}/projects/{w.tinghu_project.pk}/")
    page.wait_for_selector("[data-testid=investment-chart] canvas")
    assert "2025年2月" in page.text_content("[data-testid=project-reports]")
    series = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-investment')).getOption().series[0].data"
    )
    assert series[:2] == [300, 500]
