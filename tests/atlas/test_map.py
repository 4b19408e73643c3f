"""一张图: the schematic until a boundary is uploaded, projects by light, carriers by vacancy, a meeting's tour,
each layer limited to what the user may see; the boundary upload and its refusals; the route in PDFs."""

import io
import json
import zipfile
from decimal import Decimal

import eviltransform
import pytest
import shapefile
from django.urls import reverse
from django.utils import timezone
from shapely.geometry import Point, shape

from tests.factories import CarrierFactory, ParkFactory, ProjectFactory
from yuanqu.atlas import selectors
from yuanqu.core.models import ObjectChange
from yuanqu.meetings import maps as meeting_maps
from yuanqu.places.models import Boundary, CarrierConstruction
from yuanqu.projects import maps
from yuanqu.supervision import services as supervision
from yuanqu.supervision.models import Light

SQUARE = [[119.9, 33.2], [120.5, 33.2], [120.5, 33.6], [119.9, 33.6], [119.9, 33.2]]  # made for the tests


def _geojson(ring=SQUARE, name="测试市"):
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": name}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]})


def _seats(w):
    w.tinghu.seat_latitude, w.tinghu.seat_longitude = Decimal("33.390"), Decimal("120.165")
    w.tinghu.save()
    w.yandu.seat_latitude, w.yandu.seat_longitude = Decimal("33.338"), Decimal("120.153")
    w.yandu.save()


def _payload(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse("project_map") + query)
    assert response.status_code == 200
    return response, response.context["payload"]


def _light(project, color):
    ruleset = supervision.ruleset_ensure_default(user=None)
    return Light.objects.create(project=project, month=timezone.localdate().replace(day=1), color=color,
                                ruleset=ruleset, computed_at=timezone.now())


def test_schematic_cells_stand_round_each_seat_and_say_they_are_no_map(client, w):
    _seats(w)
    response, payload = _payload(client, w.organiser)
    assert payload["schematic"] is True
    cells = {f["properties"]["name"]: shape(f["geometry"]) for f in payload["areas"]["features"]}
    assert set(cells) == {"亭湖区", "盐都区"}
    assert cells["亭湖区"].contains(Point(120.165, 33.390)) and not cells["亭湖区"].contains(Point(120.153, 33.338))
    assert cells["盐都区"].contains(Point(120.153, 33.338))
    assert not cells["亭湖区"].intersection(cells["盐都区"]).area  # a partition: no overlap
    html = response.content.decode()
    assert 'data-testid="schematic"' in html and "不是地图" in html and "不表示行政区域界线" in html


def test_a_district_without_seat_stands_at_its_projects_and_one_with_neither_is_named(client, w):
    from tests.factories import RegionFactory

    RegionFactory(code="320904", name="大丰区", parent=w.city)  # no seat, no project
    base = maps.base()  # no seats at all: 亭湖区 and 盐都区 stand at their projects (both at the factory default)
    names = [f["properties"]["name"] for f in base.areas["features"]]
    assert names == ["亭湖区"] and base.unplaced == ["大丰区"]  # the two share one point: one cell, first name
    w.yandu_project.latitude, w.yandu_project.longitude = Decimal("33.30"), Decimal("120.10")
    w.yandu_project.save()
    seats = {f["properties"]["name"]: f["properties"]["seat"] for f in maps.base().areas["features"]}
    assert seats["盐都区"] == [120.10, 33.30]


