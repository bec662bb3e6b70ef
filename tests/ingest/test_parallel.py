"""Parallel ingestion gives the database a serial ingest gives: processes and a real worker on PostgreSQL.

The listings overlap (tests/ingest/overlap.py): title-only, DOI and arXiv papers in several
files, people spelled each file's way, venues no catalogue knows. The reference is a serial
ingest, checked first to be the same in two orders; then `manage.py ingest` processes, started
together in random orders and batch sizes, and a Celery worker with two processes, must give
exactly its canonical dump (scripts/canonical_dump.py).
"""

import os
import random
import subprocess
import sys
import time
from contextlib import contextmanager

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from ingest.choices import RunStatus
from ingest.models import IngestionRun, ReviewItem
from ingest.submit import run_submit
from ingest.tasks import ingest_run
from ingest.write.lock import INGEST_WRITE_LOCK
from papers.models import Paper
from people.models import Lab, Person
from scripts.canonical_dump import canonical
from tests.conftest import database_url_of_the_test_database, missing_service
from tests.ingest.helpers import ingest
from tests.ingest.overlap import listings
from tests.ingest.test_worker import finished, wait_for
from venues.models import Venue, VenueEdition

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
ROUNDS = 3


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        missing_service("parallel ingestion is tested on PostgreSQL (DATABASE_URL)")


def wipe() -> None:
    """Remove what ingestion made, keeping the venue catalogue."""
    IngestionRun.objects.all().delete()
    ReviewItem.objects.all().delete()
    Paper.objects.all().delete()
    Lab.objects.all().delete()
    Person.objects.all().delete()
    VenueEdition.objects.all().delete()
    Venue.objects.filter(verified=False).delete()


def serial(paths, order, owner: str = "") -> dict:
    wipe()
    for index in order:
        run = ingest(paths[index].read_bytes(), "bibtex", owner=owner, name=paths[index].name)
        assert run.status == RunStatus.SUCCEEDED
    return canonical()


@pytest.fixture
def reference(tmp_path, postgres):
    """The listings and the database a serial ingest of them gives (the same in two orders)."""
    paths = listings(tmp_path, files=4, count=120, seed=3)
    forward = serial(paths, [0, 1, 2, 3])
    assert serial(paths, [3, 1, 0, 2]) == forward, "the listings must not depend on their order"
    assert len(forward["papers"]) > 100 and forward["review"] and len(forward["people"]) == 16
    assert any(links for *_, links, _selected, _ids, _counts in forward["papers"])
    return paths, forward


WAITING = """
    SELECT count(*) FROM pg_locks JOIN pg_database ON pg_database.oid = pg_locks.database
    WHERE NOT granted AND datname = current_database()
"""


@contextmanager
def gate(waiting: int, table: str = ""):
    """Hold the write lock (and a table, if named) until `waiting` processes wait for a lock,
    so that they all go on at once."""
    with psycopg2.connect(database_url_of_the_test_database()) as holder, holder.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INGEST_WRITE_LOCK])
        if table:
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        yield
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            cursor.execute(WAITING)
            if cursor.fetchone()[0] >= waiting:
                break
            time.sleep(0.05)
    # Leaving the block commits: the lock is released and the processes go on.


def ingest_processes(
    paths, order, batch_size: int, *options: str, held: str = ""
) -> list[subprocess.CompletedProcess]:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url_of_the_test_database(),
        "INGEST_BATCH_SIZE": str(batch_size),
    }
    command = [sys.executable, "manage.py", "ingest", "--format", "bibtex", *options]
    with gate(len(order), held):
        processes = [
            subprocess.Popen(
                [*command, str(paths[index])],
                cwd=settings.BASE_DIR,
                env=environment,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for index in order
        ]
    return [
        subprocess.CompletedProcess(p.args, p.wait(timeout=300), p.stdout.read(), p.stderr.read())
        for p in processes
    ]


def assert_overlapped(runs) -> None:
    """Some two runs were ingesting at the same time: the test saw concurrency, not a queue."""
    runs = list(runs)
    assert any(
        run.started_at < other.finished_at and other.started_at < run.finished_at
        for run in runs
        for other in runs
        if run != other
    ), "no two runs overlapped"


def assert_true_counts(expected: dict) -> None:
    """Each paper was created by exactly one run; every other record of it merged or unchanged."""
    runs = IngestionRun.objects.all()
    assert sum(run.created for run in runs) == len(expected["papers"])
    assert all(run.status == RunStatus.SUCCEEDED and run.rejected == 0 for run in runs)


def test_processes_ingesting_overlapping_listings_at_once_give_the_serial_database(reference):
    paths, expected = reference
    for round_number in range(ROUNDS):
        wipe()
        rng = random.Random(round_number)
        order = rng.sample(range(len(paths)), len(paths))
        done = ingest_processes(paths, order, batch_size=rng.choice([3, 5, 8]))
        for process in done:
            assert process.returncode == 0, process.stderr
            assert "Traceback" not in process.stderr
        assert_overlapped(IngestionRun.objects.all())
        assert canonical() == expected, f"round {round_number}, order {order}"
        assert_true_counts(expected)


def test_processes_naming_the_same_new_owner_at_once_make_one_person(tmp_path, postgres):
    paths = listings(tmp_path, files=3, count=40, seed=5)
    owner = "Marguerite Delacroix-Obi"  # nobody in the listings: each process would create her
    expected = serial(paths, [0, 1, 2], owner=owner)
    wipe()
    # Held, the people table stops each process at its first look for the owner, then lets them
    # all look at once: without the write lock around finding and creating her, each makes her.
    done = ingest_processes(paths, [0, 1, 2], 4, "--owner", owner, held="people_person")
    assert all(process.returncode == 0 for process in done), [process.stderr for process in done]
    assert Person.objects.filter(full_name=owner).count() == 1
    assert canonical() == expected


@pytest.fixture
def prefork_worker(start_worker):
    """A real worker with two processes, as `make worker` runs it."""
    return start_worker(pool="prefork", concurrency=2, INGEST_BATCH_SIZE="4").queue


def test_a_worker_with_two_processes_and_four_queued_runs_gives_the_serial_database(
    reference, prefork_worker
):
    paths, expected = reference
    wipe()
    runs = [
        run_submit(data=path.read_bytes(), input_name=path.name, format="bibtex", enqueue=False)
        for path in paths
    ]
    for run in runs:
        ingest_run.apply_async(args=[run.pk], queue=prefork_worker)
    for run in runs:
        assert wait_for(lambda pk=run.pk: finished(pk), timeout=240).status == RunStatus.SUCCEEDED
    assert_overlapped(IngestionRun.objects.all())
    assert canonical() == expected
    assert_true_counts(expected)
