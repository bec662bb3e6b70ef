"""Fetch a run's source: the page as the parser reads it, kept on the run; nothing when unchanged."""

import hashlib
import logging

from django.conf import settings
from django.utils import timezone

from core.text import UnreadableText
from ingest.choices import SourceKind
from ingest.fetch.client import FetchError, fetch_url, is_html_page, page_html, page_text
from ingest.fetch.harvest import harvest_input
from ingest.formats import Format
from ingest.models import IngestionRun, Source
from ingest.parsers.detect import detect_format

logger = logging.getLogger(__name__)


def source_input(run: IngestionRun) -> str | None:
    """Fetch the run's source and keep the text on the run; None when it did not change."""
    source = run.source
    if source.kind != SourceKind.URL:
        return harvest_input(run)
    fetched = fetch_url(
        source.url,
        etag=source.etag,
        last_modified=source.last_modified,
        timeout=settings.INGEST_FETCH_TIMEOUT,
        max_bytes=settings.INGEST_FETCH_MAX_BYTES,
    )
    now = timezone.now()
    if fetched.not_modified:
        Source.objects.filter(pk=source.pk).update(last_fetched_at=now)
        return None
    try:
        text = _listing_text(run, fetched)
    except UnreadableText as error:
        raise FetchError(f"{source.url} is unreadable: {error}", transient=False) from error
    # The text is kept on the run, so a resumed run ingests what this fetch saw.
    run.input_text = text
    run.input_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    IngestionRun.objects.filter(pk=run.pk).update(input_text=text, input_sha256=run.input_sha256)
    Source.objects.filter(pk=source.pk).update(
        etag=fetched.etag[:200], last_modified=fetched.last_modified[:100], last_fetched_at=now
    )
    return text


def _listing_text(run: IngestionRun, fetched) -> str:
    """The page as the parser reads it: a homepage as its HTML (its lists, rows, bold names and
    links say more than its text), anything else as text."""
    text = page_text(fetched)
    if is_html_page(fetched) and (
        run.format == Format.HOMEPAGE
        or (run.format == Format.AUTO and detect_format(text) == Format.HOMEPAGE)
    ):
        return page_html(fetched)
    return text
