"""Cards racing other transactions on PostgreSQL: the card path reads under NOWAIT locks, and when a lock is busy it
waits and reads again, so it never works from rows read before the other transaction committed.

Each test holds a lock in a second thread (its own connection) while the main thread submits. SQLite has no row
locks: its writers are serialised by BEGIN IMMEDIATE, which is what the SQLite run checks.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from tests.scoring.conftest import card, make_tour
from yuanqu.scoring import services
from yuanqu.scoring.models import Submission

HOLD_SECONDS = 0.5


def _hold(work, ready: threading.Event):
    """Run `work` in a transaction of another connection and keep it open HOLD_SECONDS after it is done."""

    def run():
        try:
            with transaction.atomic():
                work()
                ready.set()
                time.sleep(HOLD_SECONDS)
        finally:
            ready.set()
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    assert ready.wait(10)
    return thread


def _postgres_or_serialised_sqlite() -> bool:
    if connection.vendor == "postgresql":
        return True
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"  # one writer at a time
    return False


@pytest.mark.django_db(transaction=True)
def test_a_card_waiting_for_the_rater_s_other_card_builds_on_it():
    tour = make_tour()
    if not _postgres_or_serialised_sqlite():
        return
    rater, stop = tour.city_rater, tour.stops[0]
    thread = _hold(lambda: services.score_submit(token=rater.token, stop_id=stop.pk, values=card(),
                                                 idempotency_key="first"), threading.Event())
    started = time.monotonic()
    second = services.score_submit(token=rater.token, stop_id=stop.pk, values=card(development_quality=5),
                                   idempotency_key="second")
    waited = time.monotonic() - started
    thread.join()
    assert waited >= HOLD_SECONDS * 0.8  # it waited for the first card's commit ...
    assert second.version == 2 and not second.replayed  # ... and saw it: the next version, not a second version 1
    rows = list(Submission.objects.order_by("version").values_list("idempotency_key", "version", "is_current"))
    assert rows == [("first", 1, False), ("second", 2, True)]


@pytest.mark.django_db(transaction=True)
def test_a_retry_waiting_for_its_original_is_replayed():
    tour = make_tour()
    if not _postgres_or_serialised_sqlite():
        return
    rater, stop = tour.city_rater, tour.stops[0]
    thread = _hold(lambda: services.score_submit(token=rater.token, stop_id=stop.pk, values=card(),
                                                 idempotency_key="k"), threading.Event())
    again = services.score_submit(token=rater.token, stop_id=stop.pk, values=card(), idempotency_key="k")
    thread.join()
    assert again.replayed and again.version == 1
    assert Submission.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_card_waiting_for_a_close_is_refused_once_the_close_commits():
    tour = make_tour()
    if not _postgres_or_serialised_sqlite():
        return
    rater, stop = tour.city_rater, tour.stops[0]
    thread = _hold(lambda: services.stop_close(user=tour.w.organiser, stop=stop), threading.Event())
    with pytest.raises(ValidationError) as refused:
        services.score_submit(token=rater.token, stop_id=stop.pk, values=card(), idempotency_key="late")
    thread.join()
    assert refused.value.code == "stop_closed"
    assert not Submission.objects.exists()
