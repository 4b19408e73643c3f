"""Helpers shared by the meetings services."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yuanqu.core import audit
from yuanqu.core.models import ChangeAction
from yuanqu.meetings.models import Meeting, Stop


def _hhmm(value: datetime.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def _minutes(value: datetime.time) -> int:
    return value.hour * 60 + value.minute


def _time(minutes: int) -> datetime.time:
    return datetime.time(min(minutes, 24 * 60 - 1) // 60, min(minutes, 24 * 60 - 1) % 60)


def _locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting row, locked for the transaction; refuses when the itinerary is locked."""
    fresh = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if fresh.itinerary_locked:
        raise ValidationError(_("行程已锁定，不能修改观摩点；如需调整请先解锁。"))
    return fresh


def _stop_save(user, stop: Stop, **changes) -> Stop:
    before = audit.snapshot(stop)
    for name, value in changes.items():
        setattr(stop, name, value)
    stop.full_clean()
    stop.save()
    audit.record(user=user, action=ChangeAction.UPDATE, instance=stop, before=before)
    return stop
