"""Completing harvested papers from Crossref and arXiv (settings.HARVEST_ENRICH), against a real HTTP
server on 127.0.0.1 standing in for DBLP, Crossref and arXiv: a paper with a DOI and no abstract
gets Crossref's abstract and pages in a run of its own, named in its provenance, and a preprint
known by its arXiv id alone gets arXiv's; nothing is asked when enrichment is off, or when the
harvest brought nothing new."""

import re
from collections.abc import Iterator

import pytest

from ingest.choices import RunStatus
from ingest.formats import Format
from ingest.models import IngestionRun
from papers.models import Paper
from tests.ingest.helpers import snapshot
from tests.ingest.test_harvest_client import (
    Answer,
    SourceServer,
    counts,
    fixture,
    point_harvest_at,
    run_command,
)

pytestmark = pytest.mark.django_db

OWNER = "Ngozi Adeyemi-Brandt"
CVPR = "Tidal Attention Networks for Coastal Scene Parsing"
CVPR_WORK = "/works/10.1109/cvpr52729.2023.00439"
ARXIV_WORK = "/works/10.48550/arxiv.2403.01234"
ABSTRACT = (
    "Coastal scenes change with every tide. We parse them with tidal attention, which follows the "
    "water line across a sequence of images, and halve the errors of single-image parsers on twelve "
    "coasts."
)
HARVEST = ("harvest", "--owner", OWNER, "--dblp", "123/4567")


@pytest.fixture
def server(settings) -> Iterator[SourceServer]:
    """DBLP's page of two papers without pages; Crossref holding the CVPR paper's DOI and, as the
    real one, not arXiv's (DataCite's)."""
    with SourceServer.running() as running:
        point_harvest_at(settings, running.url)
        running.route(re.escape("/pid/123/4567.xml"), Answer(fixture("dblp_unpaged.xml"), "application/xml"))
        running.route(re.escape(CVPR_WORK), Answer(fixture("crossref_work.json")))
        running.route("/works/.+", Answer("Resource not found.", "text/plain", 404, etag=False))
        running.route(re.escape("/api/query"), Answer(fixture("arxiv_ids.xml"), "application/atom+xml"))
        yield running


def test_a_paper_without_abstract_is_completed_from_crossref_once(server, settings):
    settings.HARVEST_ENRICH = True

    harvested, completing, from_arxiv = run_command(*HARVEST)

    assert (harvested["format"], harvested["status"]) == (Format.DBLP, RunStatus.SUCCEEDED)
    assert completing["path"] == f"Crossref works (JSON) records completing run {harvested['run']}"
    assert (completing["format"], completing["status"]) == (Format.CROSSREF, RunStatus.SUCCEEDED)
    assert completing["counts"] == counts(merged=1)
    asked = server.requests("/works/")
    # The preprint's DOI is DataCite's: Crossref is not asked about it, arXiv is.
    assert [seen.path for seen in asked] == [CVPR_WORK]
    assert {seen.query["mailto"] for seen in asked} == {"admin@lab.example.org"}
    paper = Paper.objects.get(title=CVPR)
    assert (paper.abstract, paper.pages) == (ABSTRACT, "4512-4521")
    crossref_run = completing["run"]
    assert paper.provenance["abstract"]["run"] == crossref_run
    assert paper.provenance["pages"]["run"] == crossref_run
    assert paper.provenance["runs"] == [harvested["run"], crossref_run]
    assert list(paper.citation_counts.values_list("source", "count")) == [("crossref", 40)]
    assert [seen.query["id_list"] for seen in server.requests("/api/query")] == ["2403.01234"]
    assert (from_arxiv["format"], from_arxiv["status"]) == (Format.ARXIV, RunStatus.SUCCEEDED)
    preprint = Paper.objects.get(arxiv_id="2403.01234")
    assert preprint.abstract.startswith("We gather estuary images at every state of the tide")
    assert preprint.provenance["abstract"]["run"] == from_arxiv["run"]


def test_the_second_pass_of_the_command_changes_nothing_and_asks_crossref_nothing(server, settings):
    settings.HARVEST_ENRICH = True
    run_command(*HARVEST)
    before, asked = snapshot(), len(server.requests("/works/"))

    (again,) = run_command(*HARVEST)

    assert (again["status"], again["error"]) == (RunStatus.SUCCEEDED, "not modified since the last fetch")
    assert again["counts"] == counts()
    assert snapshot() == before
    assert len(server.requests("/works/")) == asked == 1
    assert len(server.requests("/api/query")) == 1
    assert IngestionRun.objects.filter(format=Format.CROSSREF).count() == 1


@pytest.mark.parametrize("enrich, flags", [(False, ()), (True, ("--no-enrich",))])
def test_without_enrichment_crossref_sees_no_request(server, settings, enrich, flags):
    settings.HARVEST_ENRICH = enrich

    (harvested,) = run_command(*HARVEST, *flags)

    # The two papers, and their owner, who gets the ORCID iD of their DBLP page.
    assert (harvested["status"], harvested["counts"]) == (RunStatus.SUCCEEDED, counts(created=2, merged=1))
    assert server.requests("/works/") == []
    assert [seen.path for seen in server.requests()] == ["/pid/123/4567.xml"]
    paper = Paper.objects.get(title=CVPR)
    assert (paper.abstract, paper.pages) == ("", "")
    assert not IngestionRun.objects.filter(format=Format.CROSSREF).exists()
