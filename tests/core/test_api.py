import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD, ProjectFactory, world


@pytest.mark.django_db
def test_token_login_then_filtered_paginated_list():
    w = world()
    for i in range(60):
        ProjectFactory(name=f"批量项目{i}", region=w.tinghu, total_investment=1000 + i)
    api = APIClient()
    assert api.post("/api/auth/token/", {"username": "tinghu", "password": "wrong"}, format="json").status_code == 400
    token = api.post("/api/auth/token/", {"username": "tinghu", "password": PASSWORD}, format="json").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    page = api.get("/api/projects/").json()
    assert page["count"] == 61 and len(page["results"]) == 50 and page["next"]
    filtered = api.get("/api/projects/", {"min_investment": 1055, "ordering": "-total_investment"}).json()
    assert [p["name"] for p in filtered["results"]] == ["和阳电梯部件"] + [f"批量项目{i}" for i in range(59, 54, -1)]


@pytest.mark.django_db
def test_unauthenticated_api_is_refused_and_schema_is_served_offline(client):
    assert APIClient().get("/api/projects/").status_code in (401, 403)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/projects/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower()


@pytest.mark.django_db
def test_ids_beyond_any_database_integer_are_no_record_not_a_server_error(client):
    # found by the API fuzzing (tests/core/test_api_fuzz.py): SQLite raised OverflowError, PostgreSQL "out of range"
    w = world()
    api = APIClient()
    api.force_authenticate(w.organiser)
    huge = "9" * 25
    assert api.get("/api/parks/", {"region": huge}).status_code == 400
    assert api.get("/api/meetings/", {"visited_regions": huge}).status_code == 400
    assert api.get(f"/api/parks/{huge}/").status_code == 404
    client.force_login(w.organiser)
    assert client.get("/projects/", {"region": huge}).status_code == 200  # the page says the filter is wrong
