"""Completing harvested papers from Crossref: a paper with a DOI that lacks an abstract, a venue,
pages or its full author list gets Crossref's record of it, ingested as a run of its own, so the
same merge rules decide and the provenance names Crossref. On when settings.HARVEST_ENRICH and the
source's own `enrich` say so."""

import logging

from django.conf import settings
from django.db.models import Q

from ingest.choices import RunStatus, Trigger
from ingest.fetch.client import FetchError
from ingest.fetch.harvest import harvest_client
from ingest.fetch.pages import walk
from ingest.formats import Format
from ingest.models import IngestionRun
from ingest.parsers.bundle import bundle_text
from ingest.submit import run_submit
from papers.models import Paper

logger = logging.getLogger(__name__)
# Papers completed per harvest at most: Crossref is asked once a second or so.
ENRICH_LIMIT = 200


def incomplete_papers(run: IngestionRun) -> list[Paper]:
    """The run's papers with a DOI and a gap Crossref may fill."""
    missing = Q(abstract="") | Q(pages="") | Q(authors_complete=False) | Q(venue_edition=None, venue_text="")
    papers = Paper.objects.filter(pk__in=run.outcomes.exclude(paper=None).values("paper_id")).exclude(doi="")
    return list(papers.filter(missing).order_by("pk")[:ENRICH_LIMIT])


def wants_enrichment(run: IngestionRun) -> bool:
    source = run.source
    return bool(
        settings.HARVEST_ENRICH
        and source is not None
        and source.enrich
        and run.status in (RunStatus.SUCCEEDED, RunStatus.PARTIAL)
        and run.format != Format.CROSSREF
    )


def enrich_submit(run: IngestionRun, *, enqueue: bool = True) -> IngestionRun | None:
    """A Crossref run completing the run's incomplete papers; None when there is nothing to ask."""
    if not wants_enrichment(run):
        return None
    client, pages = harvest_client(), []
    for paper in incomplete_papers(run):
        try:
            pages += walk(
                "crossref", paper.doi, client, settings.HARVEST_BASE_URLS, contact=settings.HARVEST_CONTACT
            )
        except FetchError as error:  # a DOI Crossref does not hold (DataCite's, arXiv's): left as it is
            logger.info("ingest.enrich_skip run=%s paper=%s error=%s", run.pk, paper.pk, error.message)
    if not pages:
        return None
    text = bundle_text([(page.format, page.url, page.text) for page in pages])
    return run_submit(
        data=text,
        input_name=f"Crossref records completing run {run.pk}",
        format=Format.CROSSREF,
        observed_at=run.observed_at,
        trigger=Trigger.SOURCE,
        enqueue=enqueue,
    )
