"""Completing harvested papers from Crossref or arXiv: a paper with a DOI (or only an arXiv id) that
lacks an abstract, a venue, pages or its full author list gets Crossref's (arXiv's) record of it,
ingested as a run of its own, so the same merge rules decide and the provenance names the source.
On when settings.HARVEST_ENRICH and the source's own `enrich` say so; a completing run has no
source, so it completes nothing in turn."""

import logging

from django.conf import settings
from django.db.models import Q

from core.identifiers import ARXIV_DOI_PREFIX
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
ARXIV_IDS = 100  # ids per request to arXiv's API


def incomplete_papers(run: IngestionRun) -> tuple[list[Paper], list[Paper]]:
    """The run's papers with a gap a source may fill: those with a DOI (Crossref's), and those
    known by their arXiv id alone (arXiv's)."""
    missing = Q(abstract="") | Q(pages="") | Q(authors_complete=False) | Q(venue_edition=None, venue_text="")
    papers = Paper.objects.filter(pk__in=run.outcomes.exclude(paper=None).values("paper_id")).filter(missing)
    with_doi = papers.exclude(doi="").exclude(doi__startswith=ARXIV_DOI_PREFIX)
    arxiv_only = papers.exclude(pk__in=with_doi.values("pk")).exclude(arxiv_id="")
    return list(with_doi.order_by("pk")[:ENRICH_LIMIT]), list(arxiv_only.order_by("pk")[:ENRICH_LIMIT])


def wants_enrichment(run: IngestionRun) -> bool:
    source = run.source
    return bool(
        settings.HARVEST_ENRICH
        and source is not None
        and source.enrich
        and run.status in (RunStatus.SUCCEEDED, RunStatus.PARTIAL)
    )


def enrich_submit(run: IngestionRun, *, enqueue: bool = True) -> list[IngestionRun]:
    """The runs completing the run's incomplete papers, a Crossref one and an arXiv one, each
    when it has something to ask."""
    if not wants_enrichment(run):
        return []
    with_doi, arxiv_only = incomplete_papers(run)
    client = harvest_client()
    asks = [("crossref", paper.doi) for paper in with_doi]
    ids = [paper.arxiv_id for paper in arxiv_only]
    asks += [("arxiv_ids", ",".join(ids[at : at + ARXIV_IDS])) for at in range(0, len(ids), ARXIV_IDS)]
    pages: dict[str, list] = {Format.CROSSREF: [], Format.ARXIV: []}
    for kind, identifier in asks:
        try:
            for page in walk(
                kind, identifier, client, settings.HARVEST_BASE_URLS, contact=settings.HARVEST_CONTACT
            ):
                pages[page.format].append(page)
        except FetchError as error:  # a DOI Crossref does not hold (DataCite's...): left as it is
            logger.info("ingest.enrich_skip run=%s ask=%s error=%s", run.pk, identifier, error.message)
    return [_completing(run, format, found, enqueue) for format, found in pages.items() if found]


def _completing(run: IngestionRun, format: str, pages: list, enqueue: bool) -> IngestionRun:
    return run_submit(
        data=bundle_text([(page.format, page.url, page.text) for page in pages]),
        input_name=f"{Format(format).label} records completing run {run.pk}",
        format=format,
        observed_at=run.observed_at,
        trigger=Trigger.SOURCE,
        enqueue=enqueue,
    )
