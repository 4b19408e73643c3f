"""Scoring services: idempotent submits, last write wins with every version kept and audited, refusals that write
nothing, undo, close and publish, and an export anyone can recompute to the published result."""

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ProjectFactory
from tests.scoring.conftest import card
from yuanqu.core.audit import history
from yuanqu.core.models import ObjectChange
from yuanqu.meetings import services as meeting_services
from yuanqu.meetings.models import MeetingStatus
from yuanqu.scoring import selectors, services, verify
from yuanqu.scoring.models import Result, Submission


def submit(attendee, stop, key, values=None, **kwargs):
    return services.score_submit(token=attendee.token, stop_id=stop.pk, values=values or card(),
                                 idempotency_key=key, **kwargs)


def refused_code(call) -> str:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.code


def test_submit_stores_version_one_and_audits_it(tour):
    result = submit(tour.city_rater, tour.stops[0], "k1")
    row = Submission.objects.get()
    assert (result.version, result.replayed, row.values, row.is_current) == (1, False, card(), True)
    assert history(row).get().after["values"] == card()


def _statements(call) -> list[str]:
    """The SQL a call sends, without the transaction bookkeeping (BEGIN, SAVEPOINT, RELEASE, COMMIT)."""
    with CaptureQueriesContext(connection) as queries:
        call()
    bookkeeping = ("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK")
    return [q["sql"] for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith(bookkeeping)]


def test_a_card_costs_the_same_few_statements_whatever_the_meeting_s_size(tour):
    # one locking read, (the retirement of the current version,) the card with its audit entry: one statement on
    # PostgreSQL (a data-modifying CTE), two on SQLite
    audit_statements = 1 if connection.vendor == "postgresql" else 2
    submit(tour.city_rater, tour.stops[0], "warm")  # the content type of the audit entry is cached after this
    first = _statements(lambda: submit(tour.city_rater, tour.stops[1], "a"))
    changed = _statements(lambda: submit(tour.city_rater, tour.stops[1], "b", values=card(development_quality=2)))
    for _ in range(6):
        project = ProjectFactory(region=tour.w.yandu)
        meeting_services.stop_add(user=tour.w.organiser, meeting=tour.meeting, project=project,
                                  day=tour.meeting.start_date)
        meeting_services.attendee_add(user=tour.w.organiser, meeting=tour.meeting, data={"name": "王测试"})
    bigger = _statements(lambda: submit(tour.city_rater, tour.stops[1], "c", values=card(development_quality=3)))
    assert (len(first), len(changed), len(bigger)) == (1 + audit_statements, 2 + audit_statements,
                                                        2 + audit_statements)
    row = Submission.objects.get(idempotency_key="c")
    change = history(row).get()
    assert (change.action, change.user_id, change.after["version"], change.after["values"]) == (
        "create", None, 3, card(development_quality=3))
    assert change.object_repr == str(row) and change.time == row.received_at


def test_retry_with_the_same_key_writes_nothing_and_returns_the_same_result(tour):
    first = submit(tour.city_rater, tour.stops[0], "k1")
    changes = ObjectChange.objects.count()
    again = submit(tour.city_rater, tour.stops[0], "k1", values=card(development_quality=1))
    assert Submission.objects.count() == 1
    assert ObjectChange.objects.count() == changes
    assert again.replayed and (again.version, again.values, again.received_at) == (first.version, first.values,
                                                                                   first.received_at)


def test_a_duplicate_losing_the_insert_race_returns_the_stored_row(tour):
    # Two requests with the same key both passed the lookup; the second insert hits the unique constraint.
    first = submit(tour.city_rater, tour.stops[0], "race")
    current = Submission.objects.get()
    result = services._append(attendee=tour.city_rater, stop=tour.stops[0], key="race", values=card(),
                              withdrawn=False, client_time=None, current=current)
    assert result.replayed and result.version == first.version
    assert list(Submission.objects.values_list("version", "is_current")) == [(1, True)]


def test_a_key_reused_for_another_stop_is_refused(tour):
    submit(tour.city_rater, tour.stops[0], "k1")
    assert refused_code(lambda: submit(tour.city_rater, tour.stops[1], "k1")) == "key_reused"


def test_last_write_wins_and_every_version_is_kept_and_audited(tour):
    submit(tour.city_rater, tour.stops[0], "k1")
    second = submit(tour.city_rater, tour.stops[0], "k2", values=card(development_quality=30))
    rows = list(Submission.objects.order_by("version").values_list("version", "is_current", "values"))
    assert rows == [(1, False, card()), (2, True, card(development_quality=30))]
    assert second.version == 2
    assert ObjectChange.objects.filter(content_type__model="submission").count() == 2
    export = selectors.scores_export(meeting=tour.meeting)
    values = {s["criterion"]: s["value"] for s in export["scores"]}
    assert values["development_quality"] == 30 and len(export["scores"]) == 4


