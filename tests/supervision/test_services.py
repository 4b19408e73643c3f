"""Services: rule versions, light history, exemptions needing the organiser, tasks and when they are overdue."""

import copy
import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ProjectFactory, world
from yuanqu.core.models import ObjectChange
from yuanqu.projects.models import ProgressReport, Stage
from yuanqu.supervision import rules, services
from yuanqu.supervision.models import Exemption, Light, RuleSet, SupervisedTask, TaskStatus

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def test_ruleset_update_creates_a_new_version_and_keeps_old_ones(w):
    v1 = services.ruleset_ensure_default(user=w.organiser)
    params = copy.deepcopy(rules.DEFAULT_PARAMS)
    params["start_delay"]["red"] = 6
    v2 = services.ruleset_update(user=w.organiser, params=params, note="放宽开工红灯")
    v1.refresh_from_db()
    assert (v1.version, v1.active, v2.version, v2.active) == (1, False, 2, True)
    assert RuleSet.objects.count() == 2 and services.active_ruleset() == v2
    assert ObjectChange.objects.filter(object_repr="第2版", action="create").exists()


def test_ruleset_update_refuses_bad_params_and_non_organisers(w):
    bad = copy.deepcopy(rules.DEFAULT_PARAMS)
    bad["investment_lag"]["red"] = 1
    with pytest.raises(ValidationError) as exc:
        services.ruleset_update(user=w.organiser, params=bad)
    assert "红灯阈值（1）不能小于黄灯阈值（10）" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.ruleset_update(user=w.tinghu_reporter, params=rules.DEFAULT_PARAMS)
    assert RuleSet.objects.count() == 0


def test_recompute_writes_one_audited_light_per_project_with_reasons(w):
    counts = services.lights_recompute(user=w.organiser, month=D(2025, 9, 1), today=D(2025, 12, 5))
    # both world projects planned to start 2025-06 and have not started: 3 months late in September → red
    assert counts == {"green": 0, "yellow": 0, "red": 2}
    light = Light.objects.get(project=w.tinghu_project, month=D(2025, 9, 1))
    assert light.ruleset.version == 1
    assert any(r["text"] == "计划2025年6月开工，已逾期3个月未开工" for r in light.reasons)
    assert ObjectChange.objects.filter(content_type__model="light", action="create").count() == 2


def test_red_month_stays_on_record_after_catch_up(w):
    project = w.tinghu_project
    services.lights_recompute(user=w.organiser, month=D(2025, 9, 1), today=D(2025, 12, 5))
    project.stage, project.actual_started = Stage.STARTED, D(2025, 10, 8)
    project.save()
    services.lights_recompute(user=w.organiser, month=D(2025, 10, 1), today=D(2025, 12, 5))
    history = dict(Light.objects.filter(project=project).values_list("month", "color"))
    assert history[D(2025, 9, 1)] == "red"
    assert history[D(2025, 10, 1)] != "red"
    assert not any(r["rule"] == "start_delay" for r in Light.objects.get(project=project, month=D(2025, 10, 1)).reasons)


def test_recompute_same_month_replaces_that_months_light_only(w):
    services.lights_recompute(user=w.organiser, month=D(2025, 9, 1), today=D(2025, 9, 20))
    services.lights_recompute(user=w.organiser, month=D(2025, 9, 1), today=D(2025, 9, 25))
    assert Light.objects.filter(project=w.tinghu_project).count() == 1


def test_recompute_logs_only_the_lights_that_changed(w):
    month, light_changes = D(2025, 9, 1), ObjectChange.objects.filter(content_type__model="light")
    services.lights_recompute(user=w.organiser, month=month, today=D(2025, 9, 20))
    first = Light.objects.get(project=w.tinghu_project, month=month)
    assert light_changes.count() == 2

    # the same facts again: every light is refreshed (computed_at) but none is logged as changed
    services.lights_recompute(user=w.organiser, month=month, today=D(2025, 9, 20))
    assert light_changes.count() == 2
    assert Light.objects.get(pk=first.pk).computed_at > first.computed_at

    # one project starts: its light changes and is logged, the other's is not
    project = w.tinghu_project
    project.stage, project.actual_started = Stage.STARTED, D(2025, 9, 2)
    project.save()
    services.lights_recompute(user=w.organiser, month=month, today=D(2025, 9, 20))
    changed = light_changes.filter(action="update")
    assert [c.object_id for c in changed] == [str(first.pk)]
    assert changed.get().before["color"] == "red" and "computed_at" not in changed.get().after


