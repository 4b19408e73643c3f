"""One record of every model, in 亭湖区 (the district of the `tinghu` reporter) and, for district records, another in
盐都区: the data the generated access test walks every model, page and endpoint with.

A new model fails tests/core/test_access_matrix.py until it has a record here (`AccessWorld.of`).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import ProjectFactory, UserFactory
from tests.scoring.conftest import CARD, make_tour
from yuanqu.core import tokens
from yuanqu.core.models import Job, ObjectChange, Role
from yuanqu.industry import grading
from yuanqu.industry.models import (
    Chain,
    ChainNode,
    CostProfile,
    EfficiencyRecord,
    GradingScheme,
    RegionIndustryFigure,
    RegionIndustryTable,
)
from yuanqu.meetings import services as meeting_services
from yuanqu.meetings.models import MeetingStatus
from yuanqu.newsroom.models import NewsReport
from yuanqu.places.models import Boundary, Carrier, RegionChange
from yuanqu.projects import services as project_services
from yuanqu.projects.models import MonthLock, ProgressReport, Stage
from yuanqu.scoring import services as scoring_services
from yuanqu.scoring.models import Result, Submission
from yuanqu.supervision import services as supervision_services
from yuanqu.supervision.models import Exemption, Light, RuleSet, TaskFeedback

ROLE_USERS = {
    Role.ORGANISER: "organiser",
    Role.REPORTER: "tinghu_reporter",
    Role.VIEWER: "viewer",
    Role.INVESTMENT: "investment",
    Role.RATER: "rater",
}


@dataclass
class AccessWorld:
    users: dict  # role → user
    own: dict = field(default_factory=dict)  # model → a record in 亭湖区 (or the city-level one)
    other: dict = field(default_factory=dict)  # model → a record in 盐都区 (district records only)
    tour: object = None
    live_token: str = ""  # a working personal link (the tour's meeting is published: its links are dead)

    def add(self, own, other=None) -> None:
        self.own[type(own)] = own
        if other is not None:
            self.other[type(other)] = other

    def of(self, model, *, own: bool = True):
        records = self.own if own else self.other
        if model not in records:
            raise AssertionError(f"tests/core/access_world.py has no record of {model._meta.label}: add one")
        return records[model]


def build() -> AccessWorld:
    tour = make_tour()
    w = tour.w
    organiser = w.organiser
    users = {
        Role.ORGANISER: organiser, Role.REPORTER: w.tinghu_reporter, Role.VIEWER: w.viewer,
        Role.INVESTMENT: UserFactory(username="investment", role=Role.INVESTMENT),
        Role.RATER: UserFactory(username="rater", role=Role.RATER),
    }
    world = AccessWorld(users=users, tour=tour)
    tinghu, yandu = w.tinghu_project, w.yandu_project
    world.add(w.tinghu, w.yandu)
    world.add(RegionChange.objects.create(old_code="500105", new_codes="500157", new_name="两江新区",
                                          date=datetime.date(2025, 11, 6), kind="merged"))
    world.add(tinghu.industry)
    world.add(tinghu.park, yandu.park)
    world.add(tinghu.enterprise, yandu.enterprise)
    world.add(tinghu, yandu)
    world.add(*[Carrier.objects.create(name=f"{p.region.name}标准厂房", park=p.park, kind="standard_factory",
                                       floor_area=Decimal(1000))
                for p in (tinghu, yandu)])
    month = datetime.date(2025, 7, 1)
    reports = [ProgressReport.objects.create(project=p, month=month, investment_month=Decimal(10),
                                             investment_cumulative=Decimal(100), stage=Stage.SIGNED)
               for p in (tinghu, yandu)]
    world.add(*reports)
    world.add(*[project_services.attachment_add(
        user=organiser, report=r, uploaded=SimpleUploadedFile("现场.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"))
        for r in reports])
    world.add(MonthLock.objects.create(month=datetime.date(2020, 1, 1)))
    ring = [[119.0, 32.5], [121.0, 32.5], [121.0, 34.5], [119.0, 34.5], [119.0, 32.5]]
    world.add(Boundary.objects.create(  # kept inactive: the positions written by the walk stay unchecked by it
        title="测试边界", approval_number="苏S(2023)012号", source="测试单位", original_name="b.geojson",
        geojson={"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "测试"},
                 "geometry": {"type": "Polygon", "coordinates": [ring]}}]},
        features=1, min_longitude=119.0, min_latitude=32.5, max_longitude=121.0, max_latitude=34.5, active=False))

    supervision_services.ruleset_ensure_default(user=organiser)
    world.add(RuleSet.objects.get(active=True))
    supervision_services.lights_recompute(user=organiser, month=month, today=datetime.date(2025, 8, 1))
    world.add(*[Light.objects.filter(project=p).first() for p in (tinghu, yandu)])
    world.add(*[Exemption.objects.create(project=p, rule="start_delay", reason="征地", valid_until=month)
                for p in (tinghu, yandu)])
    tasks = [supervision_services.task_create(user=organiser, data={
        "title": f"{p.region.name}加快开工", "region": p.region, "project": p, "owner_unit": "发改局",
        "responsible_person": "王强", "deadline": datetime.date(2099, 1, 1)}) for p in (tinghu, yandu)]
    world.add(*tasks)
    world.add(*[supervision_services.task_add_feedback(user=organiser, task=t, text="已对接") for t in tasks])

    meeting = tour.meeting
    world.add(meeting)
    world.add(tour.stops[0])
    world.add(tour.tinghu_rater)
    world.add(meeting_services.demand_add(user=organiser, meeting=meeting, data={"text": "加快重大项目开工"}))
    world.add(meeting.scoring_scheme)
    world.add(meeting.scoring_scheme.criteria.first())
    for rater in (tour.city_rater, tour.yandu_rater):
        scoring_services.score_submit(token=rater.token, stop_id=tour.stops[0].pk, values=CARD,
                                      idempotency_key=f"key-{rater.pk}")
    world.add(Submission.objects.first())
    scoring_services.meeting_close(user=organiser, meeting=meeting)
    scoring_services.results_publish(user=organiser, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    world.add(Result.objects.get(meeting=meeting))
    live = meeting_services.meeting_create(user=organiser, data={
        "round": 19, "title": "第19次现场推进会", "start_date": datetime.date(2026, 3, 1),
        "end_date": datetime.date(2026, 3, 1), "visited_regions": [w.tinghu]})
    world.live_token = meeting_services.attendee_add(user=organiser, meeting=live, data={"name": "周立新"}).token

    chain = Chain.objects.create(name="新能源汽车")
    world.add(chain)
    world.add(ChainNode.objects.create(chain=chain, name="动力电池", stage="midstream", industry_codes="38"))
    world.add(CostProfile.objects.create(location="盐城市"))
    world.add(*[EfficiencyRecord.objects.create(enterprise=p.enterprise, year=2024, land_mu=Decimal(50),
                                                sales=Decimal(10000)) for p in (tinghu, yandu)])
    world.add(GradingScheme.objects.create(version=1, active=True, params=grading.DEFAULT_PARAMS))
    table = RegionIndustryTable.objects.create(name="2024年分行业规上工业总产值", year=2024, measure="output",
                                               source="盐城统计年鉴2025")
    world.add(table)  # city-level reference data: one record, which every non-rater reads
    world.add(RegionIndustryFigure.objects.create(table=table, region=w.yandu, industry_code="38",
                                                  value=Decimal(1000)))

    peer_models = {m._meta.model_name: m for m in apps.get_app_config("peers").get_models()}
    region, _ = peer_models["peerregion"].objects.get_or_create(code="310000",
                                                              defaults={"name": "上海市", "province": "上海市"})
    group, _ = peer_models["peergroup"].objects.get_or_create(name="测试对标组")
    indicator, _ = peer_models["indicator"].objects.get_or_create(key="gdp_test", defaults={"name": "测试GDP"})
    world.add(region)
    world.add(group)
    world.add(indicator)
    world.add(peer_models["indicatorvalue"].objects.create(region=region, year=2024, indicator=indicator,
                                                          value=Decimal(1)))
    world.add(NewsReport.objects.create(original_text="原文", repaired_text="原文", created_by=organiser))
    world.add(ObjectChange.objects.first())
    world.add(users[Role.VIEWER])
    world.add(tokens.token_create(user=users[Role.REPORTER], name="统计脚本")[0])
    job = Job(kind="lights.recompute", title="重新计算亮灯：本月", user=organiser, status="succeeded")
    job.result.save("结果.txt", ContentFile("红灯 1 个".encode()), save=True)
    world.add(job)
    # a district project of 盐都区 that the 亭湖区 reporter must never reach through a meeting's planning pages
    ProjectFactory(name="盐都待选项目", region=w.yandu)
    return world


def attendee_token(world: AccessWorld) -> str:
    return world.live_token


def feedback_of(world: AccessWorld) -> TaskFeedback:
    return world.of(TaskFeedback)
