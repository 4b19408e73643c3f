"""The newsroom in a real headless Chromium: paste a damaged report, review, choose projects, confirm."""

import re

import pytest

from tests.conftest import log_in
from tests.factories import world
from tests.newsroom.helpers import damaged_report


@pytest.mark.django_db(transaction=True)
def test_paste_review_choose_and_confirm_a_draft_meeting(page, live_server):
    w = world()
    log_in(page, live_server.url, "organiser")
    page.click("details[data-nav-group=meetings] summary")  # the menu group 观摩评比
    page.click("text=新闻导入")
    page.fill("#id_text", damaged_report())
    with page.expect_navigation():
        page.click("form.edit button[type=submit]")
    assert re.search(r"/news/\d+/$", page.url)

    # the damaged spans are highlighted, with the raw text in the tooltip
    marks = page.locator("[data-testid=repaired] mark")
    assert marks.count() > 0
    assert "原文：" in marks.first.get_attribute("title")
    assert "產" not in page.text_content("[data-testid=repaired]")  # converted to Simplified

    # the facts: year is not in the report, so the organiser fills it in; projects are chosen, never created
    page.fill("#id_year", "2025")
    rows = page.locator("[data-testid=project-row]")
    assert rows.count() == 3
    for index in range(3):
        select = rows.nth(index).locator("select")
        if "禾阳电梯部件" in rows.nth(index).text_content():
            select.select_option(value=str(w.tinghu_project.pk))
        else:
            select.select_option(value="")
    with page.expect_navigation():
        page.click("form.edit button[type=submit]")

    assert re.search(r"/meetings/\d+/$", page.url)
    assert "第18次产业园区项目载体建设现场推进会" in page.text_content("h1")
    assert "和阳电梯部件" in page.text_content("main")
    assert "盐都智能装备项目" not in page.text_content("main")


@pytest.mark.django_db(transaction=True)
def test_import_page_on_a_phone(phone_page, live_server):
    world()
    log_in(phone_page, live_server.url, "organiser")
    phone_page.goto(live_server.url + "/news/")
    phone_page.fill("#id_text", damaged_report())
    with phone_page.expect_navigation():
        phone_page.click("form.edit button[type=submit]")
    # nothing wider than the screen
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert phone_page.locator("[data-testid=repaired] mark").count() > 0
