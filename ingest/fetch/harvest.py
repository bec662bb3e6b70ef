"""Harvesting a followed identifier: every page of the person's works fetched politely, the
changed ones kept on the run as one input (ingest.parsers.bundle); nothing when none changed."""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from ingest.choices import SourceKind
from ingest.fetch.client import FetchError
from ingest.fetch.pages import Page, PageMark, walk
from ingest.fetch.polite import ClientSettings, PoliteClient, user_agent
from ingest.models import IngestionRun, Source
from ingest.parsers.bundle import bundle_marks, bundle_text, is_bundle

logger = logging.getLogger(__name__)


class SharedLimiter:
    """Spaces the requests to a host across every process and machine that shares the cache
    (Redis with CACHE_URL): a request goes when it takes the host's token, which lasts the host's
    interval; the others wait for it to lapse. Without a shared cache, it spaces one process's."""

    POLL = 0.1  # seconds between two looks at a taken token

    def __init__(self, *, sleep=time.sleep) -> None:
        self._sleep = sleep

    def wait(self, host: str, interval: float) -> None:
        if interval <= 0:
            return
        # Redis keeps whole seconds: a token never lapses sooner than the interval.
        while not cache.add(f"harvest-pace:{host}", 1, timeout=math.ceil(interval)):
            self._sleep(self.POLL)


def harvest_client() -> PoliteClient:
    """The one client of every source, as the settings say: who we are, our limits and retries."""
    return PoliteClient(
        limiter=SharedLimiter(),
        settings=ClientSettings(
            user_agent=user_agent(settings.SITE_URL, settings.HARVEST_CONTACT),
            timeout=float(settings.INGEST_FETCH_TIMEOUT),
            max_bytes=settings.INGEST_FETCH_MAX_BYTES,
            retries=settings.HARVEST_RETRIES,
            backoff=float(settings.HARVEST_BACKOFF),
            max_wait=float(settings.HARVEST_MAX_WAIT),
        ),
    )


def source_pages(source: Source, *, client: PoliteClient | None = None) -> list[Page]:
    """Every page of the source, each marked changed or not since the last harvest.

    The client has retried what may pass; what still fails fails the run with its message.
    """
    known = {key: PageMark(**mark) for key, mark in (source.pages or {}).items()}
    try:
        return walk(
            source.kind,
            source.identifier,
            client or harvest_client(),
            settings.HARVEST_BASE_URLS,
            known=known,
            contact=settings.HARVEST_CONTACT,
            max_pages=settings.HARVEST_MAX_PAGES,
        )
    except FetchError as error:
        # Retried already: it fails the run, unless the server asked to come back later than
        # this client waits (a Retry-After past HARVEST_MAX_WAIT): the task tries again then.
        later = error.transient and error.retry_after is not None
        raise FetchError(f"{source.name}: {error.message}", transient=later) from error


def _mark(page: Page) -> dict[str, str]:
    return {"etag": page.etag, "last_modified": page.last_modified, "marker": page.marker}


def harvest_input(run: IngestionRun) -> str | None:
    """Harvest the run's source and keep the changed pages on the run; None when none changed."""
    source = run.source
    pages = source_pages(source)
    marks = {**(source.pages or {})}
    marks.update(
        {p.key: {"etag": p.etag, "last_modified": p.last_modified, "marker": p.marker} for p in pages}
    )
    changed = [page for page in pages if page.changed]
    now = timezone.now()
    logger.info("ingest.harvest source=%s pages=%s changed=%s", source.pk, len(pages), len(changed))
    if not changed:
        Source.objects.filter(pk=source.pk).update(pages=marks, last_fetched_at=now)
        return None
    text = bundle_text([(page.format, page.url, page.text) for page in changed], marks=marks)
    # The pages are kept on the run, so a resumed run ingests what this harvest saw; their marks
    # reach the source when the run has ingested them (harvest_done), so a failed run's pages
    # are fetched again next time.
    run.input_text = text
    run.input_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    IngestionRun.objects.filter(pk=run.pk).update(input_text=text, input_sha256=run.input_sha256)
    Source.objects.filter(pk=source.pk).update(last_fetched_at=now)
    return text


def harvest_done(run: IngestionRun) -> None:
    """The run ingested its harvest: its pages' marks are the source's now."""
    if (
        run.source_id is None
        or not Source.objects.filter(pk=run.source_id).exclude(kind=SourceKind.URL).exists()
    ):
        return
    text = IngestionRun.objects.filter(pk=run.pk).values_list("input_text", flat=True).get()
    marks = bundle_marks(text) if is_bundle(text) else {}
    if marks:
        Source.objects.filter(pk=run.source_id).update(pages=marks)
