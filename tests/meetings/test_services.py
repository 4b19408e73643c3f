import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import ProjectFactory
from yuanqu.core.models import ChangeAction, ObjectChange
from yuanqu.meetings import services
from yuanqu.meetings.models import Attendee, AttendeeRole, MeetingStatus, Stop

pytestmark = pytest.mark.django_db


def _minutes(t: datetime.time) -> int:
    return t.hour * 60 + t.minute


def test_new_meeting_starts_in_planning_and_is_audited(w, meeting):
    assert meeting.status == MeetingStatus.PLANNING
    assert ObjectChange.objects.filter(object_id=str(meeting.pk), action=ChangeAction.CREATE).exists()
    assert meeting.stops.count() == 4


def test_status_transitions_allowed_and_refused(w, planned):
    with pytest.raises(ValidationError) as exc:
        services.meeting_set_status(user=w.organiser, meeting=planned, status=MeetingStatus.PUBLISHED)
    assert "不能从“筹备中”改为“已发布”" in "".join(exc.value.messages)
    for status in (MeetingStatus.SCHEDULED, MeetingStatus.UNDER_WAY, MeetingStatus.CLOSED, MeetingStatus.PUBLISHED):
        planned = services.meeting_set_status(user=w.organiser, meeting=planned, status=status)
        assert planned.status == status
    with pytest.raises(ValidationError):
        services.meeting_set_status(user=w.organiser, meeting=planned, status=MeetingStatus.PLANNING)


def test_scheduled_needs_scheduled_stops(w, meeting):
    with pytest.raises(ValidationError, match="还没有排定日程"):
        services.meeting_set_status(user=w.organiser, meeting=meeting, status=MeetingStatus.SCHEDULED)


def test_only_the_organiser_writes(w, meeting):
    with pytest.raises(PermissionDenied):
        services.stop_add(user=w.tinghu_reporter, meeting=meeting, project=ProjectFactory(region=w.tinghu))
    with pytest.raises(PermissionDenied):
        services.attendee_add(user=w.viewer, meeting=meeting, data={"name": "张三"})


def test_duplicate_stop_refused(w, meeting):
    with pytest.raises(ValidationError, match="已是本次会议的观摩点"):
        services.stop_add(user=w.organiser, meeting=meeting, project=w.tinghu_project)


def test_itinerary_apply_writes_times_inside_windows(w, planned):
    stops = list(planned.stops.all())
    assert all(s.day in planned.days for s in stops), "four short stops fit in two days"
    frames = planned.itinerary["days"]
    for stop in stops:
        arrive = _minutes(stop.planned_arrival)
        assert _minutes(planned.day_start) <= arrive
        assert arrive + stop.duration_minutes <= _minutes(planned.day_end)
        assert frames[stop.day.isoformat()]["leave"] is not None
    for day in planned.days:
        orders = [s.order for s in planned.stops.filter(day=day).order_by("order")]
        assert orders == list(range(1, len(orders) + 1))
        times = [s.planned_arrival for s in planned.stops.filter(day=day).order_by("order")]
        assert times == sorted(times)
    changes = ObjectChange.objects.filter(content_type__model="stop", action=ChangeAction.UPDATE)
    assert changes.count() >= len(stops)


def test_apply_refuses_a_result_for_other_stops(w, meeting):
    result = services.itinerary_plan(meeting=meeting, time_limit_s=1, solution_limit=10)
    services.stop_remove(user=w.organiser, stop=meeting.stops.first())
    with pytest.raises(ValidationError, match="不一致"):
        services.itinerary_apply(user=w.organiser, meeting=meeting, result=result)
    assert not meeting.stops.exclude(day=None).exists(), "nothing partially written"


def test_lock_refuses_changes(w, planned):
    services.itinerary_lock(user=w.organiser, meeting=planned)
    stop = planned.stops.first()
    with pytest.raises(ValidationError, match="行程已锁定"):
        services.stop_update(user=w.organiser, stop=stop, data={"duration_minutes": 45})
    with pytest.raises(ValidationError, match="行程已锁定"):
        services.stop_remove(user=w.organiser, stop=stop)
    with pytest.raises(ValidationError, match="行程已锁定"):
        services.stop_add(user=w.organiser, meeting=planned, project=ProjectFactory(region=w.yandu))
    result = services.itinerary_plan(meeting=planned, time_limit_s=1, solution_limit=10)
    with pytest.raises(ValidationError, match="行程已锁定"):
        services.itinerary_apply(user=w.organiser, meeting=planned, result=result)
    stop.refresh_from_db()
    assert stop.duration_minutes == 30
    services.itinerary_unlock(user=w.organiser, meeting=planned)
    services.stop_update(user=w.organiser, stop=stop, data={"duration_minutes": 45})
    stop.refresh_from_db()
    assert stop.duration_minutes == 45


