"""Background jobs (core.jobs) run by the real worker (`yuanqu worker --batch`, django-tasks' database backend):
a big import and a whole city's recompute leave the request, show their progress, their summary or exactly why
they failed, change nothing when they fail, and are seen only by their submitter and the organiser."""

import io
import json
import socket
import time

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from tests.factories import ProjectFactory, world
from tests.projects.conftest import project_row, xlsx
from yuanqu.core import jobs
from yuanqu.core.models import Job, JobStatus, ObjectChange
from yuanqu.projects.models import Project
from yuanqu.supervision.models import Light

pytestmark = pytest.mark.django_db(transaction=True)  # the queue is written when the submitting transaction commits


def _upload(client, user, data: bytes, name="项目.xlsx"):
    client.force_login(user)
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("project_import"), {"kind": "projects", "file": upload})


def _work() -> None:
    call_command("worker", batch=True, interval=0.1, stdout=io.StringIO())


@override_settings(YUANQU_JOB_UPLOAD_BYTES=0)
def test_a_big_import_runs_as_a_job_with_its_progress_and_summary(client):
    w = world()
    rows = [project_row(项目名称=f"后台导入项目{i}") for i in range(30)]
    response = _upload(client, w.tinghu_reporter, xlsx(rows))
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("job_detail", args=[job.pk])
    assert job.status == JobStatus.QUEUED and job.task_id and not Project.objects.filter(name__startswith="后台")
    page = client.get(response.url).content.decode()
    assert "排队中" in page and 'data-status="queued"' in page
    _work()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 1
    assert Project.objects.filter(name__startswith="后台导入项目", region=w.tinghu).count() == 30
    assert "新建30条" in job.summary and job.done == job.total > 0
    state = client.get(reverse("job_status", args=[job.pk])).json()
    assert state["status"] == "succeeded" and state["percent"] == 100
    assert any("读取文件" in line for line in state["log"])
    assert ObjectChange.objects.filter(content_type__model="job", object_id=str(job.pk)).count() == 2  # queued, ended


@override_settings(YUANQU_JOB_UPLOAD_BYTES=0)
def test_a_refused_import_job_says_where_writes_nothing_and_can_run_again(client):
    w = world()
    before = Project.objects.count()
    rows = [project_row(项目名称="好行"), project_row(项目名称="坏行", 当前阶段="飞天")]
    _upload(client, w.tinghu_reporter, xlsx(rows))
    _work()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and Project.objects.count() == before
    assert "第3行" in job.error and "当前阶段" in job.error and "未导入任何数据" in job.error
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "重新运行" in page and "第3行" in page
    client.post(reverse("job_detail", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    _work()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 2  # the same file, refused again


@override_settings(YUANQU_JOB_UPLOAD_BYTES=0)
def test_a_job_is_seen_only_by_its_submitter_and_the_organiser(client):
    w = world()
    _upload(client, w.tinghu_reporter, xlsx([project_row(项目名称="私有项目")]))
    job = Job.objects.get()
    for name in ("job_detail", "job_status", "job_result"):
        client.force_login(w.yandu_reporter)
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert job.title not in client.get(reverse("job_list")).content.decode()
    client.force_login(w.organiser)
    assert client.get(reverse("job_detail", args=[job.pk])).status_code == 200
    assert job.title in client.get(reverse("job_list")).content.decode()
    client.force_login(w.yandu_reporter)
    assert client.post(reverse("job_detail", args=[job.pk])).status_code == 404


@override_settings(YUANQU_JOB_RECOMPUTE_PROJECTS=0)
def test_a_whole_citys_recompute_runs_as_a_job(client):
    w = world()
    client.force_login(w.organiser)
    response = client.post(reverse("light_recompute"))
    job = Job.objects.get(kind="lights.recompute")
    assert response.url == reverse("job_detail", args=[job.pk]) and not Light.objects.exists()
    _work()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and Light.objects.count() == Project.objects.count() == job.total
    assert "已重新计算亮灯" in job.summary


def test_a_district_reporter_cannot_queue_a_recompute():
    w = world()
    with pytest.raises(PermissionDenied) as refused:
        jobs.submit(user=w.tinghu_reporter, kind="lights.recompute", title="x")
    assert "无权" in str(refused.value) and not Job.objects.exists()


def test_a_running_job_whose_worker_died_is_marked_failed_and_retryable(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = world()
    job = jobs.submit(user=w.organiser, kind="lights.recompute", title="重新计算亮灯：本月")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    jobs.live_dir().mkdir(parents=True, exist_ok=True)
    (jobs.live_dir() / f"{job.pk}.json").write_text(json.dumps(  # a pid no process has on this host
        {"done": 7, "total": 20, "log": ["开始"], "pid": 2**22 + 11, "host": socket.gethostname(),
         "beat": time.time()}), encoding="utf-8")
    assert [j.pk for j in jobs.recover_interrupted()] == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "意外中断" in job.error and job.done == 7 and job.retryable


def _sheet(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_a_big_export_is_written_by_the_worker_with_the_rows_the_list_shows(client):
    w = world()
    for i in range(5):
        ProjectFactory(name=f"导出项目{i}", region=w.tinghu)
    client.force_login(w.organiser)
    query = f"?region={w.tinghu.pk}&sort=name&export=xlsx"
    inline = client.get(reverse("project_list") + query)
    assert inline["Content-Type"].startswith("application/vnd.openxmlformats")
    with override_settings(YUANQU_EXPORT_ROWS_IN_REQUEST=2):
        response = client.get(reverse("project_list") + query)
    job = Job.objects.get(kind="core.export")
    assert response.status_code == 302 and response.url == reverse("job_detail", args=[job.pk])
    _work()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.done == job.total == 6  # 5 + the world's own 亭湖 project
    result = client.get(reverse("job_result", args=[job.pk]))
    exported = _sheet(b"".join(result.streaming_content))
    assert exported == _sheet(b"".join(inline.streaming_content) if inline.streaming else inline.content)
    assert len(exported) == 7 and exported[0][0] and {"导出项目0", "和阳电梯部件"} <= {c for r in exported for c in r}


def test_a_district_reporter_s_export_job_holds_only_their_district(client):
    w = world()
    ProjectFactory(name="盐都导出项目", region=w.yandu)
    client.force_login(w.tinghu_reporter)
    with override_settings(YUANQU_EXPORT_ROWS_IN_REQUEST=0):
        client.get(reverse("project_list") + "?export=xlsx")
    _work()
    job = Job.objects.get(kind="core.export")
    assert job.status == JobStatus.SUCCEEDED
    cells = {c for row in _sheet(job.result.read()) for c in row}
    assert "和阳电梯部件" in cells and "盐都导出项目" not in cells and w.yandu_project.name not in cells
