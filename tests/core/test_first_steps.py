"""Where to begin: the home page lists the cycle's steps each role may take, and an empty list says what to do
first instead of “no matching records”; a record's page links to the upper floors' pages about it."""

import pytest
from django.test import Client

from tests.factories import world
from yuanqu.core.context_processors import CYCLE
from yuanqu.meetings import services as meeting_services
from yuanqu.projects.models import Project

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_home_page_shows_each_role_the_steps_it_may_take():
    w = world()
    organiser = signed_in(w.organiser).get("/").content.decode()
    assert all(str(label) in organiser for _name, label, _hint in CYCLE)
    viewer = signed_in(w.viewer).get("/").content.decode()
    assert "导入项目" not in viewer  # a leader reads; the import is not theirs
    assert "亮灯预警" in viewer


def test_an_empty_home_and_empty_lists_say_what_to_do_first():
    w = world()
    Project.objects.all().delete()
    client = signed_in(w.organiser)
    assert "还没有项目。从下面的第一步开始" in client.get("/").content.decode()
    for url, hint in (("/projects/", "下载导入模板"), ("/meetings/", "规划线路"),
                      ("/supervision/lights/", "重新计算亮灯"), ("/supervision/tasks/", "转为督办事项")):
        page = client.get(url).content.decode()
        assert 'data-testid="empty-state"' in page and hint in page, url
        filtered = client.get(url + "?q=不存在").content.decode()
        assert "没有符合条件的记录" in filtered and 'data-testid="empty-state"' not in filtered, url


def test_a_meeting_page_links_to_its_scoring_for_those_who_may_open_it():
    w = world()
    meeting = meeting_services.meeting_create(user=w.organiser, data={
        "round": 3, "title": "第3次现场推进会", "start_date": "2026-12-10", "end_date": "2026-12-10"})
    link = f'href="/meetings/{meeting.pk}/results/"'
    assert link in signed_in(w.organiser).get(f"/meetings/{meeting.pk}/").content.decode()
