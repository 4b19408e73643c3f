"""Sign-in throttling (django-axes) on the login page and the token endpoint, the organiser's unlock page, and the
named, expiring, revocable, hashed API tokens. The figures quoted in docs/security.md come from here."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import PASSWORD, world
from yuanqu.core import tokens
from yuanqu.core.models import ApiToken, ObjectChange

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/auth/token/"


@pytest.fixture
def w():
    return world()


def _web_login(client, username, password, ip="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_the_web_login_locks_a_username_after_n_failures_and_the_right_password_then_fails_too(w):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    client = Client()
    for _attempt in range(limit - 1):
        assert _web_login(client, "tinghu", "wrong").status_code == 200  # the form again, with its error
    locked = _web_login(client, "tinghu", "wrong")
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    # the right password no longer helps, from this address or another one: the username is locked
    assert _web_login(client, "tinghu", PASSWORD).status_code == 429
    assert _web_login(Client(), "tinghu", PASSWORD, ip="10.0.0.2").status_code == 429
    # another user from another address is not affected
    assert _web_login(Client(), "yandu", PASSWORD, ip="10.0.0.3").status_code == 302
    assert ObjectChange.objects.filter(content_type__model="accessattempt", action="create").exists()


def test_one_address_guessing_many_usernames_is_locked_too(w):
    client = Client()
    for number in range(settings.AXES_FAILURE_LIMIT):
        _web_login(client, f"guess{number}", "wrong", ip="10.9.9.9")
    assert _web_login(client, "yandu", PASSWORD, ip="10.9.9.9").status_code == 429


def test_the_token_endpoint_is_throttled_like_the_login_page(w):
    api = APIClient()
    answers = [api.post(TOKEN_URL, {"username": "yandu", "password": "wrong"}, format="json", REMOTE_ADDR="10.1.1.1")
               for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert [a.status_code for a in answers[:-1]] == [400] * (settings.AXES_FAILURE_LIMIT - 1)
    assert answers[-1].status_code == 429 and answers[-1].json()["code"] == "locked_out"
    right = api.post(TOKEN_URL, {"username": "yandu", "password": PASSWORD}, format="json", REMOTE_ADDR="10.1.1.2")
    assert right.status_code == 429 and "token" not in right.json()


def test_the_organiser_unlocks_on_the_lockout_page_and_it_is_logged(w):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _web_login(Client(), "tinghu", "wrong")
    organiser = Client()
    organiser.force_login(w.organiser)
    page = organiser.get("/access/lockouts/").content.decode()
    assert "tinghu" in page and 'data-testid="unlock"' in page
    reporter = Client()
    reporter.force_login(w.yandu_reporter)
    assert reporter.get("/access/lockouts/").status_code == 403
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="tinghu")
    assert organiser.post("/access/lockouts/", {"unlock": attempt.pk}).status_code == 302
    assert not AccessAttempt.objects.filter(username="tinghu").exists()
    assert ObjectChange.objects.filter(content_type__model="accessattempt", action="delete",
                                       user=w.organiser).exists()
    assert _web_login(Client(), "tinghu", PASSWORD).status_code == 302


def test_a_success_resets_the_count(w):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _web_login(client, "tinghu", "wrong")
    assert _web_login(client, "tinghu", PASSWORD).status_code == 302
    assert _web_login(Client(), "tinghu", "wrong").status_code == 200  # counting starts again


def test_tokens_are_named_several_per_user_hashed_and_revocable(w):
    api = APIClient()
    first = api.post(TOKEN_URL, {"username": "tinghu", "password": PASSWORD, "name": "统计脚本", "days": 7},
                     format="json").json()
    second = api.post(TOKEN_URL, {"username": "tinghu", "password": PASSWORD}, format="json").json()
    assert first["token"] != second["token"] and first["name"] == "统计脚本"
    stored = ApiToken.objects.filter(user=w.tinghu_reporter)
    assert stored.count() == 2
    # at rest only a digest and a prefix: the token itself is nowhere in the database or the change log
    for record in stored:
        assert first["token"] not in (record.digest, record.prefix) and len(record.prefix) == tokens.PREFIX_LENGTH
    assert not ObjectChange.objects.filter(after__icontains=first["token"]).exists()
    api.credentials(HTTP_AUTHORIZATION=f"Token {first['token']}")
    assert api.get("/api/projects/").status_code == 200
    record = stored.get(name="统计脚本")
    assert record.last_used is not None and record.expires - record.created < datetime.timedelta(days=7, minutes=1)
    page = Client()
    page.force_login(w.tinghu_reporter)
    listed = page.get("/account/tokens/").content.decode()
    assert "统计脚本" in listed and first["token"] not in listed and record.prefix in listed
    page.post("/account/tokens/", {"revoke": record.pk})
    assert api.get("/api/projects/").status_code == 401  # revoked at once
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {second['token']}")
    assert other.get("/api/projects/").status_code == 200  # the other token is untouched


def test_an_expired_token_is_refused_and_one_cannot_revoke_another_s(w):
    record, token = tokens.token_create(user=w.tinghu_reporter, name="短期", days=1)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/projects/").status_code == 200
    ApiToken.objects.filter(pk=record.pk).update(expires=timezone.now() - datetime.timedelta(seconds=1))
    assert api.get("/api/projects/").status_code == 401
    stranger = Client()
    stranger.force_login(w.yandu_reporter)
    assert stranger.post("/account/tokens/", {"revoke": record.pk}).status_code == 404
    with pytest.raises(Exception, match="有效天数"):
        tokens.token_create(user=w.tinghu_reporter, name="太长", days=366)


def test_the_token_page_makes_a_token_shown_once(w):
    page = Client()
    page.force_login(w.viewer)
    made = page.post("/account/tokens/", {"name": "大屏", "days": "30"})
    html = made.content.decode()
    token = html.split('data-testid="new-token">')[1].split("<")[0]
    assert token.startswith("yq_") and len(token) > 40
    assert token not in page.get("/account/tokens/").content.decode()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/projects/").status_code == 200
