"""Shared fixtures. Services (PostgreSQL, Redis) are used when configured; with
REQUIRE_SERVICES=1 (CI) a missing one fails the test instead of skipping it."""

import os
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Bounded, repeatable property tests: CI runs the same examples every time.
hypothesis_settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile(
    "ci", parent=hypothesis_settings.get_profile("default"), derandomize=True
)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")

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
    # No test reaches the scholarly sources: completing papers from Crossref is for the tests
    # that turn it on against their own server (tests/ingest/test_harvest_enrich.py).
    settings.HARVEST_ENRICH = False
    # Pages read and build every row, as the query counts they pin assume; the row cache is for the
    # tests that turn it on (tests/pages/test_row_cache.py).
    settings.PAGES_ROW_CACHE_SECONDS = 0


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


LISTINGS_DIR = settings.BASE_DIR.parent / "shared" / "listings"
FIXTURES_DIR = settings.BASE_DIR / "tests" / "fixtures"
REQUIRE_LISTINGS = os.environ.get("REQUIRE_LISTINGS", "") == "1"


@pytest.fixture
def shared_listing():
    """Reads a real listing of ../shared/listings; skips where that folder is absent
    (a user's machine), fails where it is required (CI, REQUIRE_LISTINGS=1)."""

    def read(name: str) -> str:
        path = LISTINGS_DIR / name
        if not path.exists():
            if REQUIRE_LISTINGS:
                pytest.fail(f"{path} is missing (REQUIRE_LISTINGS=1)")
            pytest.skip(f"{path} is absent")
        return path.read_text(encoding="utf-8")

    return read


@pytest.fixture
def fixture_text():
    """Reads a listing of tests/fixtures, written for these tests."""
    return lambda name: (FIXTURES_DIR / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def venue_aliases() -> dict[str, str]:
    """The venue catalogue as parsers receive it: folded spelling -> acronym."""
    from core.keys import venue_key
    from venues.catalogue import catalogue_entries

    aliases: dict[str, str] = {}
    for entry in catalogue_entries():
        for text in (entry["acronym"], entry["name"], *entry["aliases"]):
            aliases.setdefault(venue_key(text), entry["acronym"])
    return aliases


@pytest.fixture
def hang_guard():
    """Fails a test that runs for more than a minute instead of hanging the suite.

    Not a speed check (speed is measured in bench/): a guard against runaway regexes.
    """

    def stop(signum, frame):
        raise TimeoutError("ran for more than 60 s: a hang, not slowness")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def database_url_of_the_test_database() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@dataclass
class Worker:
    queue: str
    process: subprocess.Popen

    def kill(self) -> None:
        """SIGKILL: the worker dies mid-task with no chance to clean up or acknowledge."""
        self.process.kill()
        self.process.wait(timeout=30)


@pytest.fixture
def start_worker(broker_url, transactional_db):
    """Starts real Celery worker processes against the test database; stops them after."""
    workers: list[Worker] = []

    def start(queue: str = "", pool: str = "solo", concurrency: int = 1, **env: str) -> Worker:
        queue = queue or f"test-{uuid.uuid4().hex[:8]}"
        environment = {
            **os.environ,
            "DATABASE_URL": database_url_of_the_test_database(),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_RESULT_BACKEND": broker_url,
            **env,
        }
        command = [sys.executable, "-m", "celery", "-A", "pubtracker", "worker", f"--pool={pool}",
                   f"--concurrency={concurrency}", "-Q", queue,
                   "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=warning",
                   "-n", f"{queue}-{len(workers)}@%h"]  # fmt: skip
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        workers.append(Worker(queue, process))
        return workers[-1]

    yield start
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.terminate()
        output, _ = worker.process.communicate(timeout=30)
        print(output)
