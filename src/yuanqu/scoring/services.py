"""Every write of the scoring app: audited, in one transaction, with Chinese messages (and a code) on bad input.

Raters write through their personal link (no sign-in): `score_submit` and `score_undo` take the link's token.
Submissions are append-only versions, so "last write wins" never loses what was written before.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yuanqu.core import access, audit, services
from yuanqu.core.models import ChangeAction
from yuanqu.meetings import services as meeting_services
from yuanqu.meetings.models import FINISHED_STATUSES, Attendee, AttendeeRole, Meeting, MeetingStatus, Stop
from yuanqu.scoring import cards, selectors
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


def _token_shape(token) -> bool:
    return isinstance(token, str) and 0 < len(token) <= 64


def _check_rater(attendee: Attendee | None) -> Attendee:
    """The rule of a valid rater's link (the same as meetings' attendee_by_token), on an attendee already read."""
    if attendee is not None and attendee.meeting.status in FINISHED:
        # the link died with the scoring: say so, rather than "invalid", to a phone that queued a card
        raise _refuse(_("会议评分已结束，不能再提交。"), "meeting_closed")
    if attendee is None or not attendee.link_works():
        raise _refuse(_("链接无效或已作废，请联系会务组。"), "invalid_link")
    if attendee.role != AttendeeRole.RATER:
        raise _refuse(_("您不是本次会议的评分人。"), "not_rater")
    return attendee


def _rater(token: str, *, lock: bool = False) -> Attendee:
    """The rater of a valid link. With `lock` the row is locked for the transaction: one rater's writes are
    serialised, so a retry racing its original waits and then finds the stored row."""
    attendee = None
    if _token_shape(token):
        rows = Attendee.objects.select_related("meeting").filter(token=token, token_revoked=False)
        attendee = (rows.select_for_update(of=("self",)) if lock else rows).first()
    return _check_rater(attendee)


def _stop_pk(stop_id) -> int | None:
    try:
        return int(stop_id)
    except (TypeError, ValueError):
        return None


def _check_stop(attendee: Attendee, stop: Stop | None) -> Stop:
    """The rules of scoring a stop (its meeting's, not recused, still open), on a stop already read."""
    if stop is None:
        raise _refuse(_("本次会议没有这个观摩点。"), "unknown_stop")
    if attendee.recused_from(stop):
        raise _refuse(_("“%(s)s”是您所在区县的项目，按回避规定不能评分。") % {"s": stop}, "recused")
    if attendee.meeting.status in FINISHED:
        raise _refuse(_("会议评分已结束，不能再提交。"), "meeting_closed")
    if stop.closed:
        raise _refuse(_("“%(s)s”的评分已截止，不能再提交或修改。") % {"s": stop}, "stop_closed")
    return stop


def _open_stop(attendee: Attendee, stop_id) -> Stop:
    pk = _stop_pk(stop_id)
    stop = None if pk is None else Stop.objects.select_related("project").filter(
        pk=pk, meeting_id=attendee.meeting_id).first()
    return _check_stop(attendee, stop)


def _scheme(meeting_id: int) -> ScoringScheme:
    scheme = ScoringScheme.objects.filter(meeting_id=meeting_id).prefetch_related("criteria").first()
    if scheme is None:
        raise _refuse(_("本次会议尚未设置评分方案。"), "no_scheme")
    return scheme


def _plain_number(value: float) -> int | float:
    """27.0 is stored (and exported, and hashed) as 27: the same score always has the same digest."""
    return int(value) if float(value).is_integer() else float(value)


def clean_values(scheme: ScoringScheme | list[ScoringCriterion], values) -> dict:
    """Every criterion present, each a number in [0, maximum]; raises a Chinese ValidationError naming the item.

    `scheme` is a scheme or its criteria, in order."""
    if not isinstance(values, dict):
        raise _refuse(_("评分数据格式错误。"), "bad_values")
    criteria = scheme if isinstance(scheme, list) else list(scheme.criteria.all())
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


def _stored(attendee: Attendee, stop_id, key: str) -> SubmissionResult:
    """The row a concurrent duplicate of `key` stored meanwhile, replayed; `conflict` if it is gone again."""
    stored = Submission.objects.filter(idempotency_key=key).first()
    if stored is None:
        raise _refuse(_("提交冲突，请重试。"), "conflict")
    return _replay(attendee, stop_id, stored)


def _append(*, attendee: Attendee, stop: Stop, key: str, values: dict, withdrawn: bool,
            client_time: datetime.datetime | None, current: Submission | None) -> SubmissionResult:
    """Append the next version and make it current; a concurrent duplicate of `key` returns the stored row."""
    try:
        row = cards.append(attendee=attendee, stop=stop, key=key, values=values, withdrawn=withdrawn,
                           client_time=client_time, current_id=current.pk if current else None,
                           current_version=current.version if current else 0)
    except cards.KeyTaken:
        return _stored(attendee, stop.pk, key)
    return SubmissionResult.of(row)


def score_submit(*, token: str, stop_id, values, idempotency_key: str,
                 client_time: datetime.datetime | None = None) -> SubmissionResult:
    """Store a rater's card for a stop as a new version (last write wins), or return the stored one for a retry.

    Refused with a Chinese ValidationError (``code``): invalid_link, not_rater, unknown_stop, recused,
    meeting_closed, stop_closed, no_scheme, bad_values, missing_value, out_of_bounds, bad_key, key_reused.
    A card written on the phone before the current one (`client_time`) is not applied over it.
    One short transaction of two or three statements whatever the size of the meeting (scoring.cards).
    """
    if not _token_shape(token):
        _check_rater(None)
    key_shape = isinstance(idempotency_key, str) and 0 < len(idempotency_key) <= KEY_MAX_LENGTH
    card = {"token": token, "stop_id": _stop_pk(stop_id), "key": idempotency_key if key_shape else None,
            "client_time": client_time}
    try:
        try:
            return _submit(card, stop_id, values, wait=False)
        except cards.Busy:  # another transaction holds the rater or the stop: wait for it, then read
            return _submit(card, stop_id, values, wait=True)
    except cards.KeyTaken as taken:  # a duplicate of the key committed between the read and the insert
        return _stored(taken.attendee, stop_id, idempotency_key)


@transaction.atomic
def _submit(card: dict, stop_id, values, *, wait: bool) -> SubmissionResult:
    known = cards.read(**card, wait=wait)
    attendee = _check_rater(known.attendee)
    key = _check_key(card["key"])
    if known.stored_id is not None:  # a retry
        return _replay(attendee, stop_id, Submission.objects.get(pk=known.stored_id))
    stop = _check_stop(attendee, known.stop)
    if known.criteria is None:
        raise _refuse(_("本次会议尚未设置评分方案。"), "no_scheme")
    clean = clean_values(known.criteria, values)
    if known.current_is_newer:  # an older edit arriving late never overwrites a newer one
        return SubmissionResult.of(Submission.objects.get(pk=known.current_id), replayed=True)
    row = cards.append(attendee=attendee, stop=stop, key=key, values=clean, withdrawn=False,
                       client_time=card["client_time"], current_id=known.current_id,
                       current_version=known.current_version, savepoint=False)
    return SubmissionResult.of(row)


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
    # A card locks its rater's row while it checks and writes (scoring.cards): locking every rater of the meeting
    # first makes the close wait for the cards in flight and the cards arriving meanwhile wait for the close.
    list(Attendee.objects.filter(meeting_id=stop.meeting_id).order_by("pk").select_for_update().values_list("pk"))
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
