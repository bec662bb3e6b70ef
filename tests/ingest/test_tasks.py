"""The ingestion task: enqueued on commit, retried on passing errors, giving up with a message."""

import pytest
from celery.exceptions import Retry
from django.db import OperationalError

from ingest import tasks
from ingest.choices import RunStatus
from ingest.submit import run_submit

pytestmark = pytest.mark.django_db


def test_a_run_is_enqueued_only_once_its_transaction_commits(
    fixture_text, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = run_submit(data=fixture_text("bibtex_small.bib"), format="bibtex")
    assert run.status == RunStatus.QUEUED
    assert len(callbacks) == 1


def test_the_task_takes_the_run_id_and_ingests_it(fixture_text, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    run = run_submit(data=fixture_text("bibtex_small.bib"), format="bibtex", enqueue=False)
    assert tasks.ingest_run.apply(args=[run.pk]).get() == RunStatus.SUCCEEDED
    run.refresh_from_db()
    assert run.created == run.records > 0


def failing(error):
    def run_execute(*, run_id):
        raise error

    return run_execute


def test_a_lost_database_connection_is_retried_with_backoff(monkeypatch, fixture_text):
    run = run_submit(data=fixture_text("bibtex_small.bib"), format="bibtex", enqueue=False)
    monkeypatch.setattr(tasks, "run_execute", failing(OperationalError("server closed the connection")))
    with pytest.raises(Retry) as retry:
        tasks.ingest_run.apply(args=[run.pk], retries=2, throw=True)
    assert retry.value.when == 20  # 5 s, 10 s, 20 s...
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED


def test_the_last_retry_fails_the_run_with_the_reason(monkeypatch, fixture_text):
    run = run_submit(data=fixture_text("bibtex_small.bib"), format="bibtex", enqueue=False)
    monkeypatch.setattr(tasks, "run_execute", failing(OperationalError("server closed the connection")))
    result = tasks.ingest_run.apply(args=[run.pk], retries=tasks.MAX_RETRIES)
    assert result.get() == "failed"
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "Gave up after 6 attempts: server closed the connection" in run.error
