"""Attendees: personal links (issue, revoke) and check-in through the link."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yuanqu.core import audit, services
from yuanqu.core.models import ChangeAction
from yuanqu.meetings.models import FINISHED_STATUSES, Attendee, Meeting, MeetingStatus, new_token

# --- attendees ------------------------------------------------------------------------------------------------

ATTENDEE_FIELDS = ("name", "unit", "title", "region", "role")


def attendee_add(*, user, meeting: Meeting, data: dict) -> Attendee:
    """Add a person to the meeting; they get a fresh secret link."""
    clean = {k: v for k, v in data.items() if k in ATTENDEE_FIELDS}
    if not str(clean.get("name") or "").strip():
        raise ValidationError({"name": _("请填写姓名。")})
    return services.object_create(user=user, model=Attendee, data={**clean, "meeting": meeting})


@transaction.atomic
def attendee_import(*, user, meeting: Meeting, rows: list[dict], first_row: int = 1) -> list[Attendee]:
    """Add several attendees at once; any bad row (reported with its number, counted from `first_row`: 2 for a
    sheet under a header row) rolls back the whole import."""
    created = []
    for number, row in enumerate(rows, start=first_row):
        try:
            created.append(attendee_add(user=user, meeting=meeting, data=row))
        except ValidationError as exc:
            number = row.get("row", number)  # the sheet's own row number when the rows come from a file
            raise ValidationError(_("第%(n)d行：%(e)s") % {"n": number, "e": "；".join(exc.messages)}) from exc
    return created


def attendee_reissue_link(*, user, attendee: Attendee) -> Attendee:
    """A new secret link (the old one stops working at once) that is valid again if it was revoked."""
    return services.object_update(user=user, instance=attendee, data={
        "token": new_token(), "token_revoked": False, "token_issued": timezone.now()})


def attendee_revoke_link(*, user, attendee: Attendee) -> Attendee:
    """The attendee's link stops working until a new one is issued."""
    return services.object_update(user=user, instance=attendee, data={"token_revoked": True})


def live_links(now=None):
    """Attendees whose personal link works: not revoked, the meeting's scoring not closed (the link dies with it),
    and issued less than `settings.PERSONAL_LINK_DAYS` ago (a new link, `attendee_reissue_link`, starts again)."""
    issued_after = (now or timezone.now()) - datetime.timedelta(days=settings.PERSONAL_LINK_DAYS)
    return Attendee.objects.filter(token_revoked=False, token_issued__gt=issued_after).exclude(
        meeting__status__in=FINISHED_STATUSES)


def attendee_by_token(token: str) -> Attendee | None:
    """The attendee of a working personal link (`live_links`), or None."""
    if not token or len(token) > 64:
        return None
    return live_links().select_related("meeting", "region").filter(token=token).first()


@transaction.atomic
def attendee_check_in(*, token: str) -> Attendee:
    """Check in through the personal link (no sign-in), once the programme is fixed (scheduled or under way);
    checking in twice keeps the first time."""
    attendee = attendee_by_token(token)
    if attendee is None:
        raise ValidationError(_("链接无效或已作废，请联系会务组。"))
    attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
    if attendee.meeting.status == MeetingStatus.PLANNING:
        raise ValidationError(_("会议日程确定后才能签到。"))
    if not attendee.meeting.check_in_open:
        raise ValidationError(_("会议已结束，不能再签到。"))
    if attendee.checked_in_at is None:
        before = audit.snapshot(attendee)
        attendee.checked_in_at = timezone.now()
        attendee.save(update_fields=["checked_in_at", "updated"])
        audit.record(user=None, action=ChangeAction.UPDATE, instance=attendee, before=before)
    return attendee
