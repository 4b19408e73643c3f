"""SupervisedTask.overdue is computed, never stored: the database's rule (with_overdue) and the instance's rule
(is_overdue_on) agree on every case, and lists, filters, sorting, the API and the export follow the day."""

import datetime as dt
import io
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.factories import world
from yuanqu.supervision import services
from yuanqu.supervision.models import SupervisedTask, TaskStatus

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def task(w, title, deadline, status=TaskStatus.OPEN, finished_on=None) -> SupervisedTask:
    made = services.task_create(
        user=w.organiser,
        data={"title": title, "region": w.tinghu, "owner_unit": "亭湖区发改委", "responsible_person": "张三",
              "deadline": deadline},
    )
    # written past the services on purpose: whatever a row holds, nothing else has to be kept up to date
    SupervisedTask.objects.filter(pk=made.pk).update(status=status, finished_on=finished_on)
    return SupervisedTask.objects.get(pk=made.pk)


def test_the_database_and_the_instance_apply_the_same_rule(w):
    today = D(2025, 6, 15)
    days = [today - dt.timedelta(days=1), today, today + dt.timedelta(days=1)]
    cases = {}
    for n, (status, deadline, finished) in enumerate(itertools.product(TaskStatus.values, days, [None, *days])):
        if status in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS) and finished is not None:
            continue  # an unfinished task has no finishing date
        cases[task(w, f"事项{n}", deadline, status, finished).pk] = (status, deadline, finished)
    in_database = set(SupervisedTask.objects.with_overdue(today).filter(overdue=True).values_list("pk", flat=True))
    on_instances = {t.pk for t in SupervisedTask.objects.all() if t.is_overdue_on(today)}
    assert in_database == on_instances
    expected = {
        pk for pk, (status, deadline, finished) in cases.items()
        if (status in ("open", "in_progress") and deadline < today) or (finished is not None and finished > deadline)
    }
    assert in_database == expected and len(expected) == 8


def test_today_is_the_databases_today_and_the_instances(w):
    today = timezone.localdate()
    yesterday, tomorrow = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    late = task(w, "昨天到期", yesterday)
    due = task(w, "今天到期", today)
    task(w, "明天到期", tomorrow)
    finished_late = task(w, "逾期办结", yesterday, TaskStatus.DONE, today)
    assert set(SupervisedTask.objects.with_overdue().filter(overdue=True)) == {late, finished_late}
    assert [t.title for t in SupervisedTask.objects.all() if t.overdue] == ["昨天到期", "逾期办结"]
    assert due.overdue is False


def test_list_filter_sort_export_and_api_follow_a_deadline_that_passes(client, w):
    task(w, "远未到期", D(2099, 1, 1))
    waiting = task(w, "尚未到期", D(2099, 1, 1))
    task(w, "早已逾期", D(2025, 1, 1))
    client.force_login(w.tinghu_reporter)
    url = reverse("supervisedtask_list")
    assert "尚未到期" not in client.get(url + "?overdue=true").content.decode()
    SupervisedTask.objects.filter(pk=waiting.pk).update(deadline=D(2025, 2, 1))  # time passes its deadline
    page = client.get(url + "?overdue=true").content.decode()
    assert "尚未到期" in page and "早已逾期" in page
    assert "尚未到期" not in client.get(url + "?overdue=false").content.decode()
    for sort, expected in (("-overdue", [True, True, False]), ("overdue", [False, True, True])):
        export = client.get(url + f"?sort={sort}&export=xlsx")
        sheet = load_workbook(io.BytesIO(export.content)).active
        column = [c.value for c in sheet[1]].index("已逾期")
        assert [row[column].value for row in sheet.iter_rows(min_row=2)] == expected
    api = APIClient()
    api.force_authenticate(w.tinghu_reporter)
    body = api.get("/api/tasks/?overdue=true").json()
    items = body["results"] if isinstance(body, dict) else body
    assert {t["title"]: t["overdue"] for t in items} == {"尚未到期": True, "早已逾期": True}
    detail = client.get(reverse("supervisedtask_detail", args=[waiting.pk])).content.decode()
    assert 'data-testid="overdue"' in detail


def test_admin_filters_and_sorts_on_the_computed_value(w, admin_client):
    task(w, "早已逾期", D(2025, 1, 1))
    page = admin_client.get("/admin/supervision/supervisedtask/?overdue=1&o=6").content.decode()
    assert "早已逾期" in page
    assert "早已逾期" not in admin_client.get("/admin/supervision/supervisedtask/?overdue=0").content.decode()