def test_an_older_edit_arriving_late_does_not_overwrite_a_newer_one(tour):
    now = timezone.now()
    submit(tour.city_rater, tour.stops[0], "new", values=card(development_quality=30), client_time=now)
    late = submit(tour.city_rater, tour.stops[0], "old", values=card(development_quality=5),
                  client_time=now - datetime.timedelta(seconds=30))
    assert late.replayed and late.values["development_quality"] == 30
    assert Submission.objects.count() == 1


@pytest.mark.parametrize(("values", "code"), [
    (card(development_quality=31), "out_of_bounds"),
    (card(development_quality=-1), "out_of_bounds"),
    ({k: v for k, v in card().items() if k != "industrial_driving"}, "missing_value"),
    (card(development_quality="很好"), "bad_values"),
    (card(development_quality=True), "bad_values"),
    ({**card(), "beauty": 5}, "bad_values"),
    ([1, 2, 3], "bad_values"),
])
def test_bad_values_are_refused_in_chinese_and_nothing_is_written(tour, values, code):
    with pytest.raises(ValidationError) as info:
        submit(tour.city_rater, tour.stops[0], "k1", values=values)
    assert info.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.messages[0])
    assert not Submission.objects.exists()


def test_out_of_bounds_message_names_the_criterion_and_its_maximum(tour):
    with pytest.raises(ValidationError) as info:
        submit(tour.city_rater, tour.stops[0], "k1", values=card(development_quality=35))
    assert "发展质态" in info.value.messages[0] and "30" in info.value.messages[0]


def test_a_rater_never_scores_a_stop_of_their_own_district(tour):
    assert refused_code(lambda: submit(tour.tinghu_rater, tour.stops[0], "k1")) == "recused"
    submit(tour.tinghu_rater, tour.stops[2], "k2")  # 盐都区 stop: allowed
    assert list(Submission.objects.values_list("stop_id", flat=True)) == [tour.stops[2].pk]


def test_closed_stop_and_closed_meeting_refuse_late_entries(tour):
    submit(tour.city_rater, tour.stops[0], "k1")
    services.stop_close(user=tour.w.organiser, stop=tour.stops[0])
    assert refused_code(lambda: submit(tour.city_rater, tour.stops[0], "k2")) == "stop_closed"
    # A retry of an entry the server already stored still gets its confirmation after the close.
    assert submit(tour.city_rater, tour.stops[0], "k1").replayed
    services.meeting_close(user=tour.w.organiser, meeting=tour.meeting)
    assert refused_code(lambda: submit(tour.city_rater, tour.stops[1], "k3")) == "meeting_closed"
    assert Submission.objects.count() == 1


def test_observers_revoked_links_and_foreign_stops_are_refused(tour):
    assert refused_code(lambda: submit(tour.observer, tour.stops[0], "k1")) == "not_rater"
    assert refused_code(lambda: services.score_submit(token="nope", stop_id=tour.stops[0].pk, values=card(),
                                                      idempotency_key="k")) == "invalid_link"
    assert refused_code(lambda: services.score_submit(token=tour.city_rater.token, stop_id=999999, values=card(),
                                                      idempotency_key="k")) == "unknown_stop"
    assert refused_code(lambda: services.score_submit(token=tour.city_rater.token, stop_id=tour.stops[0].pk,
                                                      values=card(), idempotency_key="")) == "bad_key"
    meeting_services.attendee_revoke_link(user=tour.w.organiser, attendee=tour.city_rater)
    assert refused_code(lambda: submit(tour.city_rater, tour.stops[0], "k1")) == "invalid_link"
    assert not Submission.objects.exists()


def test_undo_restores_the_previous_version_then_withdraws_and_is_idempotent(tour):
    stop = tour.stops[0]
    submit(tour.city_rater, stop, "k1")
    submit(tour.city_rater, stop, "k2", values=card(development_quality=10))
    undone = services.score_undo(token=tour.city_rater.token, stop_id=stop.pk, version=2)
    assert (undone.version, undone.values, undone.withdrawn) == (3, card(), False)
    again = services.score_undo(token=tour.city_rater.token, stop_id=stop.pk, version=2)
    assert again.replayed and again.version == 3 and Submission.objects.count() == 3
    # Undo of the very first card (after the undo above brought it back) cannot go further than "withdrawn".
    submit(tour.city_rater, tour.stops[1], "k3")
    gone = services.score_undo(token=tour.city_rater.token, stop_id=tour.stops[1].pk, version=1)
    assert gone.withdrawn and gone.version == 2
    stops_in_export = {s["stop"] for s in selectors.scores_export(meeting=tour.meeting)["scores"]}
    assert stops_in_export == {f"S{stop.pk}"}