def test_recompute_uses_reports_for_investment_progress(w):
    project = w.tinghu_project
    project.stage, project.actual_started = Stage.STARTED, D(2025, 6, 1)
    project.planned_started, project.planned_completed = D(2025, 6, 1), D(2026, 6, 1)
    project.save()
    ProgressReport.objects.create(
        project=project, month=D(2025, 11, 1), investment_month=Decimal(1000),
        investment_cumulative=Decimal(2500), stage=Stage.STARTED,
    )
    services.lights_recompute(user=w.organiser, month=D(2025, 12, 1), today=D(2025, 12, 1), projects=None)
    light = Light.objects.get(project=project, month=D(2025, 12, 1))
    assert light.investment_progress == Decimal("5.00")  # 2500 / 50000
    assert light.time_progress == Decimal("50.14")  # 183 of 365 days
    assert light.color == "red"
    assert any(r["rule"] == "investment_lag" and r["color"] == "red" for r in light.reasons)


def test_recompute_refuses_future_months_and_reporters(w):
    with pytest.raises(ValidationError):
        services.lights_recompute(user=w.organiser, month=D(2026, 1, 1), today=D(2025, 12, 5))
    with pytest.raises(PermissionDenied):
        services.lights_recompute(user=w.tinghu_reporter)
    assert not Light.objects.exists()


def test_exemption_needs_organiser_approval_then_suppresses_the_rule(w):
    request = services.exemption_request(
        user=w.tinghu_reporter, project=w.tinghu_project, rule="start_delay",
        reason="用地指标调整，省厅批复延期", valid_until=D(2099, 12, 31),
    )
    services.lights_recompute(user=w.organiser, month=D(2025, 9, 1), today=D(2025, 12, 5))
    assert Light.objects.get(project=w.tinghu_project).color == "red"  # requested is not approved
    with pytest.raises(PermissionDenied):
        services.exemption_approve(user=w.tinghu_reporter, exemption=request)
    services.exemption_approve(user=w.organiser, exemption=request, note="同意")
    services.lights_recompute(user=w.organiser, month=D(2025, 9, 1), today=D(2025, 12, 5))
    light = Light.objects.get(project=w.tinghu_project)
    assert light.color == "green"
    assert light.reasons[0]["exempted"] is True
    with pytest.raises(ValidationError):
        services.exemption_reject(user=w.organiser, exemption=request)


def test_reporter_cannot_request_exemption_for_another_district(w):
    with pytest.raises(PermissionDenied):
        services.exemption_request(
            user=w.yandu_reporter, project=w.tinghu_project, rule="start_delay", reason="x", valid_until=D(2099, 1, 1)
        )
    with pytest.raises(ValidationError):
        services.exemption_request(
            user=w.tinghu_reporter, project=w.tinghu_project, rule="start_delay", reason=" ", valid_until=D(2099, 1, 1)
        )
    assert not Exemption.objects.exists()


def make_task(w, **extra) -> SupervisedTask:
    data = {
        "title": "加快和阳电梯部件开工", "region": w.tinghu, "project": w.tinghu_project,
        "owner_unit": "亭湖区发改委", "responsible_person": "张三", "deadline": D(2025, 10, 31), **extra,
    }
    return services.task_create(user=w.organiser, data=data)


def test_task_lifecycle_feedback_and_permissions(w):
    task = make_task(w)
    with pytest.raises(PermissionDenied):
        services.task_create(user=w.tinghu_reporter, data={"title": "x"})
    services.task_add_feedback(user=w.tinghu_reporter, task=task, text="已完成土地摘牌", date=D(2025, 10, 2))
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.feedback.get().author == w.tinghu_reporter
    with pytest.raises(PermissionDenied):
        services.task_add_feedback(user=w.yandu_reporter, task=task, text="越权")
    with pytest.raises(PermissionDenied):
        services.task_set_status(user=w.tinghu_reporter, task=task, status=TaskStatus.CLOSED)
    task = services.task_set_status(user=w.tinghu_reporter, task=task, status=TaskStatus.DONE, today=D(2025, 10, 20))
    assert task.finished_on == D(2025, 10, 20)
    with pytest.raises(ValidationError):
        services.task_set_status(user=w.organiser, task=task, status=TaskStatus.OPEN)
    services.task_set_status(user=w.organiser, task=task, status=TaskStatus.CLOSED)


def test_task_finished_after_deadline_stays_overdue(w):
    task = make_task(w, deadline=D(2025, 9, 30))
    task = services.task_set_status(user=w.organiser, task=task, status=TaskStatus.DONE, today=D(2025, 10, 3))
    assert task.overdue is True


def test_task_project_must_be_in_its_region(w):
    with pytest.raises(ValidationError) as exc:
        make_task(w, project=w.yandu_project)
    assert "不在亭湖区" in str(exc.value)


