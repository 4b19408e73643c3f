"""The generated access test: every model, every page and every API endpoint, for every role, against the one
role × operation table (`yuanqu.core.access.OPERATIONS`).

Nothing here names a particular view: a new model, page or endpoint is covered the moment it exists, and one that
declares no operation fails `test_every_view_declares_its_operation`. For each URL the test asks the view which
operation it needs, looks the role's scope up in the table and requests the page as that role:
- NONE: 403 (the role may not do this at all);
- ALL or OWN on a record of the user's own district: the page works (2xx, 3xx or 405 for a POST-only page,
  which is refused with 403 before 405 when the role lacks the operation);
- OWN on another district's record: 404 (it does not exist for this user).
Writes through the API are sent for real (POST, PATCH, DELETE with an empty body) and rolled back.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from tests.core import access_world
from yuanqu.core import access, access_map
from yuanqu.core.models import Role

pytestmark = pytest.mark.django_db

ROLES = list(access.ROLES)
# 400 (or 415 for a file upload sent as JSON): an allowed write with an empty body is refused on its content
WORKS = {200, 201, 204, 301, 302, 400, 405, 415}
DOC = Path(__file__).parents[2] / "docs" / "access.md"


def test_every_view_declares_its_operation():
    missing = []
    for route in access_map.routes():
        for method in route.methods():
            code = route.operation(method)
            if code is None or (code not in access.OPERATIONS and code not in access.SPECIAL):
                missing.append(f"/{route.route} ({method}): {code!r}")
        if "pk" in route.arguments and route.pk_model() is None:
            missing.append(f"/{route.route}: its pk names no model (pk_model=)")
    assert not missing, "views that declare no operation of yuanqu.core.access:\n" + "\n".join(missing)


def test_every_operation_is_used_and_every_role_has_a_column():
    used = {r.operation(m) for r in access_map.routes() for m in r.methods()}
    used |= {access.model_operation(m, a) for m in apps.get_models() for a in (access.VIEW, access.CHANGE)}
    source = "".join(p.read_text(encoding="utf-8") for p in Path(access.__file__).parents[1].rglob("*.py"))
    used |= {code for code in access.OPERATIONS if f'"{code}"' in source.replace(f'_op("{code}"', "")}
    assert set(access.OPERATIONS) <= used, f"operations nothing uses: {set(access.OPERATIONS) - used}"
    for operation in access.OPERATIONS.values():
        assert set(operation.scopes) == set(ROLES) and operation.scopes[Role.RATER] is access.NONE


def test_the_documented_map_is_the_code_s():
    # a page's operation changes only on purpose: regenerate with `yuanqu access > docs/access.md` and review it
    assert DOC.read_text(encoding="utf-8") == access_map.markdown(), "docs/access.md is out of date"


@pytest.fixture
def world():
    return access_world.build()


def _our_models():
    return [m for m in apps.get_models() if m.__module__.startswith("yuanqu.")]


@pytest.mark.parametrize("role", ROLES)
def test_every_model_restricts_rows_as_the_table_says(world, role):
    user, wrong = world.users[role], []
    for model in _our_models():
        own = world.of(model)
        district = getattr(model, "scope_path", None) is not None
        other = world.of(model, own=False) if district else None
        for action in (access.VIEW, access.CHANGE):
            scope = access.scope(user, access.model_operation(model, action))
            rows = set(access.restrict(model._default_manager.filter(pk__in=[r.pk for r in (own, other) if r]),
                                       user, action).values_list("pk", flat=True))
            expected = {
                access.NONE: set(),
                access.ALL: {r.pk for r in (own, other) if r},
                access.OWN: {own.pk} if district else {r.pk for r in (own, other) if r},
            }[scope]
            if rows != expected:
                wrong.append(f"{model._meta.label} {action}: {sorted(rows)} instead of {sorted(expected)} ({scope})")
            if access.can(user, action, own) != (scope is not access.NONE):
                wrong.append(f"{model._meta.label} {action}: can() says {access.can(user, action, own)}")
    assert not wrong, "\n".join(wrong)


def _url(route, world, *, own: bool) -> str | None:
    """The route with its arguments filled from the world; None for another district's record when the route
    names no district record (nothing more to test)."""
    model = route.pk_model()
    if not own and ("pk" not in route.arguments or getattr(model, "scope_path", None) is None):
        return None
    values = {}
    for name in route.arguments:
        if name == "pk":
            if not own and getattr(model, "scope_path", None) is None:
                return None
            values[name] = str(world.of(model, own=own).pk)
        elif name == "token":
            values[name] = access_world.attendee_token(world)
        elif name == "kind":
            values[name] = "projects"
        else:
            raise AssertionError(f"{route.route}: no value for <{name}>; teach tests/core/test_access_matrix.py")
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route.route)
    return "/" + url


def _expected(user, code: str, *, own: bool, district: bool) -> str:
    scope = access.scope(user, code)
    if scope is access.NONE:
        return "refused"
    if scope is access.OWN and district and not own:
        return "absent"
    return "works"


def _owner_or_organiser(user, route, world) -> bool:
    """A record kept per user (a background job: `owner_field`) opens for its owner and for whoever may manage
    accounts; for anyone else it does not exist."""
    model = route.pk_model()
    field = getattr(model, "owner_field", None)
    if field is None:
        return True
    return getattr(world.of(model), f"{field}_id") == user.pk or access.allows(user, "accounts.manage")


def _outcome(status: int) -> str:
    if status == 403 or status == 401:
        return "refused"
    if status == 404:
        return "absent"
    return "works" if status in WORKS else f"status {status}"


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_as_the_table_says(world, role):
    user, wrong = world.users[role], []
    client = Client()
    client.force_login(user)
    for route in access_map.routes():
        if route.is_api:
            continue
        code = route.operation("GET")
        district = getattr(route.pk_model(), "scope_path", None) is not None
        for own in (True, False):
            url = _url(route, world, own=own)
            if url is None:
                continue
            with transaction.atomic():
                status = client.get(url).status_code
                if status == 405:  # a button's page: the row is looked up on POST (an empty one, rolled back)
                    status = client.post(url, {}).status_code
                transaction.set_rollback(True)
            if code in (access.PUBLIC, access.PERSONAL_LINK):
                expected = "works"
            else:
                expected = _expected(user, code, own=own, district=district)
                if expected == "works" and not _owner_or_organiser(user, route, world):
                    expected = "absent"
            if _outcome(status) != expected:
                wrong.append(f"GET {url} [{code}]: {status}, expected {expected}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_every_api_endpoint_answers_as_the_table_says(world, role):
    user, wrong = world.users[role], []
    api = APIClient()
    api.force_authenticate(user)
    for route in access_map.routes():
        if not route.is_api:
            continue
        district = getattr(route.pk_model(), "scope_path", None) is not None
        for method in route.methods():
            code = route.operation(method)
            for own in (True, False):
                url = _url(route, world, own=own)
                if url is None:
                    continue
                with transaction.atomic():
                    send = getattr(api, method.lower())
                    status = (send(url, {}, format="json") if method in ("POST", "PATCH") else send(url)).status_code
                    transaction.set_rollback(True)
                if code in (access.PUBLIC, access.PERSONAL_LINK):
                    continue  # their own tests: a token or publication decides, not a role
                expected = _expected(user, code, own=own, district=district)
                if _outcome(status) != expected:
                    wrong.append(f"{method.upper()} {url} [{code}]: {status}, expected {expected}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_anonymous_gets_the_login_page_or_401_everywhere(world):
    client, wrong = Client(), []
    for route in access_map.routes():
        code = route.operation("GET") if "GET" in route.methods() else route.operation(route.methods()[0])
        if code in (access.PUBLIC, access.PERSONAL_LINK):
            continue
        url = _url(route, world, own=True)
        send = APIClient() if route.is_api else client
        status = (send.get(url) if "GET" in route.methods() else send.post(url, {})).status_code
        if (route.is_api and status not in (401, 403)) or (not route.is_api and status != 302):
            wrong.append(f"GET {url}: {status}")
    assert not wrong, "\n".join(wrong)
