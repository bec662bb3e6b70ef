import pytest
from django.db import connection

from tests.conftest import REQUIRE_SERVICES


@pytest.mark.django_db
@pytest.mark.skipif(
    not REQUIRE_SERVICES, reason="only a run that requires the services must be on PostgreSQL"
)
def test_a_run_that_requires_the_services_is_on_postgresql():
    assert connection.vendor == "postgresql", "DATABASE_URL must point at PostgreSQL when REQUIRE_SERVICES=1"
