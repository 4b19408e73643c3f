"""Carrier.status is computed from its construction and occupied area, never stored: the database's rule
(with_status) and the instance's (carrier_status) agree, and the list, filter, sort, export and API follow a change
of the occupied area with nothing else written."""

import io
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.factories import CarrierFactory, ParkFactory, world
from yuanqu.core import services
from yuanqu.places.models import Carrier, CarrierConstruction, CarrierStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def test_the_database_and_the_instance_apply_the_same_rule(w):
    park = ParkFactory(region=w.tinghu)
    floor = Decimal(20000)
    occupied = [Decimal(0), Decimal("0.01"), Decimal(5000), floor]
    expected = {}
    for n, (construction, area) in enumerate(itertools.product(CarrierConstruction.values, occupied)):
        carrier = CarrierFactory(park=park, name=f"厂房{n}", construction=construction, occupied_area=area)
        if construction != CarrierConstruction.COMPLETED:
            expected[carrier.pk] = construction
        else:
            expected[carrier.pk] = "available" if area == 0 else "full" if area == floor else "partly_occupied"
    carriers = Carrier.objects.with_status().filter(pk__in=expected)
    for status in CarrierStatus.values:
        in_database = set(carriers.filter(status=status).values_list("pk", flat=True))
        assert in_database == {pk for pk, s in expected.items() if s == status}, status
    assert {c.pk: c.status for c in carriers} == expected
    # a plot with no area yet is not "full"
    assert CarrierFactory(park=park, floor_area=0, occupied_area=0, construction="completed").status == "available"


def test_status_follows_the_occupied_area_in_list_filter_sort_export_and_api(client, w):
    park = ParkFactory(region=w.tinghu)
    filling = CarrierFactory(park=park, name="一号厂房", construction=CarrierConstruction.COMPLETED, occupied_area=0)
    CarrierFactory(park=park, name="二号厂房", construction=CarrierConstruction.COMPLETED, occupied_area=20000)
    CarrierFactory(park=park, name="三号厂房", construction=CarrierConstruction.UNDER_CONSTRUCTION)
    client.force_login(w.tinghu_reporter)
    url = reverse("carrier_list")
    assert "一号厂房" in client.get(url + "?status=available").content.decode()
    services.object_update(user=w.organiser, instance=filling, data={"occupied_area": Decimal(20000)})
    full = client.get(url + "?status=full").content.decode()
    assert "一号厂房" in full and "二号厂房" in full and "三号厂房" not in full
    assert "一号厂房" not in client.get(url + "?status=available").content.decode()
    export = client.get(url + "?sort=status&export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    header = [c.value for c in sheet[1]]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    name, status = header.index("载体名称"), header.index("状态")
    expected = [("一号厂房", "已满租"), ("二号厂房", "已满租"), ("三号厂房", "在建")]
    assert [(r[name], r[status]) for r in rows] == expected
    detail = client.get(reverse("carrier_detail", args=[filling.pk])).content.decode()
    assert "已满租" in detail and "已建成" in detail
    api = APIClient()
    api.force_authenticate(w.tinghu_reporter)
    body = api.get("/api/carriers/?status=full").json()
    items = body["results"] if isinstance(body, dict) else body
    assert {c["name"]: (c["status"], c["construction"]) for c in items} == {
        "一号厂房": ("full", "completed"), "二号厂房": ("full", "completed")
    }


def test_status_cannot_be_written_and_construction_can(w):
    carrier = CarrierFactory(park=ParkFactory(region=w.tinghu), construction=CarrierConstruction.UNDER_CONSTRUCTION)
    api = APIClient()
    api.force_authenticate(w.organiser)
    response = api.patch(f"/api/carriers/{carrier.pk}/", {"status": "full"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "under_construction"
    response = api.patch(f"/api/carriers/{carrier.pk}/", {"construction": "completed"}, format="json")
    assert response.json()["status"] == "partly_occupied"  # the factory's 5,000 of 20,000 m²


def test_admin_filters_and_sorts_on_the_computed_status(w, admin_client):
    park = ParkFactory(region=w.tinghu)
    CarrierFactory(park=park, name="满租厂房", construction="completed", occupied_area=20000)
    CarrierFactory(park=park, name="规划厂房")
    page = admin_client.get("/admin/places/carrier/?status=full&o=7").content.decode()
    assert "满租厂房" in page and "规划厂房" not in page
