"""The registry in a real headless Chromium: a district reporter creates a project and is kept out of others'."""

import re

import pytest

from tests.conftest import log_in
from tests.factories import world


@pytest.mark.django_db(transaction=True)
def test_reporter_creates_project_and_cannot_open_other_district(page, live_server):
    w = world()
    log_in(page, live_server.url, "tinghu")

    page.goto(live_server.url + "/projects/add/")
    page.fill("#id_name", "亭湖新能源装备项目")
    page.select_option("#id_region", label="亭湖区")
    page.fill("#id_total_investment", "38000")
    page.select_option("#id_stage", value="signed")
    page.fill("#id_actual_signed", "2025-03-18")
    with page.expect_navigation():
        page.click("form.edit button[type=submit]")
    assert re.search(r"/projects/\d+/$", page.url)
    assert "亭湖新能源装备项目" in page.text_content("h1")
    assert "2025年3月18日" in page.text_content("[data-testid=timeline]")

    page.goto(live_server.url + "/projects/")
    rows = page.locator("table.data tbody tr").all_text_contents()
    assert any("亭湖新能源装备项目" in r for r in rows)
    assert not any("盐都智能装备项目" in r for r in rows)

    response = page.goto(f"{live_server.url}/projects/{w.yandu_project.pk}/")
    assert response.status == 404


@pytest.mark.django_db(transaction=True)
def test_form_errors_are_shown_in_chinese_next_to_the_field(page, live_server):
    world()
    log_in(page, live_server.url, "tinghu")
    page.goto(live_server.url + "/projects/add/")
    page.fill("#id_name", "坏数据项目")
    page.select_option("#id_region", label="亭湖区")
    page.fill("#id_total_investment", "100")
    page.select_option("#id_stage", value="started")
    page.fill("#id_actual_signed", "2025-06-01")
    page.fill("#id_actual_started", "2025-05-01")
    with page.expect_navigation():
        page.click("form.edit button[type=submit]")
    assert "不能早于实际签约日期" in page.text_content("form.edit")


@pytest.mark.django_db(transaction=True)
def test_home_dashboard_draws_charts_on_a_phone(phone_page, live_server):
    world()
    log_in(phone_page, live_server.url, "viewer")
    assert phone_page.text_content("[data-testid=project-count]").strip().startswith("2")
    phone_page.wait_for_selector("#chart-stage canvas")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # no horizontal scrolling on a phone


@pytest.mark.django_db(transaction=True)
def test_project_page_loads_its_light_history(page, live_server):
    from yuanqu.supervision import services as supervision

    w = world()
    supervision.ruleset_ensure_default(user=None)
    supervision.lights_recompute(user=None)
    log_in(page, live_server.url, "tinghu")
    page.goto(f"{live_server.url}/projects/{w.tinghu_project.pk}/")
    lights = page.wait_for_selector("[data-testid=project-lights]")
    assert "亮灯历史" in lights.text_content()
    assert page.locator("[data-testid=project-lights] tbody tr").count() == 1


@pytest.mark.django_db(transaction=True)
def test_grouped_menu_opens_and_leads_to_a_page_on_a_phone(phone_page, live_server):
    world()
    log_in(phone_page, live_server.url, "tinghu")
    phone_page.click("details[data-nav-group=registry] summary")
    with phone_page.expect_navigation():
        phone_page.click("details[data-nav-group=registry] a:has-text('项目')")
    assert phone_page.url.endswith("/projects/")
    assert "和阳电梯部件" in phone_page.text_content("table.data")
