"""Scoring API: the rater's submit/undo by link, export, live board and results with their visibility rules."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.scoring.conftest import card
from yuanqu.core.audit import history
from yuanqu.scoring import services, verify
from yuanqu.scoring.models import Result, Submission


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def anon():
    return Client(enforce_csrf_checks=True)  # the phone sends no CSRF token: the link is the credential


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_submit_then_retry_is_stored_once_with_the_same_answer(tour, anon):
    url = f"/api/score/{tour.city_rater.token}/"
    body = {"stop": tour.stops[0].pk, "values": card(), "idempotency_key": "phone-1",
            "client_time": "2019-08-23T09:30:00+08:00"}
    first = post(anon, url, body)
    again = post(anon, url, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert {**first.json(), "replayed": True} == again.json()
    assert Submission.objects.count() == 1
    change = history(Submission.objects.get()).get()  # the card's audit entry names the request that wrote it
    assert change.request_id is not None
    state = anon.get(url).json()
    assert (state["scored"], state["total"]) == (1, 4)
    assert state["stops"][0]["version"] == 1 and state["stops"][0]["values"] == card()


@pytest.mark.parametrize(("who", "stop_index", "values", "status", "code"), [
    ("tinghu_rater", 0, card(), 400, "recused"),
    ("city_rater", 0, card(resource_integration=21), 400, "out_of_bounds"),
    ("observer", 0, card(), 400, "not_rater"),
])
def test_refusals_carry_a_chinese_message_and_a_code(tour, anon, who, stop_index, values, status, code):
    response = post(anon, f"/api/score/{getattr(tour, who).token}/",
                    {"stop": tour.stops[stop_index].pk, "values": values, "idempotency_key": "x"})
    assert response.status_code == status and response.json()["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])
    assert not Submission.objects.exists()


def test_closed_stop_and_unknown_link(tour, anon):
    services.stop_close(user=tour.w.organiser, stop=tour.stops[1])
    response = post(anon, f"/api/score/{tour.city_rater.token}/",
                    {"stop": tour.stops[1].pk, "values": card(), "idempotency_key": "late"})
    assert response.status_code == 400 and response.json()["code"] == "stop_closed"
    assert "已截止" in response.json()["detail"]
    assert post(anon, "/api/score/not-a-token/", {"stop": 1}).status_code == 404
    assert anon.get("/api/score/not-a-token/").status_code == 404


def test_undo_endpoint(tour, anon):
    url = f"/api/score/{tour.city_rater.token}/"
    post(anon, url, {"stop": tour.stops[0].pk, "values": card(), "idempotency_key": "a"})
    response = post(anon, url + "undo/", {"stop": tour.stops[0].pk, "version": 1})
    assert response.status_code == 200 and response.json()["withdrawn"] is True
    assert anon.get(url).json()["scored"] == 0
    assert post(anon, url + "undo/", {"stop": tour.stops[0].pk, "version": "x"}).status_code == 400


def test_export_organiser_before_publish_anyone_after(tour, anon):
    services.score_submit(token=tour.city_rater.token, stop_id=tour.stops[0].pk, values=card(), idempotency_key="a")
    url = f"/api/meetings/{tour.meeting.pk}/scores/export"
    assert anon.get(url).status_code == 404
    assert signed_in(tour.w.tinghu_reporter).get(url).status_code == 404
    live_export = signed_in(tour.w.organiser).get(url).json()
    assert verify.load_export(live_export).shape == (3, 4, 4)
    services.meeting_close(user=tour.w.organiser, meeting=tour.meeting)
    services.results_publish(user=tour.w.organiser, meeting=tour.meeting)
    published = anon.get(url)
    assert published.status_code == 200 and published.json() == Result.objects.get().export
    assert verify.recompute(published.json()) == Result.objects.get().payload


def test_live_board_counts_current_cards_and_hides_the_ranking_until_close(tour):
    for key in ("a", "b"):  # a retry and a change: still one card
        services.score_submit(token=tour.city_rater.token, stop_id=tour.stops[2].pk, values=card(),
                              idempotency_key=key)
    services.score_submit(token=tour.tinghu_rater.token, stop_id=tour.stops[2].pk, values=card(),
                          idempotency_key="c")
    url = f"/api/meetings/{tour.meeting.pk}/live/"
    data = signed_in(tour.w.viewer).get(url).json()
    row = next(s for s in data["stops"] if s["id"] == tour.stops[2].pk)
    assert (row["submitted"], row["eligible"], row["missing"]) == (2, 2, [])  # 孙海燕 (盐都区) is recused
    first = next(s for s in data["stops"] if s["id"] == tour.stops[0].pk)
    assert (first["submitted"], first["eligible"], sorted(first["missing"])) == (0, 2, ["孙海燕", "李明华"])
    assert data["ranking_hidden"] is True and data["ranking"] is None
    assert signed_in(tour.w.tinghu_reporter).get(url).status_code == 404
    services.meeting_close(user=tour.w.organiser, meeting=tour.meeting)
    data = signed_in(tour.w.viewer).get(url).json()
    assert data["ranking_hidden"] is False and data["ranking"][0]["name"] == tour.stops[2].project.name


def test_results_api_only_after_publish_for_reporters(tour):
    services.score_submit(token=tour.city_rater.token, stop_id=tour.stops[0].pk, values=card(), idempotency_key="a")
    url = f"/api/meetings/{tour.meeting.pk}/results/"
    reporter = signed_in(tour.w.yandu_reporter)
    assert reporter.get(url).status_code == 404
    assert signed_in(tour.w.organiser).get(url).json()["published"] is False
    services.meeting_close(user=tour.w.organiser, meeting=tour.meeting)
    services.results_publish(user=tour.w.organiser, meeting=tour.meeting)
    data = reporter.get(url).json()
    assert data["published"] is True and data["official"] == Result.objects.get().payload
    assert data["stops"][0]["name"] == tour.stops[0].project.name


def test_noop_endpoint_only_in_the_benchmark_s_server(anon):
    assert anon.get("/api/noop/").status_code == 404  # not in the shipped API (nor its schema)
    schema = anon.get("/api/schema/").content.decode()
    assert "/api/score/" in schema and "noop" not in schema
    code = ("import django; django.setup(); from django.test import Client; c = Client(); "
            "print(c.get('/api/noop/').json(), c.post('/api/noop/', {'x': 1}).status_code)")
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.noop_settings",
           "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
                         cwd=root).stdout
    assert out.strip() == "{'ok': True} 200"
