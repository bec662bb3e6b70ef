"""Sources due a refresh, each submitted as a run that a worker fetches and ingests."""

import logging
from datetime import datetime

from django.utils import timezone

from ingest.choices import RunStatus, Trigger
from ingest.models import IngestionRun, Source
from ingest.submit import run_submit

logger = logging.getLogger(__name__)


def sources_due(*, now: datetime | None = None) -> list[Source]:
    """Enabled sources whose refresh interval has passed and that no run is working on."""
    now = now or timezone.now()
    busy = IngestionRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).values("source_id")
    sources = Source.objects.filter(enabled=True).exclude(pk__in=busy)
    return [s for s in sources if s.last_fetched_at is None or s.last_fetched_at + s.refresh_interval <= now]


def source_run_submit(source: Source, *, trigger: str = Trigger.SOURCE, user=None, enqueue: bool = True):
    """A run that fetches (or harvests) the source and ingests what changed."""
    return run_submit(
        source=source,
        format=source.format,
        owner=source.owner,
        lab=source.lab,
        input_name=source.url or f"{source.kind}:{source.identifier}",
        trigger=trigger,
        user=user,
        enqueue=enqueue,
    )


def sources_refresh(*, now: datetime | None = None) -> list[int]:
    """Queue a run for every due source; a worker fetches and ingests each."""
    runs = [source_run_submit(source).pk for source in sources_due(now=now)]
    if runs:
        logger.info("ingest.sources_refresh runs=%s", runs)
    return runs
