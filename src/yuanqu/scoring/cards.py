"""The raters' card path in as few statements as its guarantees allow (issue 14).

A phone's card is one transaction of, on PostgreSQL, two statements: one SELECT that reads the rater, the meeting,
the stop, the scheme with its criteria, the current version and any row already stored under the idempotency key
while it locks the rater's row (FOR UPDATE); then one data-modifying statement that inserts the card ON CONFLICT
(idempotency_key) DO NOTHING together with its audit entry. The rater's lock serialises one rater's writes, and it
is what a close waits for: closing a stop locks the rows of all the meeting's raters first (services._set_closed),
so a card is either stored before the close commits or reads the stop closed, never accepted after a close that was
already acknowledged. Raters never share a lock (no FOR SHARE on the stop, whose row every rater would lock).
A change of an earlier card adds the UPDATE that retires the current version. SQLite has no row locks (its
BEGIN IMMEDIATE serialises writers already) and no data-modifying CTEs: the audit entry is a second INSERT in the
same transaction.

The lock is taken NOWAIT. A locking SELECT that had to wait would read the joined rows (the current version, the
stored key, the stop) as they were before the other transaction committed; so when the lock is busy (the same
rater's retry racing its original, a stop being closed) the path starts again the slow way: lock, then read.

The rules themselves (link, recusal, closing, values) are the services' own functions, given model instances built
from the row: there is one rule, not a second copy in SQL.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import psycopg
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from yuanqu.core import audit
from yuanqu.core.models import ChangeAction, ObjectChange
from yuanqu.meetings.models import Attendee, Meeting, Stop
from yuanqu.projects.models import Project
from yuanqu.scoring.models import ScoringCriterion, Submission


@dataclass
class Context:
    """What the read tells about a card before any write."""

    attendee: Attendee | None
    stop: Stop | None
    criteria: list[ScoringCriterion] | None  # None: the meeting has no scheme
    stored_id: int | None = None  # the row already under the key
    current_id: int | None = None  # the rater's current version for the stop
    current_version: int = 0
    current_is_newer: bool = False  # the current version was written on the phone after this card


NOTHING = Context(attendee=None, stop=None, criteria=None)


def _tables() -> dict:
    return {name: model._meta.db_table for name, model in {
        "attendee": Attendee, "meeting": Meeting, "stop": Stop, "project": Project, "submission": Submission,
        "criterion": ScoringCriterion, "scheme": ScoringCriterion._meta.get_field("scheme").related_model,
        "change": ObjectChange,
    }.items()}


_CONTEXT_SQL = """
SELECT a.id, a.name, a.unit, a.role, a.region_id, a.token_issued, m.id, m.status,
       s.id, s.closed, p.id, p.name, p.region_id,
       k.id, cur.id, cur.version, {newer},
       sch.id, c.key, c.name, c.maximum
FROM {attendee} a
JOIN {meeting} m ON m.id = a.meeting_id
LEFT JOIN {stop} s ON s.id = %s AND s.meeting_id = a.meeting_id
LEFT JOIN {project} p ON p.id = s.project_id
LEFT JOIN {submission} k ON k.idempotency_key = %s
LEFT JOIN {submission} cur ON cur.attendee_id = a.id AND cur.stop_id = s.id AND cur.is_current = %s
LEFT JOIN {scheme} sch ON sch.meeting_id = a.meeting_id
LEFT JOIN {criterion} c ON c.scheme_id = sch.id
WHERE a.token = %s AND a.token_revoked = %s
ORDER BY c."order", c.id{locking}
"""

_LOCK_SQL = "SELECT a.id FROM {attendee} a WHERE a.token = %s AND a.token_revoked = %s FOR UPDATE"


class Busy(Exception):
    """A lock the read asked for NOWAIT is held by another transaction: start again with `read(wait=True)`."""


def _convert(model, field: str, value):
    """A value read by raw SQL as the ORM would give it (SQLite returns datetimes as text)."""
    model_field = model._meta.get_field(field)
    for converter in connection.ops.get_db_converters(model_field.get_col(model._meta.db_table)):
        value = converter(value, model_field.get_col(model._meta.db_table), connection)
    return value


def _db(model, field: str, value):
    return model._meta.get_field(field).get_db_prep_save(value, connection)


def _row(model, instance, names: list[str]) -> tuple[str, list]:
    """The quoted column list and the database values of `instance`'s fields `names`, as the ORM would write them."""
    fields = [model._meta.get_field(name) for name in names]
    values = [field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields]
    return ", ".join(connection.ops.quote_name(field.column) for field in fields), values


