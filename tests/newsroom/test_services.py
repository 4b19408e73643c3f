"""newsroom services and selectors: import a report, match projects, create the draft meeting all or nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import ProjectFactory, world
from tests.newsroom.corpus import GOLD
from tests.newsroom.helpers import damaged_report
from yuanqu.core.models import ObjectChange
from yuanqu.meetings.models import Attendee, AttendeeRole, Demand, Meeting, MeetingStatus, Stop
from yuanqu.newsroom import selectors, services
from yuanqu.newsroom.models import NewsReport
from yuanqu.newsroom.repair import repair

pytestmark = pytest.mark.django_db


def test_import_keeps_original_repair_spans_and_facts_and_is_audited():
    w = world()
    text = damaged_report()
    before = ObjectChange.objects.count()
    report = services.news_report_create(user=w.organiser, text=text, source_name="稿件.txt")
    assert report.original_text == text
    assert report.repaired_text == repair(text).text
    assert report.spans and {"offset", "raw", "kind", "marker"} <= set(report.spans[0])
    assert report.facts["visited_projects"] == GOLD["report_01"]["visited_projects"]
    assert report.created_by == w.organiser
    assert ObjectChange.objects.count() == before + 1


@pytest.mark.parametrize("who", ["tinghu_reporter", "viewer"])
def test_only_the_organiser_imports(who):
    w = world()
    with pytest.raises(PermissionDenied):
        services.news_report_create(user=getattr(w, who), text=damaged_report())
    assert not NewsReport.objects.exists()


def test_project_candidates_rank_the_right_project_first_with_scores():
    w = world()
    ProjectFactory(name="禾丰食品加工", region=w.yandu)
    ProjectFactory(name="远景电梯广告", region=w.yandu)
    found = selectors.project_candidates("禾阳电梯部件", user=w.organiser)
    assert found[0][0] == w.tinghu_project  # 和阳电梯部件: one character differs
    assert len(found) <= 3
    scores = [score for _, score in found]
    assert scores == sorted(scores, reverse=True) and 0 < scores[-1] <= scores[0] <= 100
    assert selectors.project_candidates("完全无关的名字XYZ", user=w.organiser) == []


def test_region_match_by_name_short_name_and_none():
    w = world()
    regions = [w.tinghu, w.yandu]
    assert selectors.region_match("亭湖区区长张三", regions) == w.tinghu
    assert selectors.region_match("盐都经济开发区", regions) == w.yandu
    assert selectors.region_match("市人大常委会主任", regions) is None


def _facts(**changes):
    return {"round": 18, "year": 2025, "month": 8, "days": [23, 24], "title": "", "leader": "市委书记林正泽",
            "presiding": "市长韩立明", "demands": ["要坚持项目为王", "要围绕产业链精准招商"], **changes}


def _choices(w, **changes):
    return {
        "projects": [w.tinghu_project.pk, w.yandu_project.pk],
        "regions": [w.tinghu.pk, w.yandu.pk],
        "attendees": [
            {"name": "周文涛", "region": None, "role": AttendeeRole.OBSERVER},
            {"name": "亭湖区区长", "region": w.tinghu.pk, "role": AttendeeRole.RATER},
        ],
        **changes,
    }


def test_draft_meeting_with_stops_attendees_demands_in_planning():
    w = world()
    report = services.news_report_create(user=w.organiser, text=damaged_report())
    meeting = services.draft_meeting_create(user=w.organiser, facts=_facts(), choices=_choices(w), report=report)
    assert meeting.status == MeetingStatus.PLANNING
    assert meeting.title == "第18次产业园区项目载体建设现场推进会"
    assert (meeting.start_date, meeting.end_date) == (datetime.date(2025, 8, 23), datetime.date(2025, 8, 24))
    assert set(meeting.visited_regions.all()) == {w.tinghu, w.yandu}
    assert [s.project for s in meeting.stops.order_by("order")] == [w.tinghu_project, w.yandu_project]
    assert {(a.name, a.region, a.role) for a in meeting.attendees.all()} == {
        ("周文涛", None, AttendeeRole.OBSERVER), ("亭湖区区长", w.tinghu, AttendeeRole.RATER)}
    assert list(meeting.demands.order_by("order").values_list("text", flat=True)) == _facts()["demands"]
    report.refresh_from_db()
    assert report.meeting == meeting
    # every write attributed: meeting, 2 stops, 2 attendees, 2 demands, the report's link
    assert ObjectChange.objects.filter(user=w.organiser).count() >= 1 + 1 + 2 + 2 + 2 + 1


def test_days_across_a_month_end():
    w = world()
    meeting = services.draft_meeting_create(
        user=w.organiser, facts=_facts(month=8, days=[31, 1]), choices=_choices(w, projects=[])
    )
    assert (meeting.start_date, meeting.end_date) == (datetime.date(2025, 8, 31), datetime.date(2025, 9, 1))


@pytest.mark.parametrize(
    ("facts", "choices", "message"),
    [
        ({}, {"projects": [999999]}, "不存在"),
        ({}, {"projects": "dup"}, "选了两次"),
        ({}, {"attendees": [{"name": "张三", "region": 999999, "role": "rater"}]}, "所属区县不存在"),
        ({}, {"attendees": [{"name": "张三", "region": None, "role": "boss"}]}, "身份无效"),
        ({"year": None}, {}, "年、月、日"),
        ({"month": 2, "days": [30]}, {}, "日期无效"),
        ({"round": None}, {}, "届次"),
    ],
)
def test_an_invalid_choice_writes_nothing(facts, choices, message):
    w = world()
    if choices.get("projects") == "dup":
        choices = {"projects": [w.tinghu_project.pk, w.tinghu_project.pk]}
    audit_before = ObjectChange.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.draft_meeting_create(user=w.organiser, facts=_facts(**facts), choices=_choices(w, **choices))
    assert not Meeting.objects.exists()
    assert not Stop.objects.exists() and not Attendee.objects.exists() and not Demand.objects.exists()
    assert ObjectChange.objects.count() == audit_before


def test_a_failure_late_in_the_transaction_rolls_everything_back():
    # the bad attendee comes after the meeting, its stops and the first attendee were written
    w = world()
    choices = _choices(w)
    choices["attendees"].append({"name": "很长" * 30, "region": None, "role": "rater"})
    with pytest.raises(ValidationError, match="第3位参会人员"):
        services.draft_meeting_create(user=w.organiser, facts=_facts(), choices=choices)
    assert not Meeting.objects.exists() and not Stop.objects.exists() and not Attendee.objects.exists()


def test_an_existing_round_is_refused_and_non_organisers_cannot_create():
    w = world()
    services.draft_meeting_create(user=w.organiser, facts=_facts(), choices=_choices(w))
    with pytest.raises(ValidationError, match="已存在"):
        services.draft_meeting_create(user=w.organiser, facts=_facts(), choices=_choices(w))
    with pytest.raises(PermissionDenied):
        services.draft_meeting_create(user=w.viewer, facts=_facts(round=19), choices=_choices(w))
    assert Meeting.objects.count() == 1
