"""Schemathesis fuzzes every operation of the published API schema, anonymous, with a
partner's API key (a cooperative manager's ``write-products`` key, so the write operations
run too) and with a legacy token, and checks two things: no answer is a server error, and
every answer matches the schema (status code documented, body valid against its documented
schema).

The schema and the requests go through the WSGI application in this process (no server),
inside the test's transaction; each request runs in a savepoint, so on PostgreSQL a failed
query cannot spoil the requests after it. Generation is derandomized with a fixed seed:
the same cases on every run. API_FUZZ_EXAMPLES sets how many cases per operation and per
mode (positive: values the schema allows; negative: values it does not).
"""

import os
import sys

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import DatabaseError, close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from ess_platform.partners import services as partner_services
from ess_platform.partners.models import ApiKey
from projects_bank.models import RankingEntry
from tests.cooperatives.factories import ManagerFactory, ProductFactory
from tests.events.factories import EventFactory
from tests.factories import NationalAdminFactory, RegionalHubFactory, UserFactory
from tests.projects_bank.factories import (
    CallFactory,
    EconomicModelFactory,
    FundingSourceFactory,
    IdeaFactory,
    PartnerFactory,
)

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "25"))
SEED = 20_240_509
CHECKS = [not_a_server_error, response_schema_conformance]


class InProcessApp:
    """Django's WSGI handler as Django's test client runs it: the request signals do not
    close the test's database connection, and an escaped exception is recorded."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.exceptions = []

    def _record(self, sender, request=None, **kwargs):
        self.exceptions.append(repr(sys.exc_info()[1]))

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        got_request_exception.connect(self._record)
        try:
            response = self.handler(environ, start_response)
            body = b"".join(response)
            response.close()
        finally:
            got_request_exception.disconnect(self._record)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


def _strategies(operation):
    found = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        try:
            found.append(operation.as_strategy(generation_mode=mode))
        except Exception:  # noqa: BLE001, S112 - an operation with nothing to negate
            continue
    return st.one_of(found)


@pytest.fixture
def published_data(territory):
    """A row behind each list, so that the serializers run too."""
    ProductFactory()
    RegionalHubFactory()
    EventFactory()
    IdeaFactory(status="accepted")
    call = CallFactory(status="published")
    RankingEntry.objects.create(call=call, idea=IdeaFactory(status="shortlisted", call=call),
                                rank=1, weighted_score=8, top_criterion_score=9,
                                evaluations_count=3)
    EconomicModelFactory()
    FundingSourceFactory()
    PartnerFactory()


def _violation(case, response, headers):
    """Why the answer breaks the schema, or None."""
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except (AssertionError, BaseExceptionGroup) as group:  # one failure or a group
        reasons = [" ".join(str(failure).split())[:400]
                   for failure in getattr(group, "exceptions", [group])]
        return f"{case.operation.label}: {reasons}"
    return None


def _api_key_header():
    """An active key of a cooperative's manager, approved by a national administrator as on
    the site; its hourly quota is raised so that the fuzz itself never meets a 429."""
    manager = ManagerFactory().user
    key = partner_services.request_key(owner=manager, name="fuzz", purpose="schema fuzz",
                                       scope=ApiKey.Scope.WRITE_PRODUCTS)
    ApiKey.objects.filter(pk=key.pk).update(quota_per_hour=1_000_000)
    partner_services.approve_key(key=key, by=NationalAdminFactory())
    return f"Api-Key {partner_services.issue_key(key=key, owner=manager)}"


@pytest.mark.parametrize("who", ["anonymous", "api-key", "token"])
def test_no_operation_answers_a_server_error_or_off_schema(who, published_data, capsys,
                                                           record_property):
    app = InProcessApp()
    headers = {}
    if who == "api-key":
        headers["Authorization"] = _api_key_header()
    elif who == "token":
        token = Token.objects.create(user=UserFactory())
        headers["Authorization"] = f"Token {token.key}"
    schema = schemathesis.openapi.from_wsgi("/api/schema/", app)

    operations, cases, failures, violations = 0, 0, [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @seed(SEED)
        @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(case=_strategies(operation))
        def run(case):
            nonlocal cases
            cases += 1
            app.exceptions.clear()
            response = None
            try:
                with transaction.atomic():
                    response = case.call(headers=headers)
                status = response.status_code
            except DatabaseError as error:
                status = f"database error {error!r}"
            if not isinstance(status, int) or status >= 500:
                failures.append(f"{case.operation.label}: {status} {app.exceptions}\n"
                                f"    {case.as_curl_command(headers=headers)}")
            elif (violation := _violation(case, response, headers)) is not None:
                violations.append(f"{violation}\n    {case.as_curl_command(headers=headers)}")

        run()

    summary = (f"API fuzz ({who}): {cases} cases over {operations} operations, "
               f"{len(failures)} server errors, {len(violations)} schema violations")
    record_property("api_fuzz_cases", cases)
    with capsys.disabled():
        print(f"\n{summary}")
    assert operations > 20
    assert not failures, summary + "\n" + "\n".join(failures[:20])
    assert not violations, summary + "\n" + "\n".join(violations[:20])