def test_undo_only_within_the_window_and_only_the_latest_version(tour):
    stop = tour.stops[0]
    submit(tour.city_rater, stop, "k1")
    submit(tour.city_rater, stop, "k2")
    assert refused_code(lambda: services.score_undo(token=tour.city_rater.token, stop_id=stop.pk,
                                                    version=1)) == "undo_stale"
    Submission.objects.filter(version=2).update(received_at=timezone.now() - datetime.timedelta(seconds=61))
    assert refused_code(lambda: services.score_undo(token=tour.city_rater.token, stop_id=stop.pk,
                                                    version=2)) == "undo_expired"
    assert Submission.objects.count() == 2


def test_export_is_pseudonymised_and_its_digest_verifies(tour):
    submit(tour.city_rater, tour.stops[0], "a")
    submit(tour.tinghu_rater, tour.stops[2], "b", values=card(development_quality=27.5))
    export = selectors.scores_export(meeting=tour.meeting)
    text = json.dumps(export, ensure_ascii=False)
    for person in (tour.city_rater, tour.tinghu_rater, tour.yandu_rater):
        assert person.name not in text and person.token not in text
    assert [r["id"] for r in export["raters"]] == ["R001", "R002", "R003"]
    assert export["raters"][0]["district"] == "320902"  # 赵卫平 was added first
    assert export["sha256"] == verify.canonical_digest(export)
    scores = verify.load_export(export)
    assert scores.shape == (3, 4, 4)
    tampered = json.loads(text)
    tampered["scores"][0]["value"] = 0
    with pytest.raises(verify.ExportError):
        verify.load_export(tampered)


def test_publish_needs_a_closed_meeting_then_stores_exactly_what_recompute_gives(tour, tmp_path):
    for i, rater in enumerate([tour.city_rater, tour.tinghu_rater, tour.yandu_rater]):
        for j, stop in enumerate(tour.stops):
            if not rater.recused_from(stop):
                submit(rater, stop, f"{i}-{j}", values=card(development_quality=10 + 5 * j + i))
    assert refused_code(lambda: services.results_publish(user=tour.w.organiser, meeting=tour.meeting)) == "not_closed"
    meeting = services.meeting_close(user=tour.w.organiser, meeting=tour.meeting)
    assert meeting.status == MeetingStatus.CLOSED and not meeting.stops.filter(closed=False).exists()
    result = services.results_publish(user=tour.w.organiser, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    logged = ObjectChange.objects.get(content_type__model="result", object_id=str(result.pk))
    assert logged.after["digest"] == result.digest and not {"export", "payload"} & set(logged.after)

    path = tmp_path / "scores.json"
    call_command("scoring", "export", "18", "--output", str(path), stderr=io.StringIO())
    assert json.loads(path.read_text(encoding="utf-8")) == Result.objects.get().export
    out = io.StringIO()
    call_command("scoring", "recompute", str(path), stdout=out)
    assert json.loads(out.getvalue()) == Result.objects.get().payload
    assert Result.objects.get().payload["stops"][0]["id"] == f"S{tour.stops[3].pk}"  # highest development score
    with pytest.raises(ValidationError):
        services.results_publish(user=tour.w.organiser, meeting=meeting)


def test_only_the_organiser_closes_and_publishes(tour):
    with pytest.raises(PermissionDenied):
        services.meeting_close(user=tour.w.tinghu_reporter, meeting=tour.meeting)
    with pytest.raises(PermissionDenied):
        services.stop_close(user=tour.w.viewer, stop=tour.stops[0])
    assert not tour.meeting.stops.filter(closed=True).exists()


def test_scheme_cannot_change_once_scores_exist(tour):
    scheme = tour.meeting.scoring_scheme
    services.scheme_update(user=tour.w.organiser, scheme=scheme, data={"trim": 0, "trim_min_raters": 3})
    submit(tour.city_rater, tour.stops[0], "k1")
    assert refused_code(lambda: services.scheme_update(user=tour.w.organiser, scheme=scheme,
                                                       data={"trim": 1})) == "scheme_in_use"
    assert refused_code(lambda: services.scheme_create_default(user=tour.w.organiser,
                                                               meeting=tour.meeting)) == "scheme_exists"
