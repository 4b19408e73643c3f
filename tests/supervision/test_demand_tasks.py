import datetime

import pytest

from tests.factories import world
from yuanqu.meetings.models import Demand, Meeting
from yuanqu.supervision.models import SupervisedTask, TaskSource


@pytest.mark.django_db
def test_a_meeting_demand_becomes_one_task_per_visited_district_once(client):
    w = world()
    meeting = Meeting.objects.create(round=18, title="第18次现场推进会", start_date=datetime.date(2019, 8, 23),
                                     end_date=datetime.date(2019, 8, 24))
    meeting.visited_regions.set([w.tinghu, w.yandu])
    demand = Demand.objects.create(meeting=meeting, text="加快重大项目开工建设", owner_unit="各区县",
                                   deadline=datetime.date(2019, 10, 31))
    client.force_login(w.organiser)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"/supervision/demands/{demand.pk}/tasks/" in page

    client.post(f"/supervision/demands/{demand.pk}/tasks/")
    client.post(f"/supervision/demands/{demand.pk}/tasks/")  # pressed twice: no duplicates

    tasks = SupervisedTask.objects.filter(source=TaskSource.MEETING)
    assert sorted(t.region.name for t in tasks) == ["亭湖区", "盐都区"]
    assert all(t.deadline == datetime.date(2019, 10, 31) for t in tasks)

    client.force_login(w.tinghu_reporter)
    assert client.post(f"/supervision/demands/{demand.pk}/tasks/").status_code == 403
