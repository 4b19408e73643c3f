"""Stops, hand adjustments and the optimised itinerary (plan, apply, lock)."""

import datetime
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yuanqu.core import access, audit, services
from yuanqu.core.models import ChangeAction
from yuanqu.meetings import itinerary
from yuanqu.meetings.models import Meeting, MeetingStatus, Stop
from yuanqu.meetings.services.base import _hhmm, _locked_meeting, _minutes, _stop_save, _time

# --- stops ----------------------------------------------------------------------------------------------------


@transaction.atomic
def stop_add(*, user, meeting: Meeting, project, duration_minutes: int = 30, day: datetime.date | None = None) -> Stop:
    """Add `project` as a stop at the end of `day` (or unscheduled). Refused when the itinerary is locked."""
    meeting = _locked_meeting(meeting)
    access.check(user, access.CHANGE, meeting)
    if meeting.stops.filter(project=project).exists():
        raise ValidationError(_("项目“%(p)s”已是本次会议的观摩点。") % {"p": project})
    last = meeting.stops.filter(day=day).order_by("-order").values_list("order", flat=True).first() or 0
    stop = services.object_create(
        user=user,
        model=Stop,
        data={"meeting": meeting, "project": project, "duration_minutes": duration_minutes, "day": day,
              "order": last + 1},
    )
    if day is not None:
        _retime_day(user, meeting, day)
        stop.refresh_from_db()
    return stop


@transaction.atomic
def stop_update(*, user, stop: Stop, data: dict) -> Stop:
    """Change a stop's day or duration (times of its day are recomputed). Refused when locked."""
    meeting = _locked_meeting(stop.meeting)
    allowed = {"day", "duration_minutes"}
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(_("观摩点只能修改日期和停留时长。"))
    if "duration_minutes" in data and not (5 <= int(data["duration_minutes"]) <= 240):
        raise ValidationError({"duration_minutes": _("停留时长应在 5 到 240 分钟之间。")})
    old_day = stop.day
    changes = dict(data)
    if "day" in data and data["day"] != old_day:
        last = meeting.stops.filter(day=data["day"]).order_by("-order").values_list("order", flat=True).first() or 0
        changes["order"] = last + 1
    access.check(user, access.CHANGE, stop)
    _stop_save(user, stop, **changes)
    for day in {old_day, stop.day} - {None}:
        _retime_day(user, meeting, day)
    if stop.day is None:
        _stop_save(user, stop, planned_arrival=None)
    return stop


@transaction.atomic
def stop_remove(*, user, stop: Stop) -> None:
    """Remove a stop; the rest of its day is renumbered and retimed. Refused when locked."""
    meeting = _locked_meeting(stop.meeting)
    day = stop.day
    services.object_delete(user=user, instance=stop)
    if day is not None:
        _retime_day(user, meeting, day)


@transaction.atomic
def stops_reorder(*, user, meeting: Meeting, day: datetime.date | None, stop_ids: list[int]) -> list[Stop]:
    """Put the stops of `day` in the order `stop_ids` (exactly that day's stops) and recompute their times."""
    meeting = _locked_meeting(meeting)
    access.check(user, access.CHANGE, meeting)
    stops = {s.pk: s for s in meeting.stops.filter(day=day)}
    ids = [int(i) for i in stop_ids]
    if sorted(ids) != sorted(stops) or len(set(ids)) != len(ids):
        raise ValidationError(_("新顺序须恰好包含当天的全部观摩点。"))
    for position, pk in enumerate(ids, start=1):
        if stops[pk].order != position:
            _stop_save(user, stops[pk], order=position)
    if day is not None:
        _retime_day(user, meeting, day)
    return [stops[pk] for pk in ids]


def stop_move(*, user, stop: Stop, offset: int) -> None:
    """Move a stop `offset` places up (negative) or down within its day."""
    ids = list(stop.meeting.stops.filter(day=stop.day).order_by("order", "pk").values_list("pk", flat=True))
    index = ids.index(stop.pk)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    stops_reorder(user=user, meeting=stop.meeting, day=stop.day, stop_ids=ids)


