"""Every region code entered (form, API, service) is checked against the official list."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import world
from yuanqu.places.forms import RegionForm
from yuanqu.places.models import Region, RegionChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def _form(w, **data):
    values = {"code": "320904", "name": "大丰区", "level": "district", "parent": w.city.pk, "group": ""}
    return RegionForm(data={**values, **data}, user=w.organiser)


def test_a_code_on_the_list_is_accepted(w):
    assert _form(w).is_valid()


def test_a_made_up_code_is_refused_naming_it(w):
    form = _form(w, code="320999")
    assert not form.is_valid()
    assert form.errors["code"] == ["行政区划代码 320999 不在民政部2024年县级以上行政区划代码中。"]


def test_a_retired_code_names_its_successor(w):
    form = _form(w, code="320982", name="大丰市", level="county")
    assert not form.is_valid()
    assert form.errors["code"] == ["行政区划代码 320982（大丰市）已于2015年撤销，请改用 320904 大丰区。"]


def test_a_functional_zone_is_accepted_as_a_zone_only(w):
    assert _form(w, code="320971", name="盐城经济技术开发区", level="zone").is_valid()
    form = _form(w, code="320971", name="盐城经济技术开发区", level="district")
    assert not form.is_valid() and "功能区" in form.errors["level"][0]


def test_a_new_code_an_organiser_recorded_is_accepted(w):
    assert not _form(w, code="500157", name="两江新区").is_valid()
    RegionChange.objects.create(old_code="500105", new_codes="500157", new_name="两江新区",
                                date="2025-11-06", kind="merged")
    assert _form(w, code="500157", name="两江新区").is_valid()


def test_the_api_refuses_a_made_up_code(w):
    api = APIClient()
    api.force_authenticate(w.organiser)
    response = api.post("/api/regions/", {"code": "329999", "name": "测试区", "level": "district"}, format="json")
    assert response.status_code == 400
    assert "329999 不在民政部2024年县级以上行政区划代码中" in response.content.decode()
    assert api.post("/api/regions/", {"code": "320904", "name": "大丰区", "level": "district",
                                      "parent": w.city.pk}, format="json").status_code == 201
    assert not Region.objects.filter(code="329999").exists()


def test_the_add_page_refuses_a_made_up_code(w, client):
    client.force_login(w.organiser)
    response = client.post(reverse("region_add"), {"code": "320999", "name": "测试区", "level": "district"})
    assert response.status_code in (200, 400)
    assert "320999 不在民政部2024年县级以上行政区划代码中" in response.content.decode()
    assert not Region.objects.filter(code="320999").exists()


def test_forms_offer_only_current_regions(w):
    from yuanqu.projects.forms import ProjectForm

    w.yandu.retired = "2026-01-01"
    w.yandu.save()
    choices = ProjectForm(user=w.organiser).fields["region"].queryset
    assert w.tinghu in choices and w.yandu not in choices


def test_the_api_refuses_a_retired_region_for_a_new_record(w):
    w.yandu.retired = "2026-01-01"
    w.yandu.save()
    api = APIClient()
    api.force_authenticate(w.organiser)
    park = {"name": "新园区", "level": "municipal"}
    assert api.post("/api/parks/", {**park, "region": w.yandu.pk}, format="json").status_code == 400
    assert api.post("/api/parks/", {**park, "region": w.tinghu.pk}, format="json").status_code == 201
    region = api.get(f"/api/regions/{w.yandu.pk}/").json()
    assert region["retired"] == "2026-01-01"
