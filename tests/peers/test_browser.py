"""The peers page in a real Chromium: both charts draw, 盐城 is highlighted, the illustrative banner shows."""

import pytest

from tests.conftest import log_in
from yuanqu.peers import demo


@pytest.mark.django_db(transaction=True)
def test_peers_page_draws_charts_and_highlights_the_home_city(page, live_server, world):
    demo.load()
    log_in(page, live_server.url, "viewer")
    page.goto(live_server.url + "/peers/?indicator=tax_per_mu")
    page.wait_for_selector("#chart-values canvas")
    page.wait_for_selector("#chart-trend canvas")
    home = page.locator("[data-testid=home-row]")
    assert "盐城市" in home.text_content()
    assert home.evaluate("el => getComputedStyle(el.querySelector('td')).fontWeight") in ("600", "bold")
    assert "示例数据，非真实统计" in page.text_content("[data-testid=illustrative-banner]")
    assert page.locator("[data-testid=peer-ranks] tbody tr").count() == 27
    with page.expect_navigation():
        page.select_option("#id_year", "2022")
    assert "year=2022" in page.url
    page.wait_for_selector("#chart-values canvas")


@pytest.mark.django_db(transaction=True)
def test_peers_page_fits_a_phone(phone_page, live_server, world):
    demo.load()
    log_in(phone_page, live_server.url, "viewer")
    phone_page.goto(live_server.url + "/peers/")
    phone_page.wait_for_selector("#chart-values canvas")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
