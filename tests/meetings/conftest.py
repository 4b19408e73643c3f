import datetime
from decimal import Decimal

import pytest

from tests.factories import ProjectFactory, world
from yuanqu.meetings import services


@pytest.fixture
def w(db):
    return world()


@pytest.fixture
def meeting(w):
    """A two-day meeting in planning with four stops spread over 亭湖区 and 盐都区."""
    m = services.meeting_create(user=w.organiser, data={
        "round": 18, "title": "第18次产业园区项目载体建设现场推进会",
        "start_date": datetime.date(2019, 8, 23), "end_date": datetime.date(2019, 8, 24),
        "visited_regions": [w.tinghu, w.yandu], "leader": "王建国", "presiding": "李明华",
        "depot_name": "市行政中心", "depot_latitude": Decimal("33.379700"), "depot_longitude": Decimal("120.161700"),
    })
    extra = [
        ProjectFactory(name="环科城环保产业创新中心", region=w.tinghu, latitude=Decimal("33.435"),
                       longitude=Decimal("120.224"), total_investment=Decimal("120000")),
        ProjectFactory(name="盐都光伏组件项目", region=w.yandu, latitude=Decimal("33.332"),
                       longitude=Decimal("120.086")),
    ]
    w.tinghu_project.latitude, w.tinghu_project.longitude = Decimal("33.468"), Decimal("120.290")
    w.tinghu_project.save()
    w.yandu_project.latitude, w.yandu_project.longitude = Decimal("33.307"), Decimal("120.114")
    w.yandu_project.save()
    for project in [w.tinghu_project, w.yandu_project, *extra]:
        services.stop_add(user=w.organiser, meeting=m, project=project, duration_minutes=30)
    return m


@pytest.fixture
def planned(w, meeting):
    result = services.itinerary_plan(meeting=meeting, time_limit_s=2, solution_limit=50)
    services.itinerary_apply(user=w.organiser, meeting=meeting, result=result)
    meeting.refresh_from_db()
    return meeting