def test_overdue_follows_the_day_and_the_deadline_without_any_service_run(w):
    late = make_task(w, deadline=D(2025, 10, 31))
    on_time = make_task(w, title="另一件事", deadline=D(2025, 12, 31))
    finished = make_task(w, title="已办结", deadline=D(2025, 9, 30))
    services.task_set_status(user=w.organiser, task=finished, status=TaskStatus.DONE, today=D(2025, 9, 29))

    def overdue_on(day):
        return set(SupervisedTask.objects.with_overdue(day).filter(overdue=True).values_list("title", flat=True))

    assert overdue_on(D(2025, 10, 31)) == set()
    assert overdue_on(D(2025, 11, 1)) == {late.title}  # the deadline passed: nothing was run
    assert (late.is_overdue_on(D(2025, 11, 1)), on_time.is_overdue_on(D(2025, 11, 1))) == (True, False)
    # the deadline moves: it is no longer overdue
    services.task_update(user=w.organiser, task=late, data={"deadline": D(2099, 1, 31)})
    assert overdue_on(D(2025, 11, 1)) == set()


def test_task_from_red_light(w):
    services.lights_recompute(user=w.organiser, month=D(2025, 9, 1), today=D(2025, 12, 5))
    light = Light.objects.get(project=w.tinghu_project)
    task = services.task_create_from_light(user=w.organiser, light=light, today=D(2025, 12, 5))
    assert task.region == w.tinghu and task.source == "light" and task.deadline == D(2026, 1, 4)
    assert "已逾期3个月未开工" in task.description
    with pytest.raises(ValidationError):
        services.task_create_from_light(user=w.organiser, light=light)


def test_lights_keep_the_rule_version_that_produced_them(w):
    services.lights_recompute(user=w.organiser, month=D(2025, 7, 1), today=D(2025, 12, 5))
    params = copy.deepcopy(rules.DEFAULT_PARAMS)
    params["start_delay"]["yellow"] = 2  # July (1 month late) becomes green under version 2
    services.ruleset_update(user=w.organiser, params=params)
    services.lights_recompute(user=w.organiser, month=D(2025, 8, 1), today=D(2025, 12, 5))
    july = Light.objects.get(project=w.tinghu_project, month=D(2025, 7, 1))
    august = Light.objects.get(project=w.tinghu_project, month=D(2025, 8, 1))
    assert (july.ruleset.version, july.color) == (1, "yellow")
    assert (august.ruleset.version, august.color) == (2, "yellow")  # 2 months late: yellow under v2
    services.lights_recompute(user=w.organiser, month=D(2025, 7, 1), today=D(2025, 12, 5))
    july.refresh_from_db()
    assert (july.ruleset.version, july.color) == (2, "green")  # recomputed only because July was asked for


def test_recompute_reports_progress_after_each_chunk(w, monkeypatch):
    monkeypatch.setattr(services, "RECOMPUTE_CHUNK", 1)
    calls = []
    services.lights_recompute(user=w.organiser, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]
    monkeypatch.setattr(services, "RECOMPUTE_CHUNK", 2000)
    calls.clear()
    services.lights_recompute(user=w.organiser, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(2, 2)]


def test_a_recompute_runs_the_same_statements_for_2_projects_or_12_and_audits_every_new_light(w):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    services.ruleset_ensure_default(user=w.organiser)
    ContentType.objects.get_for_model(Light)  # cached from here on, as in a running server
    with CaptureQueriesContext(connection) as few:
        services.lights_recompute(user=w.organiser, month=last_month)
    for i in range(10):
        ProjectFactory(name=f"批量亮灯项目{i}", region=w.tinghu)
    with CaptureQueriesContext(connection) as many:
        services.lights_recompute(user=w.organiser)
    assert len(few.captured_queries) == len(many.captured_queries)
    assert Light.objects.filter(month=today.replace(day=1)).count() == 12
    assert ObjectChange.objects.filter(content_type__model="light", action="create").count() == 14


def test_tasks_from_a_meeting_demand_one_per_district(w):
    from yuanqu.meetings.models import Demand

    demand = Demand(pk=7, text="加快重大项目开工建设，确保季度内开工率达到90%", owner_unit="", deadline=D(2099, 3, 31))
    tasks = services.task_create_from_demand(user=w.organiser, demand=demand, regions=[w.tinghu, w.yandu])
    assert [(t.region, t.source, t.source_ref, t.deadline) for t in tasks] == [
        (w.tinghu, "meeting", "meetings.demand:7", D(2099, 3, 31)),
        (w.yandu, "meeting", "meetings.demand:7", D(2099, 3, 31)),
    ]
    assert services.task_create_from_demand(user=w.organiser, demand=demand, regions=[w.tinghu]) == []
    with pytest.raises(PermissionDenied):
        services.task_create_from_demand(user=w.tinghu_reporter, demand=demand, regions=[w.tinghu])


def test_the_database_holds_one_active_rule_set_at_most(w):
    from django.db import IntegrityError, transaction

    services.ruleset_ensure_default(user=w.organiser)
    with pytest.raises(IntegrityError), transaction.atomic():
        RuleSet.objects.create(version=99, params=rules.DEFAULT_PARAMS, active=True)
    assert RuleSet.objects.filter(active=True).count() == 1
