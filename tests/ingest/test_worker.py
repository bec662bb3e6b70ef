"""A real Celery worker over Redis ingests runs; one killed mid-run is resumed to the same result."""

import random
import time

import pytest

from ingest.choices import RunStatus
from ingest.models import IngestionRun, RecordOutcome
from ingest.run import run_execute
from ingest.submit import run_submit
from ingest.tasks import ingest_run
from papers.models import Paper
from people.models import Person
from tests.ingest.helpers import OBSERVED, counts, snapshot

pytestmark = pytest.mark.services
WORDS = [
    *("sparse", "dense", "voxel", "prompt", "routing", "label", "noise", "depth", "scene", "graph", "token"),
    *("diffusion", "contrastive", "federated", "adversarial", "causal", "invariant", "segmentation"),
    *("tracking", "retrieval", "memory", "attention"),
]
NAMES = [f"{given} {family}" for given in ("Ada", "Bo", "Chen", "Dara", "Eli", "Fen") for family in (
    "Ruiz", "Okafor", "Lindqvist", "Tanaka", "Novak", "Osei")]  # fmt: skip
# A worker that gives up on its message quickly once killed, and ingests in small batches.
FAST_REDELIVERY = {
    "INGEST_BATCH_SIZE": "5",
    "CELERY_TASK_SOFT_TIME_LIMIT": "6",
    "CELERY_TASK_TIME_LIMIT": "7",
    "CELERY_VISIBILITY_TIMEOUT": "8",
    "CELERY_RESTORE_INTERVAL": "2",
}


def generated_bibtex(entries: int) -> str:
    rng = random.Random(7)
    titles = set()
    while len(titles) < entries:
        titles.add(" ".join(rng.sample(WORDS, 6)).capitalize())
    return "\n".join(
        f"@inproceedings{{e{n},\n  title={{{title}}},\n  author={{{' and '.join(rng.sample(NAMES, 3))}}},\n"
        f"  booktitle={{CVPR}},\n  year={{{2015 + n % 10}}},\n  doi={{10.5555/gen.{n}}},\n}}\n"
        for n, title in enumerate(sorted(titles))
    )


def wait_for(condition, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("the condition was not met in time")


def finished(run_id: int) -> IngestionRun | None:
    run = IngestionRun.objects.get(pk=run_id)
    return run if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING) else None


def test_a_real_worker_ingests_a_file_sent_through_redis(start_worker, fixture_text):
    worker = start_worker()
    run = run_submit(
        data=fixture_text("bibtex_small.bib"), format="bibtex", observed_at=OBSERVED, enqueue=False
    )
    assert ingest_run.apply_async(args=[run.pk], queue=worker.queue).get(timeout=60) == RunStatus.SUCCEEDED
    run.refresh_from_db()
    assert run.created == run.records == Paper.objects.count() > 0


def test_a_worker_killed_mid_run_leaves_nothing_duplicated_or_lost(start_worker):
    listing = generated_bibtex(300)
    reference = run_execute(
        run_id=run_submit(data=listing, format="bibtex", observed_at=OBSERVED, enqueue=False).pk
    )
    expected, expected_counts = snapshot(), counts(reference)
    IngestionRun.objects.all().delete()
    Paper.objects.all().delete()
    Person.objects.all().delete()

    first = start_worker(**FAST_REDELIVERY)
    run = run_submit(data=listing, format="bibtex", observed_at=OBSERVED, enqueue=False)
    ingest_run.apply_async(args=[run.pk], queue=first.queue)
    wait_for(lambda: IngestionRun.objects.get(pk=run.pk).checkpoint >= 40)
    first.kill()
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and 40 <= run.checkpoint < 300

    start_worker(first.queue, **FAST_REDELIVERY)  # the message comes back to a new worker
    done = wait_for(lambda: finished(run.pk), timeout=120)
    assert done.status == RunStatus.SUCCEEDED
    assert counts(done) == expected_counts
    indexes = list(RecordOutcome.objects.filter(run=done).values_list("index", flat=True))
    assert sorted(indexes) == list(range(300))
    assert snapshot() == expected
