"""The lists' paginator: pages read from the far end are the same rows as read from the front (ties included), and an
unfiltered big table shows the planner's estimate, said as such, on PostgreSQL; a filtered list is counted exactly."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ProjectFactory, world
from yuanqu.core import paginate
from yuanqu.projects.models import Project


@pytest.fixture
def w(db):
    return world()


def _pages(queryset, per_page):
    pager = paginate.Paginator(queryset, per_page)
    return pager, [list(pager.page(n).object_list) for n in pager.page_range]


@pytest.mark.django_db
def test_pages_from_the_far_end_are_the_rows_in_order_with_ties_broken_by_number(w):
    for i in range(23):
        ProjectFactory(name=f"分页项目{i}", region=w.tinghu)
    rows = Project.objects.order_by("-stage")  # a few stages: many ties
    expected = list(rows.order_by("-stage", "pk"))
    assert len({p.stage for p in expected}) < len(expected) / 3
    pager, pages = _pages(rows, 5)
    assert [p for page in pages for p in page] == expected  # nothing twice, nothing lost
    assert len(pages[-1]) == (len(expected) % 5 or 5) and pages[-1] == expected[-len(pages[-1]):]
    assert not pager.estimated and pager.count == len(expected)


@pytest.mark.django_db
def test_a_big_unfiltered_table_shows_the_estimate_on_postgresql_and_an_exact_count_when_filtered(w, monkeypatch,
                                                                                                  client):
    for i in range(30):
        ProjectFactory(name=f"项目{i:02d}", region=w.tinghu if i % 2 else w.yandu)
    monkeypatch.setattr(paginate, "ESTIMATE_ABOVE", 10)
    exact = Project.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Project._meta.db_table}")
    pager = paginate.Paginator(Project.objects.order_by("name"), 10)
    filtered = paginate.Paginator(Project.objects.filter(region=w.tinghu).order_by("name"), 10)
    assert not filtered.estimated and filtered.count == Project.objects.filter(region=w.tinghu).count()
    client.force_login(w.organiser)
    page = client.get(reverse("project_list")).content.decode()
    api = client.get("/api/projects/").json()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [Project._meta.db_table])
            assert pager.estimated and pager.count == cursor.fetchone()[0]
        assert "条（按数据库统计估算" in page and api["count_estimated"] is True
    else:  # SQLite keeps no row estimate: always counted
        assert not pager.estimated and pager.count == exact
        assert f"共 {exact} 条" in page and api["count_estimated"] is False
    with CaptureQueriesContext(connection) as estimated:
        assert paginate.Paginator(Project.objects.order_by("name"), 10).count == pager.count
    monkeypatch.setattr(paginate, "ESTIMATE_ABOVE", 10**9)
    with CaptureQueriesContext(connection) as counted:
        exact_pager = paginate.Paginator(Project.objects.order_by("name"), 10)
        assert exact_pager.count == exact and not exact_pager.estimated
    assert len(estimated.captured_queries) == len(counted.captured_queries) == 1  # one query at any size
    last = pager.page(pager.num_pages).object_list
    assert list(last) == list(Project.objects.order_by("name", "pk"))[(pager.num_pages - 1) * 10:][:len(last)]