def test_lock_refuses_unscheduled_stops(w, meeting):
    with pytest.raises(ValidationError, match="未排入日程"):
        services.itinerary_lock(user=w.organiser, meeting=meeting)


def test_reorder_and_retime(w, planned):
    day = planned.days[0]
    stops = list(planned.stops.filter(day=day).order_by("order"))
    if len(stops) < 2:  # put everything on day one so there is something to reorder
        for stop in planned.stops.exclude(day=day):
            services.stop_update(user=w.organiser, stop=stop, data={"day": day})
        stops = list(planned.stops.filter(day=day).order_by("order"))
    reversed_ids = [s.pk for s in reversed(stops)]
    services.stops_reorder(user=w.organiser, meeting=planned, day=day, stop_ids=reversed_ids)
    after = list(planned.stops.filter(day=day).order_by("order"))
    assert [s.pk for s in after] == reversed_ids
    times = [_minutes(s.planned_arrival) for s in after]
    assert times == sorted(times) and times[0] > _minutes(planned.day_start)
    with pytest.raises(ValidationError, match="恰好包含"):
        services.stops_reorder(user=w.organiser, meeting=planned, day=day, stop_ids=reversed_ids[:-1])


def test_moving_a_stop_to_another_day_and_back_to_unscheduled(w, planned):
    stop = planned.stops.first()
    services.stop_update(user=w.organiser, stop=stop, data={"day": None})
    stop.refresh_from_db()
    assert stop.day is None and stop.planned_arrival is None
    with pytest.raises(ValidationError):
        services.stop_update(user=w.organiser, stop=stop, data={"day": datetime.date(2019, 9, 1)})


def test_plan_requires_coordinates(w, meeting):
    Stop.objects.filter(meeting=meeting).first().project.__class__.objects.filter(
        pk=meeting.stops.first().project_id).update(latitude=None)
    with pytest.raises(ValidationError, match="没有经纬度"):
        services.itinerary_plan(meeting=meeting)


def test_reissue_invalidates_old_token_and_revoke_blocks(w, meeting):
    attendee = services.attendee_add(user=w.organiser, meeting=meeting,
                                     data={"name": "赵卫平", "region": w.tinghu, "role": AttendeeRole.RATER})
    old = attendee.token
    assert services.attendee_by_token(old) == attendee
    services.attendee_reissue_link(user=w.organiser, attendee=attendee)
    attendee.refresh_from_db()
    assert attendee.token != old
    assert services.attendee_by_token(old) is None
    assert services.attendee_by_token(attendee.token) == attendee
    services.attendee_revoke_link(user=w.organiser, attendee=attendee)
    assert services.attendee_by_token(attendee.token) is None
    with pytest.raises(ValidationError, match="链接无效"):
        services.attendee_check_in(token=attendee.token)


def test_check_in_opens_when_the_programme_is_fixed_and_closes_with_the_meeting(w, planned):
    meeting = planned
    attendee = services.attendee_add(user=w.organiser, meeting=meeting, data={"name": "孙海燕"})
    with pytest.raises(ValidationError, match="会议日程确定后才能签到"):
        services.attendee_check_in(token=attendee.token)
    services.meeting_set_status(user=w.organiser, meeting=meeting, status="scheduled")
    services.meeting_set_status(user=w.organiser, meeting=meeting, status="under_way")
    assert services.attendee_check_in(token=attendee.token).checked_in_at is not None
    late = services.attendee_add(user=w.organiser, meeting=meeting, data={"name": "赵卫平"})
    services.meeting_set_status(user=w.organiser, meeting=meeting, status="closed")
    with pytest.raises(ValidationError, match="链接无效或已作废"):  # the personal link dies with the meeting
        services.attendee_check_in(token=late.token)
    late.refresh_from_db()
    assert late.checked_in_at is None


def test_check_in_once_and_audited(w, planned):
    attendee = services.attendee_add(user=w.organiser, meeting=planned, data={"name": "孙海燕"})
    services.meeting_set_status(user=w.organiser, meeting=planned, status="scheduled")
    first = services.attendee_check_in(token=attendee.token).checked_in_at
    assert first is not None
    assert services.attendee_check_in(token=attendee.token).checked_in_at == first
    assert ObjectChange.objects.filter(content_type__model="attendee", object_id=str(attendee.pk),
                                       action=ChangeAction.UPDATE).count() == 1


def test_attendee_import_is_all_or_nothing(w, meeting):
    with pytest.raises(ValidationError, match="第2行"):
        services.attendee_import(user=w.organiser, meeting=meeting, rows=[{"name": "甲"}, {"name": " "}])
    assert not Attendee.objects.filter(meeting=meeting).exists()


