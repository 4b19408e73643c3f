import pytest

from yuanqu.meetings import demo
from yuanqu.meetings.models import AttendeeRole, Meeting, MeetingStatus
from yuanqu.places import demo as places_demo
from yuanqu.projects import demo as projects_demo

pytestmark = pytest.mark.django_db


def test_demo_meeting_is_planned_and_idempotent():
    places_demo.load()
    projects_demo.load()
    first = demo.load()
    second = demo.load()
    assert first == second
    meeting = Meeting.objects.get(round=18)
    assert meeting.status == MeetingStatus.SCHEDULED
    assert len(meeting.days) == 2
    assert {r.name for r in meeting.visited_regions.all()} >= {"亭湖区", "盐都区"}
    names = set(meeting.stops.values_list("project__name", flat=True))
    assert {"环科城环保产业创新中心", "和阳电梯部件", "中车轨道列车车体"} <= names
    assert 8 <= len(names) <= 10
    assert not meeting.stops.filter(day=None).exists(), "the optimised itinerary is applied"
    roles = set(meeting.attendees.values_list("role", flat=True))
    assert roles == {AttendeeRole.LEADER, AttendeeRole.RATER, AttendeeRole.OBSERVER}
    assert meeting.attendees.filter(role=AttendeeRole.RATER).values("region").distinct().count() >= 3
    assert meeting.demands.count() == 3
