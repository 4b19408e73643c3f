"""In a real headless Chromium: the chain map is drawn with its gap list, and the target list opens from it."""

import pytest

from tests.conftest import log_in
from tests.industry.helpers import industry_world
from yuanqu.industry.models import Chain


@pytest.mark.django_db(transaction=True)
def test_chain_map_and_target_list(page, live_server):
    industry_world()
    chain = Chain.objects.get(name="轨道交通装备")
    log_in(page, live_server.url, "viewer")

    page.goto(f"{live_server.url}/industry/chains/{chain.pk}/?region=320902")
    page.wait_for_selector("#chain-graph canvas")
    size = page.evaluate("[...document.querySelectorAll('#chain-graph canvas')].map(c => c.width * c.height)")
    assert size and size[0] > 0
    drawn = page.evaluate("echarts.getInstanceByDom(document.getElementById('chain-graph')).getOption().series[0]")
    assert drawn["type"] == "graph" and len(drawn["data"]) == 11 and len(drawn["links"]) >= 10
    gaps = page.text_content("[data-testid=chain-gaps]")
    assert "钢材/铝型材" in gaps and "缺链" in gaps and "弱链" in gaps

    with page.expect_navigation():
        page.click("text=查看招商目标")
    assert "/industry/targets/?region=320902" in page.url
    rows = page.locator("[data-testid=targets] tbody tr")
    assert rows.count() >= 3
    first = rows.first.text_content()
    assert "1" in first and "关联密度" in first
    assert "轨道交通装备·钢材/铝型材" in page.text_content("[data-testid=targets]")


@pytest.mark.django_db(transaction=True)
def test_target_list_fits_a_phone(phone_page, live_server):
    industry_world()
    log_in(phone_page, live_server.url, "viewer")
    phone_page.goto(f"{live_server.url}/industry/targets/?region=320903")
    assert phone_page.locator("[data-testid=targets] tbody tr").count() >= 1
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