def test_shortening_the_meeting_unschedules_its_last_day(w, planned):
    services.meeting_update(user=w.organiser, meeting=planned, data={"end_date": planned.start_date})
    assert not planned.stops.filter(day=datetime.date(2019, 8, 24)).exists()


def _plan(meeting) -> dict:
    return {(stop.day, stop.order): stop.planned_arrival for stop in meeting.stops.exclude(day=None)}


def test_a_later_start_times_the_scheduled_days_again_in_the_same_order(w, planned):
    before = _plan(planned)
    services.meeting_update(user=w.organiser, meeting=planned, data={"day_start": datetime.time(9, 0)})
    after = _plan(planned)
    assert after.keys() == before.keys()  # same days, same order
    first_stops = [key for key in before if key[1] == 1]
    for key in first_stops:  # the bus leaves 30 minutes later: the first stop of each day is reached 30 minutes later
        shift = datetime.datetime.combine(key[0], after[key]) - datetime.datetime.combine(key[0], before[key])
        assert shift == datetime.timedelta(minutes=30), key
    planned.refresh_from_db()
    assert all(frame["leave"] == "09:00" for frame in planned.itinerary["days"].values() if frame["leave"])
    assert ObjectChange.objects.filter(content_type__model="stop", action=ChangeAction.UPDATE).exists()


def test_timing_of_a_locked_itinerary_cannot_change(w, planned):
    services.itinerary_lock(user=w.organiser, meeting=planned)
    before = _plan(planned)
    with pytest.raises(ValidationError, match="行程已锁定"):
        services.meeting_update(user=w.organiser, meeting=planned, data={"lunch_minutes": 90})
    planned.refresh_from_db()
    assert planned.lunch_minutes == 60 and _plan(planned) == before
    services.meeting_update(user=w.organiser, meeting=planned, data={"leader": "王建国"})  # other fields may change


def test_demands(w, meeting):
    first = services.demand_add(user=w.organiser, meeting=meeting, data={"text": "加快重大项目开工"})
    second = services.demand_add(user=w.organiser, meeting=meeting, data={"text": "明确主导产业"})
    assert (first.order, second.order) == (1, 2)
    services.demand_remove(user=w.organiser, demand=first)
    assert list(meeting.demands.values_list("text", flat=True)) == ["明确主导产业"]


def test_a_hand_made_day_that_overruns_is_flagged(w, planned):
    day = planned.days[0]
    for stop in planned.stops.all():
        services.stop_update(user=w.organiser, stop=stop, data={"day": day})
    first, second = planned.stops.filter(day=day)[:2]
    services.stop_update(user=w.organiser, stop=first, data={"duration_minutes": 240})
    planned.refresh_from_db()
    assert planned.itinerary["days"][day.isoformat()]["overrun"] is False, "4 h + 3 × 30 min + lunch fit the day"
    services.stop_update(user=w.organiser, stop=second, data={"duration_minutes": 240})
    planned.refresh_from_db()
    frame = planned.itinerary["days"][day.isoformat()]
    assert frame["overrun"] is True
    lunch = frame["lunch"]
    assert lunch is not None and "11:30" <= lunch["start"]
    assert frame["lunch_outside"] == (lunch["end"] > "13:30")
    services.stop_update(user=w.organiser, stop=second, data={"duration_minutes": 30})
    planned.refresh_from_db()
    assert planned.itinerary["days"][day.isoformat()]["overrun"] is False


def test_personal_links_expire_and_die_with_the_scoring(w, planned, settings):
    settings.PERSONAL_LINK_DAYS = 30
    fresh = services.attendee_add(user=w.organiser, meeting=planned, data={"name": "钱志强"})
    old = services.attendee_add(user=w.organiser, meeting=planned, data={"name": "吴海燕"})
    Attendee.objects.filter(pk=old.pk).update(token_issued=fresh.token_issued - datetime.timedelta(days=31))
    old.refresh_from_db()
    # the one rule in two forms: the queryset the token lookups use and the instance's check agree
    live = set(services.live_links().values_list("pk", flat=True))
    assert {a.pk for a in Attendee.objects.filter(meeting=planned) if a.link_works()} == live
    assert fresh.pk in live and old.pk not in live
    assert services.attendee_by_token(old.token) is None and services.attendee_by_token(fresh.token) == fresh
    renewed = services.attendee_reissue_link(user=w.organiser, attendee=old)
    assert services.attendee_by_token(renewed.token) == renewed  # a new link starts a new 30 days
    services.meeting_set_status(user=w.organiser, meeting=planned, status="scheduled")
    services.meeting_set_status(user=w.organiser, meeting=planned, status="under_way")
    services.meeting_set_status(user=w.organiser, meeting=planned, status="closed")
    assert services.attendee_by_token(fresh.token) is None and not services.live_links().exists()
