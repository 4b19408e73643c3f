"""Demo: the 18th on-site promotion meeting (两天, 亭湖区, 盐都区 and 大丰区), its stops, attendees and demands.

People are fictional. Loading twice changes nothing: the meeting is found by its round, stops by project,
attendees by name and demands by text; the itinerary is optimised only while no stop has a day.
"""

import datetime
from decimal import Decimal

from yuanqu.core.models import User
from yuanqu.meetings import services
from yuanqu.meetings.models import AttendeeRole, Meeting, MeetingStatus
from yuanqu.places.models import Region
from yuanqu.projects.models import Project

ROUND = 18
REGION_CODES = ["320902", "320903", "320904"]  # 亭湖区, 盐都区, 大丰区
NAMED_STOPS = ["环科城环保产业创新中心", "和阳电梯部件", "中车轨道列车车体"]

# name, unit, title, region code (None: city level), role
ATTENDEES = [
    ("王建国", "盐城市人民政府", "市长", None, AttendeeRole.LEADER),
    ("李明华", "盐城市发展和改革委员会", "主任", None, AttendeeRole.OBSERVER),
    ("陈晓东", "盐城市工业和信息化局", "局长", None, AttendeeRole.OBSERVER),
    ("赵卫平", "亭湖区人民政府", "区长", "320902", AttendeeRole.RATER),
    ("孙海燕", "盐都区人民政府", "区长", "320903", AttendeeRole.RATER),
    ("周志刚", "大丰区人民政府", "区长", "320904", AttendeeRole.RATER),
    ("吴丽娟", "东台市人民政府", "副市长", "320981", AttendeeRole.RATER),
    ("郑国强", "建湖县人民政府", "县长", "320925", AttendeeRole.RATER),
    ("冯雪梅", "射阳县人民政府", "副县长", "320924", AttendeeRole.RATER),
    ("何志远", "阜宁县人民政府", "县长", "320923", AttendeeRole.RATER),
    ("高文斌", "滨海县人民政府", "副县长", "320922", AttendeeRole.RATER),
    ("林秀英", "盐城市商务局", "副局长", None, AttendeeRole.OBSERVER),
]

DEMANDS = [
    ("加快重大项目开工建设，确保签约项目早开工、早投产、早见效。", "各区县人民政府", 90),
    ("明确各区县主导产业，集中资源培育特色产业集群。", "市发展和改革委员会", 120),
    ("围绕产业链精准招商，补链强链延链。", "市商务局（投资促进局）", 180),
]


def load() -> dict:
    organiser = User.objects.filter(username="city_admin").first()
    regions = list(Region.objects.filter(code__in=REGION_CODES).order_by("code"))
    meeting = Meeting.objects.filter(round=ROUND).first()
    if meeting is None:
        meeting = services.meeting_create(
            user=organiser,
            data={
                "round": ROUND,
                "title": "第18次产业园区项目载体建设现场推进会",
                "start_date": datetime.date(2019, 8, 23),
                "end_date": datetime.date(2019, 8, 24),
                "visited_regions": regions,
                "leader": "王建国",
                "presiding": "李明华",
                "depot_name": "盐城市行政中心",
                "depot_latitude": Decimal("33.379700"),
                "depot_longitude": Decimal("120.161700"),
            },
        )
    projects = list(Project.objects.filter(name__in=NAMED_STOPS, region__code="320902"))
    for code, count in (("320902", 1), ("320903", 3), ("320904", 2)):
        extra = Project.objects.filter(region__code=code).exclude(name__in=NAMED_STOPS).order_by("-total_investment")
        projects += list(extra[:count])
    if not meeting.itinerary_locked:
        existing = set(meeting.stops.values_list("project_id", flat=True))
        for project in projects:
            if project.pk not in existing:
                services.stop_add(user=organiser, meeting=meeting, project=project, duration_minutes=30)
        if not meeting.stops.exclude(day=None).exists():
            result = services.itinerary_plan(meeting=meeting, time_limit_s=5, solution_limit=200)
            services.itinerary_apply(user=organiser, meeting=meeting, result=result)
    region_by_code = {r.code: r for r in Region.objects.filter(code__in=[a[3] for a in ATTENDEES if a[3]])}
    existing_names = set(meeting.attendees.values_list("name", flat=True))
    for name, unit, title, code, role in ATTENDEES:
        if name not in existing_names:
            services.attendee_add(user=organiser, meeting=meeting, data={
                "name": name, "unit": unit, "title": title, "region": region_by_code.get(code), "role": role,
            })
    existing_texts = set(meeting.demands.values_list("text", flat=True))
    for text, owner, days in DEMANDS:
        if text not in existing_texts:
            services.demand_add(user=organiser, meeting=meeting, data={
                "text": text, "owner_unit": owner, "deadline": meeting.end_date + datetime.timedelta(days=days),
            })
    if meeting.status == MeetingStatus.PLANNING and meeting.stops.exclude(day=None).exists():
        services.meeting_set_status(user=organiser, meeting=meeting, status=MeetingStatus.SCHEDULED)
    return {"meetings": 1, "stops": meeting.stops.count(), "attendees": meeting.attendees.count(),
            "demands": meeting.demands.count()}
