"""Schemathesis against the API's own OpenAPI schema, for every role, over real HTTP: every operation gets generated
requests (valid and malformed bodies, odd parameters) with the role's token; the run fails on any server error
(5xx) or any response that does not match the schema. Bounded: `EXAMPLES` cases per operation and role.

The figures of docs/security.md (operations × roles × cases, 0 failures) are printed by this test (`-s`).
"""

import json

import pytest
import requests
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.core import access_world
from yuanqu.core import access, tokens

EXAMPLES = 3
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _schema():
    document = SchemaGenerator().get_schema(request=None, public=True)
    return schemathesis.openapi.from_dict(json.loads(json.dumps(document, default=str)))


@pytest.mark.parametrize("role", list(access.ROLES))
def test_no_server_error_and_no_schema_violation_for_any_role(role, live_server, transactional_db):
    world = access_world.build()
    _record, token = tokens.token_create(user=world.users[role], name="fuzz", days=1) if role != "rater" else (
        None, "not-a-token")
    session = requests.Session()
    headers = {"Authorization": f"Token {token}"}
    failures, sent = [], [0]
    operations = [result.ok() for result in _schema().get_all_operations()]
    def check(case):
        case.cookies = {}  # the role's token, not a generated session cookie, says who calls
        response = case.call(base_url=live_server.url, session=session, headers=headers, timeout=30)
        sent[0] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, FailureGroup) as exc:  # every check failure is collected and reported at the end
            for failure in getattr(exc, "exceptions", [exc]):
                detail = " ".join(str(getattr(failure, "message", failure)).split())[:240]
                failures.append(f"{case.operation.method.upper()} {case.operation.path} → {response.status_code}: "
                                f"{getattr(failure, 'title', '')}: {detail}")

    bounded = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                       suppress_health_check=list(HealthCheck), phases=("explicit", "generate"))
    for operation in operations:
        bounded(given(case=operation.as_strategy())(lambda case: check(case)))()
    print(f"\n{role}: {len(operations)} operations, {sent[0]} requests, {len(failures)} failures")
    assert not failures, f"{role}:\n" + "\n".join(sorted(set(failures)))