# --- itinerary ------------------------------------------------------------------------------------------------


def itinerary_input(meeting: Meeting) -> dict:
    """The optimiser's input (see `yuanqu.meetings.itinerary`) for the meeting's days, depot and stops.

    Without depot coordinates the tour starts from the centre of its stops (the page says so).
    """
    stops = list(meeting.stops.select_related("project"))
    missing = [str(s.project) for s in stops if s.project.latitude is None or s.project.longitude is None]
    if missing:
        raise ValidationError(_("以下项目没有经纬度，无法优化线路：%(names)s") % {"names": "、".join(missing)})
    if not meeting.days:
        raise ValidationError(_("请先填写会议日期。"))
    if meeting.depot_latitude is not None and meeting.depot_longitude is not None:
        depot = {"lat": float(meeting.depot_latitude), "lon": float(meeting.depot_longitude)}
    elif stops:
        depot = {
            "lat": sum(float(s.project.latitude) for s in stops) / len(stops),
            "lon": sum(float(s.project.longitude) for s in stops) / len(stops),
        }
    else:
        raise ValidationError(_("还没有观摩点。"))
    return {
        "days": [
            {"date": d.isoformat(), "start": _hhmm(meeting.day_start), "end": _hhmm(meeting.day_end), "depot": depot}
            for d in meeting.days
        ],
        "lunch": {"from": _hhmm(meeting.lunch_from), "to": _hhmm(meeting.lunch_to),
                  "minutes": meeting.lunch_minutes},
        "stops": [
            {"id": str(s.pk), "name": str(s.project), "lat": float(s.project.latitude),
             "lon": float(s.project.longitude), "minutes": s.duration_minutes, "day": None}
            for s in stops
        ],
    }


def itinerary_plan(
    *, meeting: Meeting, time_limit_s: float | None = None, solution_limit: int | None = None
) -> dict:
    """Run the optimiser on the meeting's stops (searching 0.3–1.5 s by their number unless `time_limit_s` says);
    returns its output (nothing is written)."""
    if not meeting.stops.exists():
        raise ValidationError(_("还没有观摩点，请先添加项目。"))
    data = itinerary_input(meeting)
    try:
        result = itinerary.plan(data, time_limit_s=time_limit_s, solution_limit=solution_limit)
    except itinerary.ItineraryError as exc:
        raise ValidationError(_("线路优化的输入有误：%(e)s") % {"e": exc}) from exc
    result["depot_assumed"] = meeting.depot_latitude is None
    return result


@transaction.atomic
def itinerary_apply(*, user, meeting: Meeting, result: dict) -> Meeting:
    """Write the optimiser's days, order and arrival times onto the stops; unscheduled stops lose their day."""
    meeting = _locked_meeting(meeting)
    access.check(user, access.CHANGE, meeting)
    stops = {str(s.pk): s for s in meeting.stops.all()}
    dates = {d.isoformat(): d for d in meeting.days}
    seen = set()
    frame = {}
    try:
        for day in result["days"]:
            if day["date"] not in dates:
                raise ValidationError(_("优化结果的日期 %(d)s 不在会议日期内，请重新优化。") % {"d": day["date"]})
            for position, item in enumerate(day["stops"], start=1):
                stop = stops.get(str(item["id"]))
                if stop is None or item["id"] in seen:
                    raise ValidationError(_("优化结果与当前观摩点不一致，请重新运行优化。"))
                seen.add(str(item["id"]))
                arrive = datetime.time.fromisoformat(item["arrive"])
                _stop_save(user, stop, day=dates[day["date"]], order=position, planned_arrival=arrive)
            frame[day["date"]] = {"leave": day.get("leave"), "return": day.get("return"), "lunch": day.get("lunch"),
                                  "travel_minutes": day.get("travel_minutes")}
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(_("优化结果格式不正确，请重新运行优化。")) from exc
    if set(stops) - seen - {str(i) for i in result.get("unscheduled", [])}:
        raise ValidationError(_("优化结果与当前观摩点不一致，请重新运行优化。"))
    for pk in set(stops) - seen:
        _stop_save(user, stops[pk], day=None, order=0, planned_arrival=None)
    before = audit.snapshot(meeting)
    meeting.itinerary = {"days": frame, "total_travel_minutes": result.get("total_travel_minutes")}
    meeting.save(update_fields=["itinerary", "updated"])
    audit.record(user=user, action=ChangeAction.UPDATE, instance=meeting, before=before)
    return meeting


