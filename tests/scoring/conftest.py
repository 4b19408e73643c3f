"""A meeting under way with four stops (two in 亭湖区, two in 盐都区), the default scheme and four raters:
one from each district (recused from their own stops), one city-level, and an observer who may not score."""

import datetime
from dataclasses import dataclass

import pytest

from tests.factories import ProjectFactory, world
from yuanqu.meetings import services as meeting_services
from yuanqu.meetings.models import Attendee, AttendeeRole, Meeting, MeetingStatus, Stop
from yuanqu.scoring import services

CARD = {"development_quality": 25, "intelligent_manufacturing": 20, "resource_integration": 15,
        "industrial_driving": 20}


@dataclass
class Tour:
    w: object
    meeting: Meeting
    stops: list[Stop]  # tinghu, tinghu, yandu, yandu (tour order)
    tinghu_rater: Attendee
    yandu_rater: Attendee
    city_rater: Attendee
    observer: Attendee


def make_tour() -> Tour:
    w = world()
    organiser = w.organiser
    meeting = meeting_services.meeting_create(user=organiser, data={
        "round": 18, "title": "第18次产业园区项目载体建设现场推进会",
        "start_date": datetime.date(2019, 8, 23), "end_date": datetime.date(2019, 8, 23),
        "visited_regions": [w.tinghu, w.yandu],
    })
    projects = [w.tinghu_project, ProjectFactory(name="环科城环保产业创新中心", region=w.tinghu),
                w.yandu_project, ProjectFactory(name="盐都光伏组件项目", region=w.yandu)]
    stops = [meeting_services.stop_add(user=organiser, meeting=meeting, project=p, day=meeting.start_date)
             for p in projects]
    meeting_services.meeting_set_status(user=organiser, meeting=meeting, status=MeetingStatus.SCHEDULED)
    meeting = meeting_services.meeting_set_status(user=organiser, meeting=meeting, status=MeetingStatus.UNDER_WAY)

    def person(name, region, role=AttendeeRole.RATER):
        return meeting_services.attendee_add(user=organiser, meeting=meeting,
                                             data={"name": name, "region": region, "role": role})

    tour = Tour(w=w, meeting=meeting, stops=stops, tinghu_rater=person("赵卫平", w.tinghu),
                yandu_rater=person("孙海燕", w.yandu), city_rater=person("李明华", None),
                observer=person("陈晓东", None, AttendeeRole.OBSERVER))
    services.scheme_create_default(user=organiser, meeting=meeting)
    return tour


@pytest.fixture
def tour(db) -> Tour:
    return make_tour()


def card(**changes) -> dict:
    return {**CARD, **changes}
