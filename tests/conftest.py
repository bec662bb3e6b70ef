"""Shared fixtures. Services (PostgreSQL, Redis) are used when configured; with
REQUIRE_SERVICES=1 (CI) a missing one fails the test instead of skipping it."""

import os

import pytest
from django.conf import settings

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", "") == "1"


def pytest_configure(config):
    # Tests render templates without running collectstatic first; the manifest storage
    # used in production is checked on its own in tests/test_settings.py.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = None
    settings.WHITENOISE_USE_FINDERS = True
    # The test client and live servers speak plain http on this machine.
    settings.SECURE_SSL_REDIRECT = False


def missing_service(reason: str) -> None:
    """Skip, or fail when the run requires every service."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture
def broker_url() -> str:
    """The real Redis broker's URL; the test needs it to be reachable."""
    url = settings.CELERY_BROKER_URL
    if not url:
        missing_service("CELERY_BROKER_URL is not set")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        missing_service(f"Redis at {url} does not answer: {error}")
    return url
