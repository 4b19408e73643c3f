"""The API's conventions (as NetBox and GitHub have them): related records as brief objects and written by id,
filters by code and name for every related record, an unknown parameter refused naming it, `?brief=` and
`?fields=`, error bodies `{field: [messages]}` in the request's language, `/api/` listing every endpoint, and an
example valid against the schema for every operation."""

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.factories import ProjectFactory, world
from yuanqu.core import access_map
from yuanqu.core.api import ScopedModelViewSet
from yuanqu.meetings import services as meeting_services
from yuanqu.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def client_of(user, language="zh-hans") -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    api.force_authenticate(user)
    return api


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_related_record_reads_as_a_brief_object_whose_url_works(w):
    api = client_of(w.organiser)
    project = api.get(f"/api/projects/{w.tinghu_project.pk}/").json()
    region = project["region"]
    assert region == {"id": w.tinghu.pk, "url": f"http://testserver/api/regions/{w.tinghu.pk}/", "code": "320902",
                      "name": "亭湖区", "display": "亭湖区"}
    assert api.get(region["url"]).json()["code"] == "320902"


def test_a_related_record_is_written_by_id_or_by_an_object_with_its_id(w):
    api = client_of(w.organiser)
    body = {"name": "亭湖写入测试项目", "total_investment": "1000", "stage": "signed"}
    by_id = api.post("/api/projects/", {**body, "region": w.tinghu.pk}, format="json")
    assert by_id.status_code == 201 and by_id.json()["region"]["code"] == "320902"
    by_object = api.post("/api/projects/", {**body, "name": "亭湖写入测试项目二", "region": {"id": w.yandu.pk}},
                         format="json")
    assert by_object.status_code == 201 and by_object.json()["region"]["name"] == "盐都区"
    bad = api.post("/api/projects/", {**body, "name": "第三个", "region": {"code": "320902"}}, format="json")
    assert bad.status_code == 400 and "id" in bad.json()["region"][0]


def test_lists_filter_by_a_related_record_s_code_and_name(w):
    ProjectFactory(name="亭湖第二个项目", region=w.tinghu)
    api = client_of(w.organiser)
    tinghu = {r["name"] for r in rows(api.get("/api/projects/?region__code=320902"))}
    assert tinghu == set(Project.objects.filter(region=w.tinghu).values_list("name", flat=True)) and len(tinghu) == 2
    both = rows(api.get("/api/projects/?region__code=320902,320903"))
    assert len(both) == Project.objects.count()
    assert {r["region"]["name"] for r in rows(api.get("/api/projects/?region__name=盐都区"))} == {"盐都区"}
    reports = api.get("/api/reports/?region__code=320903")
    assert all(r["project"]["id"] == w.yandu_project.pk for r in rows(reports))
    meeting = meeting_services.meeting_create(user=w.organiser, data={
        "round": 9, "title": "第9次", "start_date": "2026-12-10", "end_date": "2026-12-10",
        "visited_regions": [w.tinghu, w.yandu]})
    meetings = rows(api.get("/api/meetings/?visited_regions__code=320902,320903"))
    assert [m["id"] for m in meetings] == [meeting.pk]  # once, though it visits both


def test_a_reporter_s_code_filter_reaches_only_its_own_district(w):
    api = client_of(w.tinghu_reporter)
    assert rows(api.get("/api/projects/?region__code=320903")) == []


def test_an_unknown_or_invalid_filter_is_refused_naming_it(w):
    api = client_of(w.organiser)
    unknown = api.get("/api/projects/?region__cod=320902")
    assert unknown.status_code == 400
    assert list(unknown.json()) == ["region__cod"] and "region__code" in unknown.json()["region__cod"][0]
    invalid = api.get("/api/projects/?region=abc")
    assert invalid.status_code == 400 and list(invalid.json()) == ["region"]
    assert api.get("/api/projects/?page=1&ordering=name&brief=1&fields=id").status_code == 200


def test_brief_and_fields_choose_what_comes_back(w):
    api = client_of(w.organiser)
    brief = rows(api.get("/api/projects/?brief=1"))
    assert brief and all(set(r) == {"id", "url", "code", "name", "display"} for r in brief)
    assert set(api.get(f"/api/regions/{w.tinghu.pk}/?brief=true").json()) == {"id", "url", "code", "name", "display"}
    chosen = rows(api.get("/api/projects/?fields=id,name,region"))
    assert chosen and all(set(r) == {"id", "name", "region"} for r in chosen)
    unknown = api.get("/api/projects/?fields=id,nom")
    assert unknown.status_code == 400 and "nom" in unknown.json()["fields"][0]


def test_nested_objects_cost_no_query_per_row(w):
    api = client_of(w.organiser)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/projects/").status_code == 200
        return len(captured)

    few = queries()
    for index in range(8):
        ProjectFactory(name=f"查询计数项目{index}", region=w.tinghu)
    assert queries() == few


def test_error_bodies_name_the_field_in_the_request_s_language(w):
    body = {"name": "负数投资", "region": w.tinghu.pk, "total_investment": "-5", "stage": "signed"}
    chinese = client_of(w.organiser).post("/api/projects/", body, format="json").json()
    english = client_of(w.organiser, "en").post("/api/projects/", body, format="json").json()
    assert list(chinese) == ["total_investment"] and list(english) == ["total_investment"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese["total_investment"][0])
    assert english["total_investment"][0].isascii()
    missing = client_of(w.organiser).get("/api/projects/999999/")
    assert missing.status_code == 404 and set(missing.json()) == {"detail"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in missing.json()["detail"])
    refused = client_of(w.viewer).post("/api/projects/", body, format="json")
    assert refused.status_code == 403 and any("\u4e00" <= ch <= "\u9fff" for ch in refused.json()["detail"])


