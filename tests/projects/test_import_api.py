"""POST /api/import/projects/ (and reports): the import page's all-or-nothing import for a script."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.factories import world
from tests.projects.conftest import counts, project_row, xlsx

pytestmark = pytest.mark.django_db


def post(user, content: bytes, *, query: str = "", kind: str = "projects"):
    api = APIClient()
    api.force_authenticate(user)
    upload = SimpleUploadedFile("项目.xlsx", content)
    return api.post(f"/api/import/{kind}/{query}", {"file": upload}, format="multipart")


def test_a_good_file_is_imported_and_counted():
    w = world()
    dry = post(w.tinghu_reporter, xlsx([project_row(项目名称="接口导入项目")]), query="?dry_run=1")
    assert dry.status_code == 200 and dry.json()["dry_run"] is True and dry.json()["created"] == 1
    before = counts()
    done = post(w.tinghu_reporter, xlsx([project_row(项目名称="接口导入项目")]))
    assert done.status_code == 200 and done.json()["created"] == 1 and done.json()["dry_run"] is False
    assert counts() != before
    again = post(w.tinghu_reporter, xlsx([project_row(项目名称="接口导入项目")])).json()
    assert again["created"] == 0 and again["unchanged"] == 1


def test_a_file_with_a_problem_writes_nothing_and_names_row_and_column():
    w = world()
    before = counts()
    refused = post(w.tinghu_reporter, xlsx([project_row(项目名称="A"), project_row(项目名称="B", 当前阶段="开挖")]))
    assert refused.status_code == 400 and counts() == before
    [problem] = refused.json()["problems"]
    assert (problem["row"], problem["column"]) == (3, "L") and "开挖" in problem["message"]
    assert "未写入任何数据" in refused.json()["detail"]


def test_no_file_an_unknown_kind_and_a_reader_are_refused():
    w = world()
    api = APIClient()
    api.force_authenticate(w.tinghu_reporter)
    assert list(api.post("/api/import/projects/", {}, format="multipart").json()) == ["file"]
    assert post(w.tinghu_reporter, b"x", kind="enterprises").status_code == 404
    assert post(w.viewer, xlsx([project_row()])).status_code == 403
