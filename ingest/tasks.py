"""Celery tasks of ingestion: thin, they take ids and call one service."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from ingest.enrich import enrich_submit, wants_enrichment
from ingest.fetch.client import FetchError
from ingest.models import IngestionRun
from ingest.run import RETRYABLE as DATABASE_TROUBLE
from ingest.run import run_abort, run_execute, run_fail, runs_fail_stale
from ingest.submit import INGEST_RUN_TASK
from ingest.submit.sources import sources_refresh
from papers.spelling import refresh_title_words

logger = logging.getLogger(__name__)
MAX_RETRIES = 5


class TransientFetchError(Exception):
    pass


# A database that is away for longer than a batch's own retries, a site that is down for a
# moment: both may pass, and a retry of the task resumes the run at its checkpoint.
RETRYABLE = (*DATABASE_TROUBLE, TransientFetchError)


@shared_task(bind=True, name=INGEST_RUN_TASK, acks_late=True, max_retries=MAX_RETRIES)
def ingest_run(self, run_id: int) -> str:
    """Ingest one run from its checkpoint (a redelivered or retried task resumes there)."""
    try:
        try:
            run = run_execute(run_id=run_id)
        except FetchError as error:  # run_execute lets only transient fetch errors through
            raise TransientFetchError(error.message) from error
    except SoftTimeLimitExceeded:
        # The batch in flight was rolled back; go on from the checkpoint in a fresh task.
        raise self.retry(countdown=0, max_retries=None) from None
    except RETRYABLE as error:
        if self.request.retries >= MAX_RETRIES:
            run_fail(run_id=run_id, error=f"Gave up after {MAX_RETRIES + 1} attempts: {error}")
            return "failed"
        raise self.retry(exc=error, countdown=min(2**self.request.retries * 5, 300)) from None
    except Exception as error:
        # A bug, not a passing trouble: the run fails with the error (the traceback is for the log).
        logger.exception("ingest.task_error run=%s", run_id)
        run_abort(run_id=run_id, error=error)
        return "failed"
    if wants_enrichment(run):
        enrich_run.delay(run.pk)
    return run.status


@shared_task(name="ingest.tasks.enrich_run", soft_time_limit=1800, time_limit=1860)
def enrich_run(run_id: int) -> list[int]:
    """Complete a harvest's papers from Crossref and arXiv: runs of their own, queued (ingest.enrich)."""
    completing = enrich_submit(IngestionRun.objects.select_related("source").get(pk=run_id))
    return [run.pk for run in completing]


@shared_task(name="ingest.tasks.fail_stale_runs", soft_time_limit=60, time_limit=90)
def fail_stale_runs() -> int:
    """Fail ingestion runs whose worker was lost (scheduled by beat)."""
    return runs_fail_stale()


@shared_task(name="ingest.tasks.refresh_sources", soft_time_limit=60, time_limit=90)
def refresh_sources() -> list[int]:
    """Queue a run for every source due a refresh (scheduled by beat)."""
    return sources_refresh()


@shared_task(name="ingest.tasks.refresh_search_words", soft_time_limit=300, time_limit=330)
def refresh_search_words() -> None:
    """Read the words of every title again, which typos in a search are corrected from (scheduled by beat)."""
    refresh_title_words()
