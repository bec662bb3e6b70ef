"""Writes on ingestion runs."""

import logging
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from ingest.choices import RunStatus
from ingest.models import IngestionRun

logger = logging.getLogger(__name__)


def runs_fail_stale(*, now: datetime | None = None) -> int:
    """Fail the runs still "running" that made no progress for long: their worker was lost.

    One UPDATE, so a run that finishes meanwhile is not touched (its status is no
    longer "running" when the row is written).
    """
    now = now or timezone.now()
    cutoff = now - settings.INGEST_STALE_AFTER
    count = IngestionRun.objects.filter(status=RunStatus.RUNNING, progressed_at__lt=cutoff).update(
        status=RunStatus.FAILED,
        finished_at=now,
        error=f"No progress for {settings.INGEST_STALE_AFTER}: the worker was lost. Start the run again.",
    )
    if count:
        logger.warning("ingest.runs_fail_stale failed=%d cutoff=%s", count, cutoff.isoformat())
    return count
