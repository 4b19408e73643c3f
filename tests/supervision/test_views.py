"""Pages, API, exports and commands: what each role sees, district scoping (404), dashboard numbers."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.factories import ProjectFactory, world
from yuanqu.core.models import ObjectChange
from yuanqu.projects.models import ProgressReport, Stage
from yuanqu.supervision import rules, selectors, services
from yuanqu.supervision.models import Exemption, Light, RuleSet, SupervisedTask, TaskStatus

D = dt.date
pytestmark = pytest.mark.django_db
THIS_MONTH = rules.month_start(dt.date.today())


@pytest.fixture
def w():
    return world()


def login(client, user):
    client.force_login(user)
    return client


def make_task(w, region=None, **extra):
    region = region or w.tinghu
    project = w.tinghu_project if region == w.tinghu else w.yandu_project
    data = {
        "title": f"{region.name}督办事项", "region": region, "project": project, "owner_unit": f"{region.name}发改委",
        "responsible_person": "张三", "deadline": D(2099, 1, 31), **extra,
    }
    return services.task_create(user=w.organiser, data=data)


# --- scoping ----------------------------------------------------------------------------------------------------

def test_reporter_gets_404_on_other_districts_task_light_and_history(client, w):
    task = make_task(w, region=w.tinghu)
    services.lights_recompute(user=w.organiser)
    light = Light.objects.get(project=w.tinghu_project)
    login(client, w.yandu_reporter)
    assert client.get(reverse("supervisedtask_detail", args=[task.pk])).status_code == 404
    assert client.get(reverse("light_detail", args=[light.pk])).status_code == 404
    assert client.get(reverse("project_lights", args=[w.tinghu_project.pk])).status_code == 404
    feedback = {"text": "x", "date": "2025-01-01"}
    assert client.post(reverse("supervisedtask_feedback", args=[task.pk]), feedback).status_code == 404
    assert client.post(reverse("supervisedtask_status", args=[task.pk]), {"status": "done"}).status_code == 404
    assert not task.feedback.exists()
    login(client, w.tinghu_reporter)
    assert client.get(reverse("supervisedtask_detail", args=[task.pk])).status_code == 200
    assert client.get(reverse("project_lights", args=[w.tinghu_project.pk])).status_code == 200
    snippet = client.get(reverse("project_lights", args=[w.tinghu_project.pk]), headers={"HX-Request": "true"})
    assert snippet.content.decode().startswith('<div class="card" data-testid="project-lights">')
    assert "已逾期" in snippet.content.decode() and "<html" not in snippet.content.decode()


def test_lists_and_exports_hide_other_districts(client, w):
    make_task(w, region=w.tinghu)
    make_task(w, region=w.yandu)
    services.lights_recompute(user=w.organiser)
    login(client, w.yandu_reporter)
    for name in ("light_list", "supervisedtask_list"):
        page = client.get(reverse(name)).content.decode()
        assert "盐都" in page and "和阳电梯部件" not in page and "亭湖区督办事项" not in page
        export = client.get(reverse(name) + "?export=xlsx")
        cells = [c.value for row in load_workbook(io.BytesIO(export.content)).active.iter_rows() for c in row]
        assert "和阳电梯部件" not in cells and "亭湖区督办事项" not in cells
        assert any(v in cells for v in ("盐都智能装备项目", "盐都区督办事项"))


def test_api_scoping_and_writes_through_services(w):
    task = make_task(w, region=w.tinghu)
    services.lights_recompute(user=w.organiser)
    api = APIClient()
    api.force_authenticate(w.yandu_reporter)
    assert api.get(f"/api/tasks/{task.pk}/").status_code == 404
    # another district's project is not even a valid filter choice
    assert api.get(f"/api/lights/?project={w.tinghu_project.pk}").status_code == 400
    lights = api.get("/api/lights/").json()
    rows = lights["results"] if isinstance(lights, dict) else lights
    assert {r["project"]["id"] for r in rows} == {w.yandu_project.pk}
    assert api.post(f"/api/tasks/{task.pk}/feedback/", {"text": "x"}).status_code == 404
    # a reporter cannot create or delete tasks, even in their own district
    created = api.post("/api/tasks/", {"title": "t", "region": w.yandu.pk, "owner_unit": "u",
                                       "responsible_person": "p", "deadline": "2099-01-01"})
    assert created.status_code == 403
    assert api.post(f"/api/lights/{rows[0]['id']}/", {}).status_code == 403  # lights are the organiser's
    api.force_authenticate(w.tinghu_reporter)
    response = api.post(f"/api/tasks/{task.pk}/feedback/", {"text": "已开工", "date": "2025-10-01"}, format="json")
    assert response.status_code == 201
    response = api.post(f"/api/tasks/{task.pk}/status/", {"status": "closed"}, format="json")
    assert response.status_code == 403 and "市项目办" in response.json()["detail"]
    assert api.delete(f"/api/tasks/{task.pk}/").status_code == 403
    api.force_authenticate(w.organiser)
    response = api.post("/api/tasks/", {"title": "新任务", "region": w.yandu.pk, "owner_unit": "盐都区发改委",
                                        "responsible_person": "李四", "deadline": "2099-01-01"}, format="json")
    assert response.status_code == 201, response.content
    assert ObjectChange.objects.filter(object_repr="新任务", action="create").exists()
    bad = api.post("/api/tasks/", {"title": "错", "region": w.yandu.pk, "project": w.tinghu_project.pk,
                                   "owner_unit": "u", "responsible_person": "p", "deadline": "2099-01-01"},
                   format="json")
    assert bad.status_code == 400 and "不在盐都区" in str(bad.json())


# --- pages ------------------------------------------------------------------------------------------------------

def test_recompute_button_is_for_the_organiser(client, w):
    login(client, w.tinghu_reporter)
    assert client.post(reverse("light_recompute")).status_code == 403
    assert "重新计算亮灯" not in client.get(reverse("light_list")).content.decode()
    login(client, w.organiser)
    response = client.post(reverse("light_recompute"), follow=True)
    page = response.content.decode()
    assert Light.objects.filter(month=THIS_MONTH).count() == 2
    assert "红灯" in page and "已逾期" in page  # each row shows its reasons


def test_rules_page_saves_a_new_version_and_shows_errors(client, w):
    services.ruleset_ensure_default(user=w.organiser)
    login(client, w.organiser)
    form = {
        "start_delay__enabled": "on", "start_delay__yellow": "1", "start_delay__red": "4",
        "start_delay__reason": "计划{planned}开工，逾期{months}个月", "investment_lag__enabled": "on",
        "investment_lag__yellow": "15", "investment_lag__red": "35", "investment_lag__reason": "落后{gap}个百分点",
        "report_missing__yellow": "1", "report_missing__red": "2", "report_missing__reason": "{months}缺报",
        "note": "调整开工红灯",
    }
    assert client.post(reverse("supervision_rules"), form).status_code == 302
    active = RuleSet.objects.get(active=True)
    assert active.version == 2 and active.params["start_delay"]["red"] == 4
    assert active.params["report_missing"]["enabled"] is False
    bad = client.post(reverse("supervision_rules"), {**form, "start_delay__red": "0"})
    assert bad.status_code == 400 and "红灯阈值（0）不能小于黄灯阈值（1）" in bad.content.decode()
    assert RuleSet.objects.count() == 2
    login(client, w.tinghu_reporter)
    assert client.post(reverse("supervision_rules"), form).status_code == 403
    assert "第2版" in client.get(reverse("supervision_rules")).content.decode()


def test_exemption_pages_request_then_approve(client, w):
    login(client, w.tinghu_reporter)
    client.post(reverse("exemption_request"), {"project": w.tinghu_project.pk, "rule": "start_delay",
                                               "reason": "征地拆迁延期", "valid_until": "2099-12-31"})
    exemption = Exemption.objects.get()
    assert exemption.status == "requested"
    assert client.post(reverse("exemption_decide", args=[exemption.pk]), {"decision": "approve"}).status_code == 403
    login(client, w.yandu_reporter)
    assert client.post(reverse("exemption_decide", args=[exemption.pk]), {"decision": "approve"}).status_code == 403
    client.post(reverse("exemption_request"), {"project": w.tinghu_project.pk, "rule": "start_delay",
                                               "reason": "越权", "valid_until": "2099-12-31"})
    assert Exemption.objects.count() == 1
    login(client, w.organiser)
    client.post(reverse("exemption_decide", args=[exemption.pk]), {"decision": "approve", "note": "同意"})
    exemption.refresh_from_db()
    assert exemption.status == "approved" and exemption.decided_by == w.organiser


def test_task_pages_status_feedback_and_light_to_task(client, w):
    services.lights_recompute(user=w.organiser, month=D(2025, 9, 1), today=D(2025, 12, 5))
    light = Light.objects.get(project=w.tinghu_project)
    login(client, w.tinghu_reporter)
    assert client.get(reverse("supervisedtask_add")).status_code == 403
    assert client.post(reverse("light_task", args=[light.pk])).status_code == 403
    login(client, w.organiser)
    prefilled = client.get(reverse("supervisedtask_add") + "?source=meeting&source_ref=meetings.demand:3&title=抓开工")
    assert 'value="meetings.demand:3"' in prefilled.content.decode() and 'value="抓开工"' in prefilled.content.decode()
    response = client.post(reverse("light_task", args=[light.pk]))
    task = SupervisedTask.objects.get()
    assert response["Location"] == reverse("supervisedtask_edit", args=[task.pk])
    login(client, w.tinghu_reporter)
    page = client.get(reverse("supervisedtask_detail", args=[task.pk])).content.decode()
    assert "添加反馈" in page and "改为“已办结”" in page and "改为“已关闭”" not in page
    assert reverse("supervisedtask_edit", args=[task.pk]) not in page
    client.post(reverse("supervisedtask_feedback", args=[task.pk]), {"date": "2025-12-06", "text": "已开工建设"})
    response = client.post(reverse("supervisedtask_feedback", args=[task.pk]), {"date": "2025-12-06", "text": ""},
                           follow=True)
    assert "反馈未保存" in response.content.decode()
    client.post(reverse("supervisedtask_status", args=[task.pk]), {"status": "done"})
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.feedback.count() == 1
    assert client.get(reverse("supervisedtask_edit", args=[task.pk])).status_code == 403
    assert client.post(reverse("supervisedtask_delete", args=[task.pk])).status_code == 403


# --- dashboard --------------------------------------------------------------------------------------------------

def test_dashboard_numbers(client, w):
    late = ProjectFactory(name="亭湖迟开工项目", region=w.tinghu, planned_started=D(2025, 1, 1))
    started = ProjectFactory(
        name="亭湖在建项目", region=w.tinghu, stage=Stage.STARTED, actual_started=D(2025, 1, 1),
        planned_started=D(2025, 1, 1), planned_completed=D(2026, 1, 1), total_investment=Decimal(10000),
    )
    ProgressReport.objects.create(project=started, month=D(2025, 6, 1), investment_month=Decimal(100),
                                  investment_cumulative=Decimal(4000), stage=Stage.STARTED)
    services.lights_recompute(user=w.organiser, month=D(2025, 7, 1), today=D(2025, 12, 1))
    make_task(w, region=w.yandu, deadline=D(2025, 1, 1))
    data = selectors.dashboard(user=w.yandu_reporter, month=D(2025, 7, 1))
    rows = {r["region"].name: r for r in data["rows"]}
    tinghu, yandu = rows["亭湖区"], rows["盐都区"]
    assert tinghu["projects"] == 3 and tinghu["stages"][0]["count"] == 2 and tinghu["stages"][2]["count"] == 1
    # the started project: July 31 is 211/365 of its plan (57.8 %), 4000/10000 invested → 17.8 points: yellow
    assert (tinghu["investment_progress"], tinghu["time_progress"]) == (40.0, 57.8)
    # red: 6 months late; yellow: the world project (1 month late) and the started one (17.8 points behind)
    assert (tinghu["red"], tinghu["yellow"]) == (1, 2)
    assert yandu["overdue"] == 1 and not tinghu["visible"] and yandu["visible"]
    assert data["totals"]["overdue"] == 1
    assert [light.project.name for light in data["attention"]] == ["盐都智能装备项目"]
    login(client, w.yandu_reporter)
    page = client.get(reverse("supervision_dashboard") + "?month=2025-07").content.decode()
    assert late.name not in page  # other district: counts only
    assert f"?region={w.yandu.pk}&overdue=true&active=true" in page  # own district: drill-down link
    assert f"?region={w.tinghu.pk}&color=red" not in page
    login(client, w.organiser)
    page = client.get(reverse("supervision_dashboard") + "?month=2025-07").content.decode()
    assert f"?region={w.tinghu.pk}&color=red&month=2025-07" in page and late.name in page


# --- commands ---------------------------------------------------------------------------------------------------

def test_commands(w, capsys):
    call_command("lights", "recompute", "--month", "2025-09")
    assert "红灯 2  黄灯 0  绿灯 0" in capsys.readouterr().out
    assert Light.objects.filter(month=D(2025, 9, 1)).count() == 2
    with pytest.raises(CommandError) as exc:
        call_command("lights", "recompute", "--month", "2025/13")
    assert exc.value.returncode == 2
    make_task(w, deadline=D(2025, 1, 1))
    call_command("tasks", "overdue", "--today", "2025-06-01")
    assert "逾期未办结 1 项" in capsys.readouterr().out


def test_demo_load_is_idempotent(w):
    from yuanqu.supervision import demo

    first = demo.load()
    second = demo.load()
    assert first == second and first["lights"] == 2
    assert RuleSet.objects.count() == 1


def test_dashboard_closed_to_raters_and_api_schema_lists_endpoints(client, w):
    from tests.factories import UserFactory
    from yuanqu.core.models import Role

    login(client, UserFactory(username="rater1", role=Role.RATER))
    assert client.get(reverse("supervision_dashboard")).status_code == 403
    login(client, w.organiser)
    schema = client.get("/api/schema/").content.decode()
    assert "/api/lights/" in schema and "/api/tasks/{id}/feedback/" in schema


def test_overdue_filter_is_judged_today_even_without_the_daily_run(client, w):
    late = make_task(w, title="逾期未标记", deadline=D(2099, 1, 1))
    SupervisedTask.objects.filter(pk=late.pk).update(deadline=D(2025, 1, 1))  # stored mark still False
    make_task(w, title="未到期")
    login(client, w.tinghu_reporter)
    page = client.get(reverse("supervisedtask_list") + "?overdue=true&active=true").content.decode()
    assert "逾期未标记" in page and "未到期" not in page
    row = {r["region"].name: r for r in selectors.dashboard(user=w.tinghu_reporter)["rows"]}["亭湖区"]
    assert row["overdue"] == 1