def _cursor():
    """A cursor for the card statements. On PostgreSQL it binds on the server and prepares each statement once per
    connection (psycopg's prepare=True; connections persist, YUANQU_DB_CONN_MAX_AGE): the card path is a handful
    of fixed statements run thousands of times, and planning them cost more than running them. Django's own
    cursors bind on the client and never prepare. The cursor is wrapped as Django wraps its own, so the
    statements are logged, counted by tests and seen by execute_wrapper."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    raw = _Prepared(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


class _Prepared(psycopg.Cursor):
    def execute(self, query, params=None, **kwargs):
        return super().execute(query, params, prepare=True, **kwargs)


def _context_sql(*, lock: bool, client_time) -> str:
    return _CONTEXT_SQL.format(
        **_tables(),
        newer="cur.client_time > %s" if client_time is not None else "0 = 1",
        locking=" FOR UPDATE OF a NOWAIT" if lock else "",
    )


def _fetch(*, token: str, stop_id: int | None, key: str | None, client_time, lock: bool) -> list[tuple]:
    params = [stop_id, key, True, token, False]
    if client_time is not None:
        params.insert(0, _db(Submission, "client_time", client_time))
    with _cursor() as cursor:
        try:
            cursor.execute(_context_sql(lock=lock, client_time=client_time), params)
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) == "55P03":  # lock_not_available
                raise Busy from exc
            raise
        return cursor.fetchall()


def read(*, token: str, stop_id: int | None, key: str | None, client_time: datetime.datetime | None,
         wait: bool = False) -> Context:
    """Everything a card is checked against, read inside the write transaction, the rater locked.

    Raises Busy if a lock is held (PostgreSQL); with `wait` it waits for the locks first, then reads."""
    postgres = connection.vendor == "postgresql"
    if postgres and wait:
        with _cursor() as cursor:
            cursor.execute(_LOCK_SQL.format(**_tables()), [token, False])
    rows = _fetch(token=token, stop_id=stop_id, key=key, client_time=client_time, lock=postgres and not wait)
    if not rows:
        return NOTHING
    (a_id, a_name, a_unit, a_role, a_region, a_issued, m_id, m_status, s_id, s_closed, p_id, p_name, p_region,
     k_id, cur_id, cur_version, newer, scheme_id, *_) = rows[0]
    meeting = Meeting(id=m_id, status=m_status)
    attendee = Attendee(id=a_id, meeting=meeting, name=a_name, unit=a_unit, role=a_role, region_id=a_region,
                        token=token, token_revoked=False, token_issued=_convert(Attendee, "token_issued", a_issued))
    stop = None
    if s_id is not None:
        stop = Stop(id=s_id, meeting=meeting, closed=bool(s_closed),
                    project=Project(id=p_id, name=p_name, region_id=p_region))
    criteria = None
    if scheme_id is not None:
        criteria = [ScoringCriterion(scheme_id=scheme_id, key=row[18], name=row[19], maximum=row[20])
                    for row in rows if row[18] is not None]
    return Context(attendee=attendee, stop=stop, criteria=criteria, stored_id=k_id, current_id=cur_id,
                   current_version=cur_version or 0, current_is_newer=bool(newer))


class KeyTaken(Exception):
    """The INSERT met a row under the same key, written meanwhile: the transaction is undone. Carries the rater:
    a replay returns the stored row only if it is this rater's."""

    def __init__(self, attendee: Attendee):
        super().__init__(attendee.pk)
        self.attendee = attendee


def append(*, attendee: Attendee, stop: Stop, key: str, values: dict, withdrawn: bool,
           client_time: datetime.datetime | None, current_id: int | None, current_version: int,
           savepoint: bool = True) -> Submission:
    """Retire the current version and insert the next with its audit entry; KeyTaken if the key is taken.

    Runs inside the caller's transaction. KeyTaken leaves nothing written: it is raised from a savepoint, or,
    with `savepoint=False`, the caller lets it roll back its whole transaction (one round trip pair fewer).
    """
    row = Submission(attendee=attendee, stop=stop, idempotency_key=key, values=values, withdrawn=withdrawn,
                     version=current_version + 1, is_current=True, client_time=client_time,
                     received_at=timezone.now())
    tables = _tables()
    card_fields = ["attendee", "stop", "idempotency_key", "values", "version", "is_current", "withdrawn",
                   "received_at", "client_time"]
    columns, card = _row(Submission, row, card_fields)
    # the audit entry as audit.record writes it (one rule), its object_id taken from the inserted card
    logged = audit.entry(user=None, action=ChangeAction.CREATE, instance=row, before=None)
    logged.time = row.received_at
    change_columns, change = _row(ObjectChange, logged, ["time", "user", "user_name", "request_id", "action",
                                                         "content_type", "object_repr", "before", "after"])
    change_columns += ", object_id"
    insert_card = (f"INSERT INTO {tables['submission']} ({columns}) "
                   f"VALUES ({', '.join(['%s'] * len(card))}) ON CONFLICT (idempotency_key) DO NOTHING")
    with transaction.atomic(savepoint=savepoint), _cursor() as cursor:
        if current_id is not None:
            cursor.execute(f"UPDATE {tables['submission']} SET is_current = %s WHERE id = %s", [False, current_id])
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH card AS ({insert_card} RETURNING id) "
                f"INSERT INTO {tables['change']} ({change_columns}) "
                f"SELECT {', '.join(['%s'] * len(change))}, card.id::text FROM card RETURNING object_id",
                card + change,
            )
            inserted = cursor.fetchone()
        else:
            cursor.execute(insert_card + " RETURNING id", card)
            inserted = cursor.fetchone()
            if inserted is not None:
                cursor.execute(
                    f"INSERT INTO {tables['change']} ({change_columns}) "
                    f"VALUES ({', '.join(['%s'] * (len(change) + 1))})", change + [str(inserted[0])],
                )
        if inserted is None:
            raise KeyTaken(attendee)
    row.pk = int(inserted[0])
    return row
