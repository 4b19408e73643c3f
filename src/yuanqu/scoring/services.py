"""Every write of the scoring app: audited, in one transaction, with Chinese messages (and a code) on bad input.

Raters write through their personal link (no sign-in): `score_submit` and `score_undo` take the link's token.
Submissions are append-only versions, so "last write wins" never loses what was written before.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yuanqu.core import access, audit, services
from yuanqu.core.models import ChangeAction
from yuanqu.meetings import services as meeting_services
from yuanqu.meetings.models import FINISHED_STATUSES, Attendee, AttendeeRole, Meeting, MeetingStatus, Stop
from yuanqu.scoring import selectors
from yuanqu.scoring.models import Result, ScoringCriterion, ScoringScheme, Submission
from yuanqu.scoring.scheme import DEFAULT_CRITERIA
from yuanqu.scoring.verify import recompute

UNDO_SECONDS = 60
KEY_MAX_LENGTH = 80
FINISHED = FINISHED_STATUSES


def _refuse(message: str, code: str):
    return ValidationError(message, code=code)


@dataclass(frozen=True)
class SubmissionResult:
    """What the server holds for one (rater, stop) after a submit or undo; `replayed` = nothing was written."""

    stop_id: int
    version: int
    values: dict
    withdrawn: bool
    received_at: datetime.datetime
    idempotency_key: str
    replayed: bool = False

    @classmethod
    def of(cls, row: Submission, *, replayed: bool = False) -> SubmissionResult:
        return cls(stop_id=row.stop_id, version=row.version, values=row.values, withdrawn=row.withdrawn,
                   received_at=row.received_at, idempotency_key=row.idempotency_key, replayed=replayed)

    def as_dict(self) -> dict:
        return {"stop": self.stop_id, "version": self.version, "values": self.values, "withdrawn": self.withdrawn,
                "received_at": self.received_at.isoformat(), "idempotency_key": self.idempotency_key,
                "replayed": self.replayed}


# --- schemes --------------------------------------------------------------------------------------------------


@transaction.atomic
def scheme_create_default(*, user, meeting: Meeting) -> ScoringScheme:
    """The default scheme: 发展质态 30, 智能制造水平 25, 资源整合度 20, 产业带动性 25; trim 1+1 from 5 raters."""
    access.check(user, access.CHANGE, meeting)
    if ScoringScheme.objects.filter(meeting=meeting).exists():
        raise _refuse(_("本次会议已有评分方案。"), "scheme_exists")
    scheme = services.object_create(user=user, model=ScoringScheme, data={"meeting": meeting})
    for order, c in enumerate(DEFAULT_CRITERIA, start=1):
        services.object_create(user=user, model=ScoringCriterion, data={
            "scheme": scheme, "key": c.key, "name": c.name, "weight": c.weight, "maximum": c.maximum, "order": order,
        })
    return scheme


@transaction.atomic
def scheme_update(*, user, scheme: ScoringScheme, data: dict) -> ScoringScheme:
    """Change the trim rule, normalisation, kind, groups or hiding; refused once scores exist."""
    if Submission.objects.filter(stop__meeting_id=scheme.meeting_id).exists():
        raise _refuse(_("已有评分记录，不能再修改评分方案。"), "scheme_in_use")
    allowed = {"kind", "trim", "trim_min_raters", "normalise", "hide_until_close", "groups"}
    return services.object_update(user=user, instance=scheme, data={k: v for k, v in data.items() if k in allowed})


# --- raters' submissions --------------------------------------------------------------------------------------


def _rater(token: str, *, lock: bool = False) -> Attendee:
    """The rater of a valid link (the same rule as meetings' attendee_by_token). With `lock` the row is locked for
    the transaction: one rater's writes are serialised, so a retry racing its original waits and then finds the
    stored row."""
    attendee = None
    if isinstance(token, str) and 0 < len(token) <= 64:
        rows = Attendee.objects.select_related("meeting").filter(token=token, token_revoked=False)
        attendee = (rows.select_for_update(of=("self",)) if lock else rows).first()
    if attendee is not None and attendee.meeting.status in FINISHED:
        # the link died with the scoring: say so, rather than "invalid", to a phone that queued a card
        raise _refuse(_("会议评分已结束，不能再提交。"), "meeting_closed")
    if attendee is None or not attendee.link_works():
        raise _refuse(_("链接无效或已作废，请联系会务组。"), "invalid_link")
    if attendee.role != AttendeeRole.RATER:
        raise _refuse(_("您不是本次会议的评分人。"), "not_rater")
    return attendee


def _open_stop(attendee: Attendee, stop_id) -> Stop:
    try:
        stop = Stop.objects.select_related("project").get(pk=int(stop_id), meeting_id=attendee.meeting_id)
    except (TypeError, ValueError, Stop.DoesNotExist) as exc:
        raise _refuse(_("本次会议没有这个观摩点。"), "unknown_stop") from exc
    if attendee.recused_from(stop):
        raise _refuse(_("“%(s)s”是您所在区县的项目，按回避规定不能评分。") % {"s": stop}, "recused")
    if attendee.meeting.status in FINISHED:
        raise _refuse(_("会议评分已结束，不能再提交。"), "meeting_closed")
    if stop.closed:
        raise _refuse(_("“%(s)s”的评分已截止，不能再提交或修改。") % {"s": stop}, "stop_closed")
    return stop


def _scheme(meeting_id: int) -> ScoringScheme:
    scheme = ScoringScheme.objects.filter(meeting_id=meeting_id).prefetch_related("criteria").first()
    if scheme is None:
        raise _refuse(_("本次会议尚未设置评分方案。"), "no_scheme")
    return scheme


def _plain_number(value: float) -> int | float:
    """27.0 is stored (and exported, and hashed) as 27: the same score always has the same digest."""
    return int(value) if float(value).is_integer() else float(value)


def clean_values(scheme: ScoringScheme, values) -> dict:
    """Every criterion present, each a number in [0, maximum]; raises a Chinese ValidationError naming the item."""
    if not isinstance(values, dict):
        raise _refuse(_("评分数据格式错误。"), "bad_values")
    criteria = list(scheme.criteria.all())
    unknown = set(values) - {c.key for c in criteria}
    if unknown:
        raise _refuse(_("未知的评分项：%(k)s") % {"k": "、".join(sorted(map(str, unknown)))}, "bad_values")
    clean = {}
    for c in criteria:
        value = values.get(c.key)
        if value is None or value == "":
            raise _refuse(_("请填写“%(n)s”。") % {"n": c.name}, "missing_value")
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                value = None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise _refuse(_("“%(n)s”须填写数字。") % {"n": c.name}, "bad_values")
        if not 0 <= value <= c.maximum:
            raise _refuse(_("“%(n)s”应在 0 到 %(m)s 分之间，您填写的是 %(v)s。")
                          % {"n": c.name, "m": f"{c.maximum:g}", "v": f"{value:g}"}, "out_of_bounds")
        clean[c.key] = _plain_number(round(value, 2))
    return clean


def _check_key(idempotency_key) -> str:
    if not isinstance(idempotency_key, str) or not 0 < len(idempotency_key) <= KEY_MAX_LENGTH:
        raise _refuse(_("缺少提交编号（幂等键），请刷新页面后重试。"), "bad_key")
    return idempotency_key


def _replay(attendee: Attendee, stop_id, stored: Submission) -> SubmissionResult:
    if stored.attendee_id != attendee.pk or str(stored.stop_id) != str(stop_id):
        raise _refuse(_("提交编号已被使用，请刷新页面后重试。"), "key_reused")
    return SubmissionResult.of(stored, replayed=True)


def _append(*, attendee: Attendee, stop: Stop, key: str, values: dict, withdrawn: bool,
            client_time: datetime.datetime | None, current: Submission | None) -> SubmissionResult:
    """Append the next version and make it current; a concurrent duplicate of `key` returns the stored row."""
    try:
        with transaction.atomic():
            if current is not None:
                Submission.objects.filter(pk=current.pk).update(is_current=False)
            row = Submission.objects.create(
                attendee=attendee, stop=stop, idempotency_key=key, values=values, withdrawn=withdrawn,
                version=(current.version if current else 0) + 1, is_current=True, client_time=client_time,
            )
    except IntegrityError as exc:
        stored = Submission.objects.filter(idempotency_key=key).first()
        if stored is not None:
            return _replay(attendee, stop.pk, stored)
        raise _refuse(_("提交冲突，请重试。"), "conflict") from exc
    audit.record(user=None, action=ChangeAction.CREATE, instance=row, before=None)
    return SubmissionResult.of(row)


def score_submit(*, token: str, stop_id, values, idempotency_key: str,
                 client_time: datetime.datetime | None = None) -> SubmissionResult:
    """Store a rater's card for a stop as a new version (last write wins), or return the stored one for a retry.

    Refused with a Chinese ValidationError (``code``): invalid_link, not_rater, unknown_stop, recused,
    meeting_closed, stop_closed, no_scheme, bad_values, missing_value, out_of_bounds, bad_key, key_reused.
    A card written on the phone before the current one (`client_time`) is not applied over it.
    Validation runs before the write transaction (short transactions: SQLite has one writer at a time); the
    key, the closing and the current version are checked again under the rater's lock.
    """
    attendee = _rater(token)
    key = _check_key(idempotency_key)
    stored = Submission.objects.filter(idempotency_key=key).first()
    if stored is not None:
        return _replay(attendee, stop_id, stored)
    stop = _open_stop(attendee, stop_id)
    clean = clean_values(_scheme(attendee.meeting_id), values)
    return _submit_locked(token=token, stop_id=stop.pk, key=key, values=clean, client_time=client_time)


def _hold_stop_open(stop_id: int) -> None:
    """Closing a stop updates its row (an exclusive lock); a submission holds the row FOR SHARE until it commits.
    So a card is either stored before the close commits or sees the stop closed and is refused — never accepted
    after a close that was already acknowledged. Many raters share the lock at once. SQLite needs nothing: its
    write transactions (BEGIN IMMEDIATE) are serialised already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {Stop._meta.db_table} WHERE id = %s FOR SHARE", [int(stop_id)])


@transaction.atomic
def _submit_locked(*, token: str, stop_id: int, key: str, values: dict,
                   client_time: datetime.datetime | None) -> SubmissionResult:
    attendee = _rater(token, lock=True)
    stored = Submission.objects.filter(idempotency_key=key).first()
    if stored is not None:
        return _replay(attendee, stop_id, stored)
    _hold_stop_open(stop_id)
    stop = _open_stop(attendee, stop_id)  # closed meanwhile?
    current = Submission.objects.filter(attendee=attendee, stop=stop, is_current=True).first()
    if current is not None and current.client_time and client_time and client_time < current.client_time:
        return SubmissionResult.of(current, replayed=True)  # an older edit arriving late never overwrites a newer one
    return _append(attendee=attendee, stop=stop, key=key, values=values, withdrawn=False, client_time=client_time,
                   current=current)


@transaction.atomic
def score_undo(*, token: str, stop_id, version: int) -> SubmissionResult:
    """Take back version `version` within UNDO_SECONDS: the previous version comes back (or the score is withdrawn).

    Idempotent: undoing the same version twice returns the first undo.
    """
    attendee = _rater(token, lock=True)
    key = f"undo-{attendee.pk}-{stop_id}-{version}"
    stored = Submission.objects.filter(idempotency_key=key).first()
    if stored is not None:
        return _replay(attendee, stop_id, stored)
    stop = _open_stop(attendee, stop_id)
    current = Submission.objects.filter(attendee=attendee, stop=stop, is_current=True).first()
    if current is None or current.version != version:
        raise _refuse(_("只能撤销最近一次提交。"), "undo_stale")
    if (timezone.now() - current.received_at).total_seconds() > UNDO_SECONDS:
        raise _refuse(_("已超过 %(s)d 秒，不能撤销；如需更正请直接修改分数。") % {"s": UNDO_SECONDS}, "undo_expired")
    previous = Submission.objects.filter(attendee=attendee, stop=stop, version=version - 1).first()
    values, withdrawn = (previous.values, previous.withdrawn) if previous else ({}, True)
    return _append(attendee=attendee, stop=stop, key=key, values=values, withdrawn=withdrawn, client_time=None,
                   current=current)


# --- closing and publishing -----------------------------------------------------------------------------------


def _set_closed(user, stop: Stop, closed: bool) -> Stop:
    stop = Stop.objects.select_for_update().get(pk=stop.pk)
    if stop.closed != closed:
        before = audit.snapshot(stop)
        stop.closed = closed
        stop.save(update_fields=["closed", "updated"])
        audit.record(user=user, action=ChangeAction.UPDATE, instance=stop, before=before)
    return stop


@transaction.atomic
def stop_close(*, user, stop: Stop) -> Stop:
    """Scoring of this stop ends: later entries and changes are refused."""
    access.check(user, access.CHANGE, stop.meeting)
    return _set_closed(user, stop, True)


@transaction.atomic
def stop_reopen(*, user, stop: Stop) -> Stop:
    """Reopen a stop closed by mistake; impossible once the meeting's scoring is closed."""
    access.check(user, access.CHANGE, stop.meeting)
    if Meeting.objects.get(pk=stop.meeting_id).status in FINISHED:
        raise _refuse(_("会议评分已结束，不能重新开放观摩点。"), "meeting_closed")
    return _set_closed(user, stop, False)


@transaction.atomic
def meeting_close(*, user, meeting: Meeting) -> Meeting:
    """Close every stop and move the meeting to 已结束 (through 进行中 if it was only scheduled). Locks the scores."""
    access.check(user, access.CHANGE, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status in FINISHED:
        raise _refuse(_("会议评分已经结束。"), "meeting_closed")
    _scheme(meeting.pk)
    for stop in meeting.stops.filter(closed=False):
        _set_closed(user, stop, True)
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting = meeting_services.meeting_set_status(user=user, meeting=meeting, status=MeetingStatus.UNDER_WAY)
    return meeting_services.meeting_set_status(user=user, meeting=meeting, status=MeetingStatus.CLOSED)


@transaction.atomic
def results_publish(*, user, meeting: Meeting) -> Result:
    """Store the export and its recomputation as the published result, and move the meeting to 已发布."""
    access.check(user, access.CHANGE, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.CLOSED:
        raise _refuse(_("请先结束评分（关闭全部观摩点）再发布结果。"), "not_closed")
    if Result.objects.filter(meeting=meeting).exists():
        raise _refuse(_("结果已经发布。"), "published")
    export = selectors.scores_export(meeting=meeting)
    result = Result.objects.create(meeting=meeting, published_by=getattr(user, "username", ""),
                                   digest=export["sha256"], export=export, payload=recompute(export))
    audit.record(user=user, action=ChangeAction.CREATE, instance=result, before=None)
    meeting_services.meeting_set_status(user=user, meeting=meeting, status=MeetingStatus.PUBLISHED)
    return result
