"""一张图 in real Chromium: drawn offline by the vendored ECharts, a click on a project opens it, a meeting's tour
is drawn; and a city nobody set up before (深圳) is built from the official list and gets its first project, from
the home page on, by clicks alone (only the login page's address is typed)."""

import json
from decimal import Decimal
from urllib.parse import urlparse

import eviltransform
import pytest
from django.utils import timezone

from tests.conftest import log_in
from tests.factories import UserFactory, ensure_industries
from yuanqu.core.models import Role
from yuanqu.places.models import Region
from yuanqu.projects.models import Project
from yuanqu.supervision import services as supervision
from yuanqu.supervision.models import Light

LOOPBACK = {"localhost", "127.0.0.1"}  # the live server's own addresses
SQUARE = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "测试市"},
          "geometry": {"type": "Polygon", "coordinates": [[[119.9, 33.2], [120.5, 33.2], [120.5, 33.6],
                                                           [119.9, 33.6], [119.9, 33.2]]]}}]}
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _hosts(page) -> set[str]:
    """Every host the page asks for anything, recorded from now on."""
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname or request.url.split(":")[0]))
    return hosts


def _open_menu(page, group: str, label: str) -> None:
    """Open a menu group (a <details>) and follow one of its entries."""
    menu = page.locator(f"nav [data-nav-group={group}]")
    menu.locator("summary").click()
    with page.expect_navigation():
        menu.get_by_role("link", name=label, exact=True).click()


def _pixel(page, lon: float, lat: float) -> tuple[float, float]:
    """Where ECharts drew a point of the map, in page coordinates."""
    x, y = page.evaluate(
        "([lon, lat]) => echarts.getInstanceByDom(document.getElementById('project-map'))"
        ".convertToPixel({geoIndex: 0}, [lon, lat])", [lon, lat])
    box = page.get_by_test_id("project-map").bounding_box()
    return box["x"] + x, box["y"] + y


def test_the_map_draws_offline_and_a_click_opens_the_project(page, live_server, w, planned):
    w.tinghu.seat_latitude, w.tinghu.seat_longitude = Decimal("33.390"), Decimal("120.165")
    w.tinghu.save()
    ruleset = supervision.ruleset_ensure_default(user=None)
    Light.objects.create(project=w.tinghu_project, month=timezone.localdate().replace(day=1), color="red",
                         ruleset=ruleset, computed_at=timezone.now())
    hosts = _hosts(page)
    log_in(page, live_server.url, w.organiser.username)
    _open_menu(page, "progress", "一张图")
    chart = page.get_by_test_id("project-map")
    page.wait_for_function("document.getElementById('project-map').dataset.drawn !== undefined")
    assert chart.get_attribute("data-drawn") == str(Project.objects.exclude(latitude=None).count())
    assert chart.locator("canvas").count() >= 1
    assert page.get_by_test_id("schematic").is_visible()

    page.select_option("#id_meeting", str(planned.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    page.wait_for_function("document.getElementById('project-map').dataset.drawn !== undefined")
    series = page.evaluate("echarts.getInstanceByDom(document.getElementById('project-map')).getOption().series"
                           ".filter(s => s.type === 'lines').length")
    assert series == len({s.day for s in planned.stops.all()})

    x, y = _pixel(page, float(w.tinghu_project.longitude), float(w.tinghu_project.latitude))
    page.mouse.move(x, y)
    with page.expect_navigation():
        page.mouse.click(x, y)
    assert page.url.endswith(f"/projects/{w.tinghu_project.pk}/")

    # the organiser uploads the city's approved boundary (a square made for the test): the map draws it instead
    _open_menu(page, "progress", "一张图")
    with page.expect_navigation():
        page.get_by_role("link", name="上传审定边界").click()
    page.fill("#id_title", "测试市行政区域界线")
    page.fill("#id_approval_number", "苏S(2023)012号")
    page.fill("#id_source", "测试市自然资源和规划局")
    page.set_input_files("#id_file", {"name": "city.geojson", "mimeType": "application/geo+json",
                                      "buffer": json.dumps(SQUARE).encode()})
    with page.expect_navigation():
        page.get_by_role("button", name="上传并启用").click()
    assert "已启用" in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name="打开一张图").click()
    page.wait_for_function("document.getElementById('project-map').dataset.drawn !== undefined")
    assert page.get_by_test_id("schematic").count() == 0
    assert "审图号：苏S(2023)012号" in page.get_by_test_id("map-caption").inner_text()
    names = page.evaluate("echarts.getInstanceByDom(document.getElementById('project-map')).getOption().geo[0].map")
    assert names and page.get_by_test_id("project-map").locator("canvas").count() >= 1
    assert hosts <= LOOPBACK, f"requests left the server: {hosts}"


def test_a_new_city_is_set_up_and_its_first_project_registered_by_clicks(page, live_server):
    ensure_industries()
    organiser = UserFactory(username="shenzhen_organiser", role=Role.ORGANISER)
    assert not Region.objects.exists()
    hosts = _hosts(page)
    log_in(page, live_server.url, organiser.username)

    first_run = page.get_by_test_id("first-run")
    with page.expect_navigation():
        first_run.get_by_role("link", name="建立城市").click()
    page.fill("#id_code", "440300")
    with page.expect_navigation():
        page.get_by_role("button", name="预览").click()
    assert "深圳市" in page.get_by_test_id("setup-preview").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="确认建立").click()
    assert Region.objects.filter(code__startswith="4403").count() == 10  # 深圳市 and its 9 districts

    _open_menu(page, "registry", "项目")
    with page.expect_navigation():
        page.get_by_role("link", name="新建项目").first.click()
    page.fill("#id_name", "南山智能终端产业园项目")
    page.select_option("#id_region", label="南山区")
    page.fill("#id_total_investment", "120000")
    lat, lon = eviltransform.wgs2gcj(22.5333, 113.9304)  # as copied from 高德地图
    page.fill("#id_latitude", f"{lat:.6f}")
    page.fill("#id_longitude", f"{lon:.6f}")
    page.select_option("#id_coordinate_system", "GCJ02")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    project = Project.objects.get(name="南山智能终端产业园项目")
    assert project.region.code == "440305" and page.url.endswith(f"/projects/{project.pk}/")
    assert abs(float(project.latitude) - 22.5333) < 1e-5 and abs(float(project.longitude) - 113.9304) < 1e-5

    _open_menu(page, "progress", "一张图")
    page.wait_for_function("document.getElementById('project-map').dataset.drawn !== undefined")
    assert page.get_by_test_id("project-map").get_attribute("data-drawn") == "1"
    unplaced = page.get_by_test_id("unplaced").inner_text()  # no seats recorded: 南山区 stands at its project
    assert "福田区" in unplaced and "南山区" not in unplaced
    assert hosts <= LOOPBACK, f"requests left the server: {hosts}"
