"""Property-based calls of every read operation in the schema: no 5xx, every response as documented.

schemathesis generates requests from /api/schema/ (bounded examples, repeatable in CI) and
sends them to the app in process, against the test database with a few rows in it.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.throttling import AnonRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from papers.services import AuthorInput, paper_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_schema(db, monkeypatch, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]  # schemathesis calls the app as localhost
    # As Django's test client does: a request must not close the test's connection.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    monkeypatch.setattr(
        AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute", "user": "100000/minute"}
    )
    pi = factories.PersonFactory(slug="mira-okafor")
    lab = factories.LabFactory(slug="vll", pi=pi)
    factories.MembershipFactory(lab=lab, person=pi)
    edition = factories.VenueEditionFactory()
    paper_create(
        title="Segment Every Object",
        authors=[AuthorInput("Mira Okafor", pi)],
        year=2023,
        venue_edition=edition,
        links=[("code", "https://example.org/c")],
    )
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    yield schema.include(method="GET")
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_reads_never_fail_and_match_the_schema(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=15,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

        call()