def _retime_day(user, meeting: Meeting, day: datetime.date) -> None:
    """Recompute a day's arrival times after a manual change, keeping its order (same rules as the optimiser:
    legs rounded up to whole minutes, lunch taken at a stop, never on the bus)."""
    stops = list(meeting.stops.filter(day=day).select_related("project").order_by("order", "pk"))
    data = itinerary_input(meeting) if stops else None
    day_index = meeting.days.index(day)
    t = _minutes(meeting.day_start)
    lunch_lo, lunch_hi, lunch_len = _minutes(meeting.lunch_from), _minutes(meeting.lunch_to), meeting.lunch_minutes
    lunch = None
    previous = "depot"
    for position, stop in enumerate(stops, start=1):
        t += math.ceil(itinerary.leg_minutes(data, day_index, previous, str(stop.pk)))
        arrive = t
        if lunch is None and arrive + stop.duration_minutes > lunch_hi - lunch_len and arrive >= lunch_lo - 30:
            lunch = {"start": max(arrive, lunch_lo), "at": str(stop.pk), "after": None if previous == "depot"
                     else previous}
            t = lunch["start"] + lunch_len  # the visit starts after lunch; `arrive` stays when the bus arrives
        _stop_save(user, stop, order=position, planned_arrival=_time(arrive))
        t += stop.duration_minutes
        if lunch is None and t >= lunch_lo:
            lunch = {"start": t, "at": str(stop.pk), "after": str(stop.pk)}
            t += lunch_len
        previous = str(stop.pk)
    back = t + math.ceil(itinerary.leg_minutes(data, day_index, previous, "depot")) if stops else None
    frame = dict(meeting.itinerary or {})
    frame.setdefault("days", {})
    frame["days"][day.isoformat()] = {
        "leave": _hhmm(meeting.day_start) if stops else None,
        "return": f"{back // 60:02d}:{back % 60:02d}" if back is not None else None,
        "lunch": {**lunch, "start": f"{lunch['start'] // 60:02d}:{lunch['start'] % 60:02d}",
                  "end": f"{(lunch['start'] + lunch_len) // 60:02d}:{(lunch['start'] + lunch_len) % 60:02d}"}
        if lunch else None,
        "travel_minutes": itinerary.travel_minutes_for(data, day_index, [str(s.pk) for s in stops]) if stops else 0,
        # A hand-made day may not fit its window: the planning page warns instead of refusing the change.
        "overrun": back is not None and back > _minutes(meeting.day_end),
        "lunch_outside": lunch is not None and lunch["start"] + lunch_len > lunch_hi,
    }
    Meeting.objects.filter(pk=meeting.pk).update(itinerary=frame)
    meeting.itinerary = frame


@transaction.atomic
def itinerary_lock(*, user, meeting: Meeting) -> Meeting:
    """Freeze the stops, their days, order and times (the agenda is printed from them)."""
    if meeting.stops.filter(day=None).exists():
        raise ValidationError(_("仍有未排入日程的观摩点，请先排定或移除后再锁定。"))
    return services.object_update(user=user, instance=meeting, data={"itinerary_locked": True})


@transaction.atomic
def itinerary_unlock(*, user, meeting: Meeting) -> Meeting:
    if meeting.status not in (MeetingStatus.PLANNING, MeetingStatus.SCHEDULED):
        raise ValidationError(_("会议已开始，行程不能再解锁。"))
    return services.object_update(user=user, instance=meeting, data={"itinerary_locked": False})
