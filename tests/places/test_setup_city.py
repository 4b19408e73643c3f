"""`yuanqu setup-city CODE` and its service: a city, province or county from the official list."""

import collections
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.factories import UserFactory
from yuanqu.core.models import ObjectChange, Role
from yuanqu.places import divisions
from yuanqu.places.models import Region
from yuanqu.places.services import region_setup

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("setup_city", *args, stdout=out)
    return out.getvalue()


def _levels(prefix: str) -> collections.Counter:
    return collections.Counter(Region.objects.filter(code__startswith=prefix).values_list("level", flat=True))


def test_shenzhen_is_built_as_the_list_has_it():
    out = _run("440300")
    assert out.strip().endswith("新增 11，更新 0，未变 0，与名单不同未改 0")  # 广东省, 深圳市 and its 9 districts
    assert _levels("4403") == {"city": 1, "district": 9}
    assert collections.Counter(d.level for d in divisions.tree("440300")) == _levels("4403")
    futian = Region.objects.get(code="440304")
    assert (futian.name, futian.parent.code, futian.parent.parent.code) == ("福田区", "440300", "440000")
    assert ObjectChange.objects.filter(action="create", content_type__model="region").count() == 11


def test_sichuan_province_prefectures_and_counties():
    _run("510000")
    tree = divisions.tree("510000")
    assert Region.objects.filter(code__startswith="51").count() == len(tree) == 205
    assert _levels("51") == collections.Counter(d.level for d in tree) == {
        "province": 1, "city": 21, "district": 55, "county": 128}
    for region in Region.objects.filter(code__startswith="51").select_related("parent"):
        assert (region.parent.code if region.parent else "") == divisions.get(region.code).parent
        assert region.name == divisions.get(region.code).name


def test_a_second_run_changes_nothing():
    _run("440300")
    logged = ObjectChange.objects.count()
    assert _run("440300").strip().endswith("新增 0，更新 0，未变 11，与名单不同未改 0")
    assert ObjectChange.objects.count() == logged


def test_dry_run_writes_nothing():
    out = _run("440300", "--dry-run")
    assert "试运行" in out and "新增 11" in out
    assert not Region.objects.exists() and not ObjectChange.objects.exists()


def test_a_single_county_brings_its_province_and_city():
    _run("320981")
    assert list(Region.objects.values_list("code", flat=True)) == ["320000", "320900", "320981"]


def test_differences_are_reported_and_corrected_only_with_the_flag():
    province = Region.objects.create(code="440000", name="广东省", level="province")
    Region.objects.create(code="440300", name="深圳", level="city", parent=province)
    out = _run("440300")
    assert "与名单不同" in out and "name 深圳 → 深圳市" in out
    assert Region.objects.get(code="440300").name == "深圳"
    assert _run("440300", "--correct").strip().endswith("新增 0，更新 1，未变 10，与名单不同未改 0")
    assert Region.objects.get(code="440300").name == "深圳市"


def test_codes_not_on_the_list_are_refused():
    with pytest.raises(CommandError, match="320999 不在民政部2024年县级以上行政区划代码中"):
        _run("320999")
    with pytest.raises(CommandError, match="320982（大丰市）已于2015年撤销，请改用 320904 大丰区"):
        _run("320982")
    assert not Region.objects.exists()


def test_only_an_organiser_may_set_up_a_city():
    reporter = UserFactory(username="r", role=Role.REPORTER)
    with pytest.raises(PermissionDenied):
        region_setup(user=reporter, code="440300")
    with pytest.raises(ValidationError):
        region_setup(user=UserFactory(username="o", role=Role.ORGANISER), code="12345")


def test_the_first_run_page_previews_then_builds(client):
    organiser = UserFactory(username="o", role=Role.ORGANISER)
    client.force_login(organiser)
    home = client.get("/").content.decode()
    assert 'data-testid="first-run"' in home and reverse("region_setup") in home
    preview = client.get(reverse("region_setup"), {"code": "440300"}).content.decode()
    assert "福田区" in preview and "新增 11，更新 0，未变 0" in preview
    assert not Region.objects.exists()  # a preview writes nothing
    response = client.post(reverse("region_setup"), {"code": "440300"})
    assert response.status_code == 302 and response.url == reverse("region_list")
    assert Region.objects.filter(code__startswith="4403").count() == 10
    assert 'data-testid="first-run"' not in client.get("/").content.decode()


def test_the_first_run_page_explains_a_wrong_code(client):
    client.force_login(UserFactory(username="o", role=Role.ORGANISER))
    page = client.get(reverse("region_setup"), {"code": "320999"}, follow=True).content.decode()
    assert "320999 不在民政部2024年县级以上行政区划代码中" in page
    assert client.post(reverse("region_setup"), {"code": "320999"}).status_code == 302
    assert not Region.objects.exists()


def test_the_first_run_page_is_the_organiser_s(client):
    client.force_login(UserFactory(username="r", role=Role.REPORTER))
    assert client.get(reverse("region_setup")).status_code == 403
    assert client.post(reverse("region_setup"), {"code": "440300"}).status_code == 403
    assert not Region.objects.exists()