def test_projects_by_light_and_the_light_filter(client, w):
    _seats(w)
    _light(w.tinghu_project, "red")
    _light(w.yandu_project, "green")
    unlit = ProjectFactory(name="未亮灯项目", region=w.yandu, latitude=Decimal("33.33"), longitude=Decimal("120.10"))
    ProjectFactory(name="无坐标项目", region=w.yandu, latitude=None, longitude=None)
    response, payload = _payload(client, w.organiser)
    colours = {m["name"]: (m["color"], m["group"]) for m in payload["markers"] if m["kind"] == "project"}
    assert colours == {"和阳电梯部件": ("#c62828", "红灯"), w.yandu_project.name: ("#2e7d32", "绿灯"),
                       unlit.name: ("#78909c", "本月未亮灯")}
    project_marker = next(m for m in payload["markers"] if m["name"] == "和阳电梯部件")
    assert project_marker["url"] == reverse("project_detail", args=[w.tinghu_project.pk])
    assert "其中 1 个未填坐标" in response.content.decode()
    _response, red = _payload(client, w.organiser, "?filtered=1&light=red")
    assert [m["name"] for m in red["markers"]] == ["和阳电梯部件"]
    _response, none = _payload(client, w.organiser, "?filtered=1&light=none")
    assert [m["name"] for m in none["markers"]] == [unlit.name]


def test_above_the_marker_limit_each_district_is_one_point_with_its_lights_and_a_link_to_its_own_map(
        client, w, monkeypatch):
    monkeypatch.setattr(selectors, "MARKER_LIMIT", 4)  # the city has 5 placed projects, 盐都区 4
    _seats(w)
    _light(w.tinghu_project, "red")
    _light(w.yandu_project, "green")
    for i in range(3):
        ProjectFactory(name=f"盐都项目{i}", region=w.yandu, latitude=Decimal("33.30"), longitude=Decimal("120.10"))
    ProjectFactory(name="无坐标项目", region=w.yandu, latitude=None, longitude=None)
    response, payload = _payload(client, w.organiser, "?filtered=1")
    districts = {m["name"]: m for m in payload["markers"]}
    assert set(districts) == {"亭湖区", "盐都区"} and {m["kind"] for m in districts.values()} == {"district"}
    yandu = districts["盐都区"]
    assert yandu["detail"] == "4 个项目：绿灯 1、本月未亮灯 3" and yandu["color"] == "#2e7d32"
    assert districts["亭湖区"]["detail"] == "1 个项目：红灯 1" and districts["亭湖区"]["color"] == "#c62828"
    expected_lat = (float(w.yandu_project.latitude) + 3 * 33.30) / 4
    assert abs(yandu["lat"] - expected_lat) < 1e-6  # the mean of the district's points
    assert "项目超过 4 个，按区县汇总显示" in response.content.decode()
    assert "其中 1 个未填坐标" in response.content.decode()
    _response, drilled = _payload(client, w.organiser, "?" + yandu["url"].split("?", 1)[1])
    assert {m["name"] for m in drilled["markers"]} == {w.yandu_project.name, "盐都项目0", "盐都项目1", "盐都项目2"}
    assert {m["kind"] for m in drilled["markers"]} == {"project"}


def test_carriers_by_vacancy(client, w):
    park = ParkFactory(region=w.tinghu)
    CarrierFactory(name="空厂房", park=park, construction=CarrierConstruction.COMPLETED, occupied_area=0,
                   latitude=Decimal("33.40"), longitude=Decimal("120.17"))
    CarrierFactory(name="满租厂房", park=park, construction=CarrierConstruction.COMPLETED,
                   occupied_area=Decimal("20000"), latitude=Decimal("33.41"), longitude=Decimal("120.18"))
    CarrierFactory(name="无坐标厂房", park=park)
    _response, payload = _payload(client, w.organiser)
    carriers = {m["name"]: m for m in payload["markers"] if m["kind"] == "carrier"}
    assert set(carriers) == {"空厂房", "满租厂房"}
    empty, full = carriers["空厂房"], carriers["满租厂房"]
    assert empty["group"] == "载体：已建成待入驻" and "可用 20,000 m²（100%）" in empty["detail"]
    assert full["group"] == "载体：已满租" and empty["color"] != full["color"]
    _response, without = _payload(client, w.organiser, "?filtered=1")  # the box unticked
    assert not [m for m in without["markers"] if m["kind"] == "carrier"]