def test_the_index_lists_every_endpoint(w):
    index = client_of(w.viewer).get("/api/").json()
    listed = {e["path"] for e in index["endpoints"]}
    routes = {"/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.route)
              for r in access_map.routes() if r.is_api and r.name != "api-index"}
    assert len(routes) > 40 and listed == routes
    assert all(e["title"] and e["title"] != e["name"] for e in index["endpoints"]), "an endpoint without a title"
    assert APIClient().get("/api/").status_code == 401


def _json_schema(node):
    """OpenAPI 3.0's `nullable` as JSON Schema's null type, so jsonschema reads the document."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def test_every_operation_has_an_example_valid_against_its_schema():
    document = json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))
    components = _json_schema(document["components"])
    missing, invalid, checked = [], [], 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            bodies = [("request", ct, m) for ct, m in operation.get("requestBody", {}).get("content", {}).items()]
            bodies += [(code, ct, m) for code, answer in operation["responses"].items() if code.startswith("2")
                       for ct, m in answer.get("content", {}).items()]
            if not bodies and set(operation["responses"]) != {"204"}:  # a deletion answers 204, with nothing
                missing.append(f"{method.upper()} {path}: no body or answer described")
            for where, content_type, media in bodies:
                if "example" not in media:
                    missing.append(f"{method.upper()} {path} {where} {content_type}")
                    continue
                schema = {**_json_schema(copy.deepcopy(media["schema"])), "components": components}
                errors = list(jsonschema.Draft7Validator(schema).iter_errors(media["example"]))
                checked += 1
                if errors:
                    invalid.append(f"{method.upper()} {path} {where}: {errors[0].message[:200]}")
    assert checked > 100
    assert not missing and not invalid, "\n".join(missing + invalid)


def test_the_guide_s_queries_are_answered(w):
    """docs/guide/api.md's list calls, as written there: none is refused."""
    guide = Path(__file__).parents[2] / "docs" / "guide" / "api.md"
    queries = re.findall(r'"\$BASE(/api/[^"\s]+\?[^"\s]+)"', guide.read_text(encoding="utf-8"))
    queries = [q for q in queries if "import" not in q]
    assert queries, "the guide shows no list query"
    api = client_of(w.organiser)
    for query in [*queries, "/api/lights/?color=red&brief=1",
                  "/api/projects/?region__code=320902,320903&ordering=-total_investment"]:
        assert api.get(query).status_code == 200, query


def _list_routes():
    """Every list of a scoped viewset: (route, viewset class)."""
    for route in access_map.routes():
        actions = getattr(route.pattern.callback, "actions", None) or {}
        cls = getattr(route.pattern.callback, "cls", None)
        if route.is_api and actions.get("get") == "list" and issubclass(cls, ScopedModelViewSet):
            yield route.route, cls


def test_no_list_costs_a_query_per_row(monkeypatch):
    """Each list once with all the access world's rows and once narrowed to its first row: the same queries."""
    from tests.core import access_world

    world_ = access_world.build()
    api = client_of(world_.users["organiser"])
    wrong, several = [], []
    for route, cls in _list_routes():
        url = "/" + route
        with CaptureQueriesContext(connection) as many:
            response = api.get(url)
        assert response.status_code == 200, url
        if response.json()["count"] < 2:
            continue
        first = response.json()["results"][0]["id"]
        original = cls.get_queryset
        monkeypatch.setattr(cls, "get_queryset", lambda self, original=original, first=first: original(self).filter(
            pk=first))
        with CaptureQueriesContext(connection) as one:
            assert api.get(url).json()["count"] == 1
        monkeypatch.setattr(cls, "get_queryset", original)
        several.append(url)
        if len(one) != len(many):
            wrong.append(f"{url}: {len(one)} queries for 1 row, {len(many)} for several")
    assert not wrong, "\n".join(wrong)
    assert {"/api/projects/", "/api/reports/", "/api/tasks/", "/api/lights/"} <= set(several)


def test_the_browsable_api_renders_the_related_choices(w):
    # its forms key the drop-downs by the field's value: the id, not the brief object (unhashable)
    page = client_of(w.organiser).get(f"/api/projects/{w.tinghu_project.pk}/", {"format": "api"},
                                      HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and f'<option value="{w.tinghu.pk}"' in page.content.decode()


def test_a_bare_refusal_is_under_non_field_errors_and_brief_must_be_yes_or_no(w):
    from rest_framework import exceptions

    from yuanqu.core.api import exception_handler

    bare = exception_handler(exceptions.ValidationError(["整体错误。"]), {})
    assert bare.data == {"non_field_errors": ["整体错误。"]}
    wrong = client_of(w.organiser).get("/api/projects/?brief=maybe")
    assert wrong.status_code == 400 and list(wrong.json()) == ["brief"]
    bad_id = client_of(w.organiser).post("/api/projects/", {"name": "x", "region": True, "total_investment": "1",
                                                            "stage": "signed"}, format="json")
    assert bad_id.status_code == 400 and list(bad_id.json()) == ["region"]


def test_a_month_the_filter_cannot_read_is_refused_naming_it(w):
    api = client_of(w.organiser)
    for url in ("/api/reports/?month=2025-13", "/api/lights/?month=三月"):
        answer = api.get(url)
        assert answer.status_code == 400 and list(answer.json()) == ["month"], url
    assert api.get("/api/reports/?month=2025-03").status_code == 200
