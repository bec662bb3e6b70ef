"""Celery tasks of ingestion: thin, they take ids and call one service."""

from celery import shared_task

from ingest.services import runs_fail_stale


@shared_task(name="ingest.tasks.fail_stale_runs", soft_time_limit=60, time_limit=90)
def fail_stale_runs() -> int:
    """Fail ingestion runs whose worker was lost (scheduled by beat)."""
    return runs_fail_stale()