def test_a_reporter_sees_only_their_districts_projects_and_carriers(client, w):
    _seats(w)
    CarrierFactory(name="盐都厂房", park=ParkFactory(region=w.yandu), latitude=Decimal("33.33"),
                   longitude=Decimal("120.15"))
    response, payload = _payload(client, w.tinghu_reporter)
    assert {m["name"] for m in payload["markers"]} == {"和阳电梯部件"}
    assert list(response.context["form"].fields["region"].queryset) == [w.tinghu]
    html = response.content.decode()
    assert w.yandu_project.name not in html and "盐都厂房" not in html
    client.force_login(w.tinghu_reporter)
    refused = client.get(reverse("project_map") + f"?filtered=1&region={w.yandu.pk}")
    assert refused.context["form"].errors and not [m for m in refused.context["payload"]["markers"]
                                                    if m["name"] == w.yandu_project.name]


def test_a_meetings_tour_in_stop_order_from_and_back_to_the_assembly_point(client, w, planned):
    _seats(w)
    _response, payload = _payload(client, w.organiser, f"?filtered=1&meeting={planned.pk}")
    stops = sorted(planned.stops.select_related("project"), key=lambda s: (s.day, s.order))
    numbered = [p for route in payload["routes"] for p in route["points"] if p[2]]
    assert [p[2] for p in numbered] == [str(n) for n in range(1, len(stops) + 1)]
    assert [(p[0], p[1], p[3]) for p in numbered] == [
        (float(s.project.longitude), float(s.project.latitude), reverse("project_detail", args=[s.project.pk]))
        for s in stops]
    depot = [float(planned.depot_longitude), float(planned.depot_latitude), "", ""]
    for route in payload["routes"]:
        assert route["points"][0] == depot and route["points"][-1] == depot
    assert len(payload["routes"]) == len({s.day for s in stops})


def test_route_svg_for_the_pdf_numbers_the_stops_and_carries_the_caption(w, planned):
    figure = meeting_maps.route_figure(planned)
    drawing = figure["svg"]
    assert drawing.startswith("<svg") and drawing.count("<polyline") == len({s.day for s in planned.stops.all()})
    for number in range(1, planned.stops.count() + 1):
        assert f">{number}</text>" in drawing
    assert figure["schematic"] and "示意图" in figure["caption"]
    first = min(planned.stops.select_related("project"), key=lambda s: (s.day, s.order))
    assert figure["legend"].startswith(f"1 {first.project}")


def test_uploading_a_boundary_replaces_the_schematic_and_is_audited(client, w):
    client.force_login(w.organiser)
    upload = io.BytesIO(_geojson().encode())
    upload.name = "yancheng.geojson"
    response = client.post(reverse("boundary_list"), {
        "title": "测试市行政区域界线", "approval_number": "苏S(2023)012号", "source": "测试市自然资源和规划局",
        "coordinate_system": "CGCS2000", "file": upload}, follow=True)
    assert "已启用" in response.content.decode()
    boundary = Boundary.current()
    assert boundary.features == 1 and (boundary.min_longitude, boundary.max_latitude) == (119.9, 33.6)
    assert ObjectChange.objects.filter(action="create", content_type__model="boundary").count() == 1
    map_page, payload = _payload(client, w.organiser)
    assert payload["schematic"] is False and payload["areas"] == boundary.geojson
    html = map_page.content.decode()
    assert "审图号：苏S(2023)012号" in html and "测试市自然资源和规划局" in html
    assert 'data-testid="schematic"' not in html
    second = io.BytesIO(_geojson(name="第二版").encode())
    second.name = "v2.json"
    client.post(reverse("boundary_list"), {"title": "第二版", "approval_number": "苏S(2024)001号",
                                           "source": "测试单位", "file": second})
    assert Boundary.current().title == "第二版" and Boundary.objects.filter(active=False).count() == 1


