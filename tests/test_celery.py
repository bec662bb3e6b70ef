"""Celery: reliable settings, a beat schedule of real tasks, and a real worker over Redis."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from ingest.choices import RunStatus
from ingest.tasks import fail_stale_runs
from pubtracker.celery import app
from tests.factories import IngestionRunFactory


def test_tasks_are_acknowledged_late_and_requeued_when_a_worker_dies():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.broker_transport_options["visibility_timeout"] > app.conf.task_time_limit


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert scheduled
    assert scheduled <= set(app.tasks)


def stale_and_fresh_runs():
    long_ago = timezone.now() - timedelta(days=1)
    stale = IngestionRunFactory(status=RunStatus.RUNNING, started_at=long_ago, progressed_at=long_ago)
    fresh = IngestionRunFactory(status=RunStatus.RUNNING, started_at=long_ago, progressed_at=timezone.now())
    done = IngestionRunFactory(status=RunStatus.SUCCEEDED, started_at=long_ago, progressed_at=long_ago)
    return stale, fresh, done


@pytest.mark.django_db
def test_runs_that_stopped_progressing_are_failed_with_a_clear_error():
    stale, fresh, done = stale_and_fresh_runs()
    assert fail_stale_runs.apply().get() == 1
    for run in (stale, fresh, done):
        run.refresh_from_db()
    assert stale.status == RunStatus.FAILED and "worker was lost" in stale.error
    assert (fresh.status, done.status) == (RunStatus.RUNNING, RunStatus.SUCCEEDED)


@pytest.fixture
def celery_worker(start_worker) -> str:
    """A real worker process, on a queue of its own, against the test database."""
    return start_worker().queue


@pytest.mark.services
def test_a_real_worker_runs_a_task_sent_through_redis(celery_worker):
    assert app.conf.task_always_eager is False  # with a broker, tasks leave this process
    stale, fresh, _ = stale_and_fresh_runs()
    result = fail_stale_runs.apply_async(queue=celery_worker)
    assert result.get(timeout=60) == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == RunStatus.FAILED
    assert fresh.status == RunStatus.RUNNING


def test_a_worker_runs_one_process_per_core_unless_told_otherwise():
    from django.conf import settings

    assert (os.cpu_count() or 1) == settings.CELERY_WORKER_CONCURRENCY
    assert app.conf.worker_concurrency == settings.CELERY_WORKER_CONCURRENCY
