"""Coordinates: GCJ-02/BD-09 conversions (checked against eviltransform), the national extent, the boundary check."""

import json
from decimal import Decimal

import eviltransform
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import ProjectFactory, UserFactory, world
from yuanqu.core.models import Role
from yuanqu.places import geo
from yuanqu.places.services import boundary_upload
from yuanqu.projects.forms import ProjectForm

china_lat = st.floats(min_value=18.0, max_value=53.0)
china_lon = st.floats(min_value=74.0, max_value=134.0)

# a square round 盐城's urban districts, made for these tests (not a real boundary)
SQUARE = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "测试边界"},
          "geometry": {"type": "Polygon", "coordinates": [[[119.9, 33.2], [120.5, 33.2], [120.5, 33.6],
                                                           [119.9, 33.6], [119.9, 33.2]]]}}]}


@settings(max_examples=200, deadline=None)
@given(china_lat, china_lon)
def test_wgs_to_gcj_agrees_with_eviltransform(lat, lon):
    ours = geo.wgs84_to_gcj02(lat, lon)
    theirs = eviltransform.wgs2gcj(lat, lon)
    # eviltransform takes the WGS-84 radius (6378137 m) where the published algorithm takes Krasovsky's (6378245 m):
    # the two agree to about 1 cm
    assert ours == pytest.approx(theirs, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(china_lat, china_lon)
def test_gcj_to_wgs_is_the_exact_inverse(lat, lon):
    gcj = eviltransform.wgs2gcj(lat, lon)
    assert geo.gcj02_to_wgs84(*geo.wgs84_to_gcj02(lat, lon)) == pytest.approx((lat, lon), abs=1e-8)  # ≈ 1 mm
    assert geo.gcj02_to_wgs84(*gcj) == pytest.approx((lat, lon), abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(china_lat, china_lon)
def test_bd_to_gcj_agrees_with_eviltransform(lat, lon):
    assert geo.bd09_to_gcj02(lat, lon) == pytest.approx(eviltransform.bd2gcj(lat, lon), abs=1e-9)


def test_the_offset_is_hundreds_of_metres_and_conversion_removes_it():
    lat, lon = 33.390000, 120.160000  # 亭湖区
    gcj = eviltransform.wgs2gcj(lat, lon)
    assert eviltransform.distance(lat, lon, *gcj) > 300
    stored = geo.to_stored(*gcj, geo.CoordinateSystem.GCJ02)
    assert stored == (Decimal("33.390000"), Decimal("120.160000"))


@pytest.mark.parametrize("text, expected", [
    ("", geo.CoordinateSystem.CGCS2000), ("GCJ-02", geo.CoordinateSystem.GCJ02), ("高德", geo.CoordinateSystem.GCJ02),
    ("百度", geo.CoordinateSystem.BD09), ("wgs84", geo.CoordinateSystem.WGS84), ("墨卡托", None)])
def test_systems_by_any_common_name(text, expected):
    assert geo.parse_system(text) == expected


@pytest.mark.django_db
def test_a_position_outside_china_or_swapped_is_refused_in_chinese():
    w = world()
    project = w.tinghu_project
    project.latitude, project.longitude = Decimal("120.16"), Decimal("33.39")  # swapped
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "不在中国境内" in str(error.value) and "经纬度填反" in str(error.value)
    project.latitude, project.longitude = Decimal("48.85"), Decimal("2.35")  # 巴黎
    with pytest.raises(ValidationError, match="不在中国境内"):
        project.full_clean()
    project.latitude, project.longitude = Decimal("33.39"), None
    with pytest.raises(ValidationError, match="同时填写"):
        project.full_clean()


@pytest.mark.django_db
def test_after_a_boundary_upload_positions_must_lie_in_it():
    w = world()
    far = ProjectFactory(region=w.tinghu, latitude=Decimal("32.05"), longitude=Decimal("118.78"))  # 南京
    result = boundary_upload(user=w.organiser, name="yc.geojson", content=json.dumps(SQUARE).encode(),
                             title="测试边界", approval_number="苏S(2023)012号", source="测试单位")
    assert "项目 1 个" in result.describe()  # the one already outside is reported, not moved
    with pytest.raises(ValidationError, match="不在本市边界"):
        far.full_clean()
    w.tinghu_project.full_clean()  # 33.39, 120.16 lies inside


@pytest.mark.django_db
def test_the_project_form_converts_amap_coordinates():
    w = world()
    lat, lon = eviltransform.wgs2gcj(33.395, 120.155)
    project = w.tinghu_project
    from django.forms.models import model_to_dict

    data = {k: v for k, v in model_to_dict(project).items() if v is not None}
    data.update(latitude=f"{lat:.6f}", longitude=f"{lon:.6f}", coordinate_system="GCJ02")
    form = ProjectForm(data, instance=project, user=UserFactory(role=Role.ORGANISER))
    assert form.is_valid(), form.errors
    saved = form.save()
    assert abs(float(saved.latitude) - 33.395) < 2e-6 and abs(float(saved.longitude) - 120.155) < 2e-6