@pytest.mark.parametrize("content, name, fields, message", [
    (_geojson(), "b.geojson", {"approval_number": "2023年第12号"}, "审图号格式"),
    (b"\x89PNG\r\n", "b.geojson", {}, "UTF-8"),
    (b"{not json", "b.geojson", {}, "不是有效的 GeoJSON"),
    (json.dumps({"type": "Point", "coordinates": [120, 33]}).encode(), "b.geojson", {}, "不是面"),
    (_geojson([[13376000, 3946000], [13430000, 3946000], [13430000, 3990000], [13376000, 3946000]]).encode(),
     "b.geojson", {}, "投影坐标"),
    (b"PK\x03\x04broken", "b.zip", {}, "ZIP"),
    (_geojson().encode(), "b.kml", {}, "GeoJSON（.geojson/.json）或打包为 .zip 的 Shapefile"),
])
def test_a_refused_boundary_says_why_and_writes_nothing(client, w, content, name, fields, message):
    client.force_login(w.organiser)
    upload = io.BytesIO(content if isinstance(content, bytes) else content.encode())
    upload.name = name
    data = {"title": "测试", "approval_number": "苏S(2023)012号", "source": "测试单位", "file": upload, **fields}
    response = client.post(reverse("boundary_list"), data, follow=True)
    assert message in response.content.decode()
    assert not Boundary.objects.exists() and not ObjectChange.objects.filter(content_type__model="boundary").exists()


def test_only_the_organiser_uploads(client, w):
    client.force_login(w.tinghu_reporter)
    assert client.get(reverse("boundary_list")).status_code == 200  # reads which boundary is in use
    upload = io.BytesIO(_geojson().encode())
    upload.name = "b.geojson"
    response = client.post(reverse("boundary_list"), {"title": "x", "approval_number": "苏S(2023)012号",
                                                      "source": "x", "file": upload})
    assert response.status_code == 403 and not Boundary.objects.exists()


def test_a_zipped_shapefile_and_a_gcj02_boundary_are_read_and_converted(client, w):
    gcj_ring = [list(reversed(eviltransform.wgs2gcj(lat, lon))) for lon, lat in SQUARE]
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON, encoding="utf-8") as writer:
        writer.field("name", "C")
        writer.poly([gcj_ring])
        writer.record("测试市")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        for ext, part in (("shp", shp), ("shx", shx), ("dbf", dbf)):
            bundle.writestr(f"city.{ext}", part.getvalue())
    archive.seek(0)
    archive.name = "city.zip"
    client.force_login(w.organiser)
    client.post(reverse("boundary_list"), {"title": "测试", "approval_number": "GS(2024)1234号", "source": "测试单位",
                                           "coordinate_system": "GCJ02", "file": archive})
    boundary = Boundary.current()
    assert boundary is not None and boundary.coordinate_system == "GCJ02"
    assert boundary.geojson["features"][0]["properties"]["name"] == "测试市"
    assert boundary.min_longitude == pytest.approx(119.9, abs=1e-5)
    assert boundary.max_latitude == pytest.approx(33.6, abs=1e-5)


def test_the_map_and_boundary_pages_are_in_the_menu_for_every_reader(client, w):
    client.force_login(w.viewer)
    home = client.get("/").content.decode()
    assert reverse("project_map") in home
    from yuanqu.projects.models import Project

    Project.objects.update(latitude=None, longitude=None)  # no seat and no position: nothing to draw yet
    response = client.get(reverse("project_map"))
    html = response.content.decode()
    assert 'data-testid="map-empty"' in html and "驻地经纬度" in html and "亭湖区、盐都区" in html


def test_the_agenda_pdf_carries_the_tour_drawn_with_its_caption(client, w, planned):
    from pypdf import PdfReader

    client.force_login(w.organiser)
    response = client.get(reverse("meeting_agenda_pdf", args=[planned.pk]))
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "观摩路线（示意图）" in compact and "不是地图" in compact
    first = min(planned.stops.select_related("project"), key=lambda s: (s.day, s.order))
    assert f"1{first.project}" in compact  # the legend numbers the stops as the drawing does


def test_the_big_screen_draws_the_tour(client, w, planned):
    client.force_login(w.organiser)
    response = client.get(reverse("scoring_screen", args=[planned.pk]))
    html = response.content.decode()
    assert 'data-testid="screen-route"' in html and 'data-map="route-data"' in html
    assert response.context["route"]["routes"]
