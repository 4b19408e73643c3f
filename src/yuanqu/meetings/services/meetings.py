"""Meetings (status transitions) and their demands."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yuanqu.core import services
from yuanqu.meetings.models import Demand, Meeting, MeetingStatus
from yuanqu.meetings.services.base import _stop_save
from yuanqu.meetings.services.stops import _retime_day

# The fields the stops' planned times are computed from.
TIMING_FIELDS = ("depot_latitude", "depot_longitude", "day_start", "day_end", "lunch_from", "lunch_to", "lunch_minutes")

# planning → scheduled → under way → closed → published; a schedule may be reopened before the meeting starts.
ALLOWED_TRANSITIONS = {
    MeetingStatus.PLANNING: {MeetingStatus.SCHEDULED},
    MeetingStatus.SCHEDULED: {MeetingStatus.PLANNING, MeetingStatus.UNDER_WAY},
    MeetingStatus.UNDER_WAY: {MeetingStatus.CLOSED},
    MeetingStatus.CLOSED: {MeetingStatus.PUBLISHED},
    MeetingStatus.PUBLISHED: set(),
}


def _check_transition(old: str, new: str) -> None:
    if old != new and new not in ALLOWED_TRANSITIONS.get(old, set()):
        raise ValidationError(
            {
                "status": _("会议状态不能从“%(old)s”改为“%(new)s”。")
                % {"old": MeetingStatus(old).label, "new": MeetingStatus(new).label}
            }
        )


# --- meetings -------------------------------------------------------------------------------------------------


def meeting_create(*, user, data: dict) -> Meeting:
    """Create a meeting; a new meeting always starts in planning."""
    return services.object_create(user=user, model=Meeting, data={**data, "status": MeetingStatus.PLANNING})


@transaction.atomic
def meeting_update(*, user, meeting: Meeting, data: dict) -> Meeting:
    """Change a meeting's fields; a status change must be an allowed transition."""
    old = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if "status" in data:
        _check_transition(old.status, data["status"])
        if data["status"] == MeetingStatus.SCHEDULED != old.status and not old.stops.exclude(day=None).exists():
            raise ValidationError({"status": _("还没有排定日程的观摩点，不能定为“已定日程”。")})
    days_before, timing_before = old.days, [getattr(old, name) for name in TIMING_FIELDS]
    # Update the fresh row: a stale instance would write back an outdated itinerary frame.
    meeting = services.object_update(user=user, instance=old, data=data)
    timing_changed = [getattr(meeting, name) for name in TIMING_FIELDS] != timing_before
    if (timing_changed or meeting.days != days_before) and old.itinerary_locked:
        raise ValidationError(_("行程已锁定：请先解锁，再修改会议日期、出发返回时间、午餐时间或集合点。"))
    if meeting.days != days_before:
        # Stops on a day the meeting no longer has go back to "not scheduled".
        for stop in meeting.stops.exclude(day__in=meeting.days).exclude(day=None):
            _stop_save(user, stop, day=None, planned_arrival=None, order=0)
    if timing_changed:
        # The planned times follow: each scheduled day keeps its order and is timed again.
        for day in sorted(set(meeting.stops.exclude(day=None).values_list("day", flat=True))):
            _retime_day(user, meeting, day)
    return meeting


@transaction.atomic
def meeting_set_status(*, user, meeting: Meeting, status: str) -> Meeting:
    """Move the meeting to `status` (allowed transitions only; a Chinese ValidationError otherwise)."""
    if status not in MeetingStatus.values:
        raise ValidationError(_("未知的会议状态：%(s)s") % {"s": status})
    return meeting_update(user=user, meeting=meeting, data={"status": status})


# --- demands --------------------------------------------------------------------------------------------------


def demand_add(*, user, meeting: Meeting, data: dict) -> Demand:
    order = (meeting.demands.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    fields = {k: v for k, v in data.items() if k in ("text", "owner_unit", "deadline")}
    return services.object_create(user=user, model=Demand, data={"order": order, **fields, "meeting": meeting})


def demand_remove(*, user, demand: Demand) -> None:
    services.object_delete(user=user, instance=demand)
