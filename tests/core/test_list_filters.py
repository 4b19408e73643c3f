"""A list's filter over a big table asks for the record's number instead of rendering every row as an option
(benchmarks/bench_province.py: at 50,000 projects the lists took 2–4 s rendering their drop-downs)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import world
from yuanqu.core import views

pytestmark = pytest.mark.django_db


def test_a_filter_with_too_many_choices_takes_a_number(client, monkeypatch):
    w = world()
    client.force_login(w.organiser)
    full = client.get(reverse("progressreport_list")).content.decode()
    assert f'<option value="{w.tinghu_project.pk}"' in full  # few projects: a drop-down
    monkeypatch.setattr(views, "CHOICE_LIMIT", 1)
    short = client.get(reverse("progressreport_list")).content.decode()
    assert f'<option value="{w.tinghu_project.pk}"' not in short and 'type="number"' in short
    filtered = client.get(reverse("progressreport_list") + f"?project={w.tinghu_project.pk}")
    assert filtered.status_code == 200 and f'value="{w.tinghu_project.pk}"' in filtered.content.decode()


def test_the_page_runs_the_same_queries_with_a_drop_down_or_a_number(client, monkeypatch):
    # one query a filter either way: the query count of a list does not depend on the size of the tables it filters
    w = world()
    client.force_login(w.organiser)
    url = reverse("progressreport_list")
    client.get(url)
    with CaptureQueriesContext(connection) as drop_down:
        page = client.get(url).content.decode()
    assert f'<option value="{w.tinghu_project.pk}"' in page
    monkeypatch.setattr(views, "CHOICE_LIMIT", 1)
    with CaptureQueriesContext(connection) as number:
        page = client.get(url).content.decode()
    assert 'type="number"' in page
    assert len(drop_down.captured_queries) == len(number.captured_queries)
