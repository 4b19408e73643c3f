"""A district reporter can neither read nor write another district's records: web, API and export."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from tests.factories import CarrierFactory, ParkFactory, UserFactory, world
from yuanqu.core import services
from yuanqu.core.models import Role
from yuanqu.projects.models import Project


@pytest.fixture
def w(db):
    return world()


def test_reporter_project_list_and_export_hold_only_own_district(client, w):
    client.force_login(w.tinghu_reporter)
    page = client.get("/projects/").content.decode()
    assert "和阳电梯部件" in page and "盐都智能装备项目" not in page
    export = client.get("/projects/?export=xlsx")
    names = [row[0] for row in openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(
        min_row=2, values_only=True)]
    assert names == ["和阳电梯部件"]


@pytest.mark.parametrize("suffix", ["", "edit/", "delete/", "history/"])
def test_reporter_gets_404_on_other_district_pages(client, w, suffix):
    client.force_login(w.tinghu_reporter)
    assert client.get(f"/projects/{w.yandu_project.pk}/{suffix}").status_code == 404
    assert client.get(f"/projects/{w.tinghu_project.pk}/{suffix}").status_code == 200


def test_reporter_cannot_post_changes_to_other_district(client, w):
    client.force_login(w.tinghu_reporter)
    response = client.post(f"/projects/{w.yandu_project.pk}/delete/")
    assert response.status_code == 404
    assert Project.objects.filter(pk=w.yandu_project.pk).exists()


def test_api_hides_and_protects_other_district(w):
    api = APIClient()
    api.force_authenticate(w.tinghu_reporter)
    listed = api.get("/api/projects/").json()["results"]
    assert [p["name"] for p in listed] == ["和阳电梯部件"]
    assert api.get(f"/api/projects/{w.yandu_project.pk}/").status_code == 404
    assert api.patch(f"/api/projects/{w.yandu_project.pk}/", {"total_investment": 1}, format="json").status_code == 404
    assert api.delete(f"/api/projects/{w.yandu_project.pk}/").status_code == 404
    created = api.post("/api/projects/", {"name": "偷建项目", "region": w.yandu.pk, "total_investment": 10,
                                          "stage": "signed"}, format="json")
    assert created.status_code == 400  # 盐都区 is not even a valid choice for this reporter
    assert not Project.objects.filter(name="偷建项目").exists()


def test_reporter_cannot_move_own_project_to_other_district(w):
    with pytest.raises(PermissionDenied):
        services.object_update(user=w.tinghu_reporter, instance=w.tinghu_project,
                               data={"region": w.yandu, "park": None, "enterprise": None})
    w.tinghu_project.refresh_from_db()
    assert w.tinghu_project.region == w.tinghu


def test_other_district_carriers_are_hidden_too(client, w):
    own = CarrierFactory(park=ParkFactory(region=w.tinghu), name="亭湖厂房")
    other = CarrierFactory(park=ParkFactory(region=w.yandu), name="盐都厂房")
    client.force_login(w.tinghu_reporter)
    assert client.get(f"/carriers/{own.pk}/").status_code == 200
    assert client.get(f"/carriers/{other.pk}/").status_code == 404
    assert "盐都厂房" not in client.get("/carriers/").content.decode()


def test_viewer_reads_everything_and_writes_nothing(client, w):
    client.force_login(w.viewer)
    assert client.get(f"/projects/{w.yandu_project.pk}/").status_code == 200
    assert client.get(f"/projects/{w.yandu_project.pk}/edit/").status_code == 403
    api = APIClient()
    api.force_authenticate(w.viewer)
    assert api.patch(f"/api/projects/{w.yandu_project.pk}/", {"total_investment": 1}, format="json").status_code == 403


def test_rater_sees_no_registry(client, w):
    rater = UserFactory(role=Role.RATER)
    client.force_login(rater)
    # every registry page answers the same 403 page, for any record or none: a rater learns nothing about records
    for path in (f"/projects/{w.tinghu_project.pk}/", "/projects/999999/", "/projects/", "/projects/add/"):
        page = client.get(path)
        assert page.status_code == 403 and "观摩评分人账号" in page.content.decode(), path
    api = APIClient()
    api.force_authenticate(rater)
    assert api.get("/api/projects/").status_code == 403


def test_only_the_organiser_changes_reference_data(w):
    api = APIClient()
    api.force_authenticate(w.tinghu_reporter)
    assert api.post("/api/industries/", {"code": "341", "name": "锅炉及原动设备制造"}, format="json").status_code in (
        400, 403)
    api.force_authenticate(w.organiser)
    assert api.post("/api/industries/", {"code": "341", "name": "锅炉及原动设备制造"}, format="json").status_code == 201


def test_the_add_page_is_refused_up_front_to_who_may_not_add(client, w):
    # a viewer adds nothing; a reporter adds district records but not city-level reference data (industries)
    client.force_login(w.viewer)
    assert client.get("/projects/add/").status_code == 403
    client.force_login(w.tinghu_reporter)
    assert client.get("/industries/add/").status_code == 403
    assert client.post("/industries/add/", {"code": "341", "name": "锅炉及原动设备制造"}).status_code == 403
    assert client.get("/projects/add/").status_code == 200
    client.force_login(w.organiser)
    assert client.get("/industries/add/").status_code == 200


@pytest.mark.parametrize("name", ["industry_chains", "industry_grading_scheme", "peers", "supervision_dashboard",
                                  "project_list"])
def test_every_platform_page_answers_a_rater_with_the_same_page(client, w, name):
    from django.urls import reverse

    client.force_login(UserFactory(role=Role.RATER))
    page = client.get(reverse(name))
    assert page.status_code == 403 and "观摩评分人账号" in page.content.decode()


def test_require_passes_the_organiser_and_the_system_only(w):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from yuanqu.core.access import require

    require(w.organiser, "supervision.manage")
    require(None, "supervision.manage")  # the system itself
    for user in (w.tinghu_reporter, w.viewer, AnonymousUser()):
        with pytest.raises(PermissionDenied, match="只有市项目办"):
            require(user, "supervision.manage", "只有市项目办可以锁定或解锁月份。")
