"""One researcher harvested from ORCID, DBLP, OpenAlex, Semantic Scholar and arXiv (a real HTTP
server on 127.0.0.1 answering in each source's own shapes), plus their homepage and BibTeX file:
one paper per real paper with every source's ids and counts, as the database, the person page and
the API show them; and a second pass that changes nothing.

Ngozi Adeyemi-Brandt (invented) has five papers: a CVPR 2023 paper with its arXiv preprint, a TPAMI
article, a CVPR workshop paper without DOI, an arXiv-only preprint, and an IJCV article that only
OpenAlex and Semantic Scholar know.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone

from ingest.choices import RunStatus
from ingest.fetch.pages.s2 import FIELDS
from ingest.models import ReviewItem
from papers.models import Paper
from people.models import Person
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

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "harvest"
OWNER = "Ngozi Adeyemi-Brandt"
ORCID_ID = "0000-0002-1825-0097"
DBLP_PID = "123/4567"
OPENALEX_ID = "A5012345678"
S2_ID = "2109876"
ARXIV_QUERY = "au:Adeyemi_Brandt_N"
CONTACT = "admin@lab.example.org"
ORCID_JSON = "application/vnd.orcid+json;charset=UTF-8"

CVPR = "Tidal Attention Networks for Coastal Scene Parsing"
TPAMI = "Learning Shoreline Priors from Satellite Image Time Series"
WORKSHOP = "A Benchmark for Mangrove Segmentation in Drone Imagery"
PREPRINT = "EstuaryBench: Evaluating Foundation Models on Tidal Imagery"
IJCV = "Wave Spectra Estimation from Drone Video"

# What each paper is: DOI, arXiv id, kind, venue (acronym, year), every source's id of it, and the
# citations each source counted, kept apart.
EXPECTED = {
    CVPR: (
        "10.1109/cvpr52729.2023.00439", "2211.09876", "conference", ("CVPR", 2023),
        {"dblp": "conf/cvpr/AdeyemiBrandtNC23", "openalex": "W4385012345", "orcid_put_code": "81000002",
         "s2": "5f2e7c1a9b3d4e6f8a0b1c2d3e4f5a6b7c8d9e0a", "s2_corpus": "253987654"},
        [("openalex", 42), ("s2", 39)],
    ),
    TPAMI: (
        "10.1109/tpami.2024.3367012", "", "journal", ("TPAMI", 2024),
        {"dblp": "journals/pami/AdeyemiBrandtB24", "openalex": "W4391234567", "orcid_put_code": "81000003",
         "s2": "a7d3b9e1c5f2048a6b1d9e3c7f5a2b8d4e6c0f1a", "s2_corpus": "267234567"},
        [("openalex", 17), ("s2", 15)],
    ),
    WORKSHOP: (
        "", "", "workshop", ("CVPRW", 2022),
        {"dblp": "conf/cvpr/ChukwuA22", "orcid_put_code": "81000004",
         "s2": "b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f2a4b6c8", "s2_corpus": "249876543"},
        [("s2", 8)],
    ),
    PREPRINT: (
        "10.48550/arxiv.2403.01234", "2403.01234", "preprint", ("arXiv", 2024),
        {"dblp": "journals/corr/abs-2403-01234", "openalex": "W4392345678", "orcid_put_code": "81000005",
         "s2": "c3e5a7b9d1f3e5a7c9b1d3f5e7a9c1b3d5f7e9a1", "s2_corpus": "268123456"},
        [("openalex", 3), ("s2", 2)],
    ),
    IJCV: (
        "10.1007/s11263-021-01512-4", "", "journal", ("IJCV", 2021),
        {"mag": "3190123456", "openalex": "W3190123456", "s2": "d4f6b8a0c2e4f6a8b0d2c4e6f8a0b2d4c6e8f0a2",
         "s2_corpus": "236543210"},
        [("openalex", 25), ("s2", 21)],
    ),
}  # fmt: skip
# The coauthors as the sources know them: DBLP pid (and DBLP's name with its homonym number),
# OpenAlex and Semantic Scholar author ids.
COAUTHORS = {
    "Tomasz Nowak": ["", "88/1234-2", "Tomasz Nowak 0002", "A5087654321", "2087654"],
    "Ifeoma Chukwu": ["", "201/7788", "", "A5023456789", "2155555"],
    "Lukas Brenner": ["", "77/9012", "", "A5034567890", "2166666"],
}
ORCID_SUMMARY = f"/v3.0/{ORCID_ID}/works"
ORCID_BULK = f"{ORCID_SUMMARY}/81000005,81000003,81000002,81000004"
OPENALEX_CURSORS = (
    "*",
    "IlsxNjk0NDc2ODAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzQzOTIzNDU2NzgnXSI=",
    "IlsxNjMxNTc3NjAwMDAwLCAnaHR0cHM6Ly9vcGVuYWxleC5vcmcvVzMxOTAxMjM0NTYnXSI=",
)


def serve_researcher(server: SourceServer) -> None:
    """Every page the walkers ask for, at the paths and with the parameters each source's API has."""
    server.route(re.escape(ORCID_SUMMARY), Answer(fixture("orcid_works.json"), ORCID_JSON))
    server.route(re.escape(ORCID_BULK), Answer(fixture("orcid_bulk.json"), ORCID_JSON))
    server.route(re.escape("/pid/123/4567.xml"), Answer(fixture("dblp_person.xml"), "application/xml"))
    works = {"filter": f"author.id:{OPENALEX_ID}", "per-page": "200", "mailto": CONTACT}
    for number, cursor in enumerate(OPENALEX_CURSORS, start=1):
        page = Answer(fixture(f"openalex_page{number}.json"))
        server.route("/works", page, query={**works, "cursor": cursor})
    papers = f"/graph/v1/author/{S2_ID}/papers"
    for number, offset in enumerate(("0", "3"), start=1):
        page = Answer(fixture(f"s2_page{number}.json"))
        server.route(re.escape(papers), page, query={"fields": FIELDS, "limit": "100", "offset": offset})
    query = {"search_query": ARXIV_QUERY, "start": "0", "max_results": "100", "sortBy": "submittedDate"}
    feed = Answer(fixture("arxiv_feed.xml"), "application/atom+xml; charset=utf-8")
    server.route("/api/query", feed, query={**query, "sortOrder": "descending"})


def harvest_researcher() -> list[dict]:
    return run_command(
        "harvest", "--owner", OWNER, "--orcid", ORCID_ID, "--dblp", DBLP_PID,
        "--openalex", OPENALEX_ID, "--s2", S2_ID, "--arxiv", ARXIV_QUERY,
    )  # fmt: skip


def ingest_listings(slug: str) -> list[dict]:
    """The homepage and the BibTeX file, as `manage.py ingest` takes them."""
    paths = [str(FIXTURES / "homepage.html"), str(FIXTURES / "papers.bib")]
    return run_command("ingest", *paths, "--owner", slug)


@pytest.fixture
def server(settings) -> Iterator[SourceServer]:
    with SourceServer.running() as running:
        point_harvest_at(settings, running.url)
        serve_researcher(running)
        yield running


@pytest.fixture
def first_pass(server: SourceServer) -> dict:
    """The harvest of every source, then the homepage and the BibTeX file: each one's report."""
    harvested = harvest_researcher()
    owner = Person.objects.get(orcid=ORCID_ID)
    listings = ingest_listings(owner.slug)
    return {"harvest": {report["format"]: report for report in harvested}, "listings": listings}


def by_title() -> dict[str, Paper]:
    papers = Paper.objects.select_related("venue_edition__venue").prefetch_related("citation_counts")
    return {paper.title: paper for paper in papers}


def test_first_harvest_reports_every_source_and_ingests_each_page_once(first_pass, server):
    reports = first_pass["harvest"]
    assert list(reports) == ["orcid", "dblp", "openalex", "s2", "arxiv"]
    assert {report["status"] for report in reports.values()} == {RunStatus.SUCCEEDED}
    assert {name: report["counts"] for name, report in reports.items()} == {
        "orcid": counts(created=4, merged=4, unchanged=2),
        "dblp": counts(merged=6),  # every record adds its DBLP key; the person, their affiliation
        "openalex": counts(created=1, merged=3),
        "s2": counts(merged=5),
        "arxiv": counts(merged=2),
    }
    assert [(report["format"], report["status"]) for report in first_pass["listings"]] == [
        ("homepage", RunStatus.SUCCEEDED),
        ("bibtex", RunStatus.SUCCEEDED),
    ]
    paths = [seen.path for seen in server.requests()]
    assert paths == [
        ORCID_SUMMARY, ORCID_BULK, "/pid/123/4567.xml", "/works", "/works", "/works",
        f"/graph/v1/author/{S2_ID}/papers", f"/graph/v1/author/{S2_ID}/papers", "/api/query",
    ]  # fmt: skip
    assert {seen.status for seen in server.requests()} == {200}
    agents = {seen.headers["User-Agent"] for seen in server.requests()}
    assert agents == {f"pubtracker/1.0 (+https://pubs.lab.example.org; mailto:{CONTACT})"}
    assert not ReviewItem.objects.exists()


def test_each_real_paper_is_one_paper_with_every_id_and_each_sources_count(first_pass):
    papers = by_title()
    assert sorted(papers) == sorted(EXPECTED)
    for title, (doi, arxiv_id, kind, venue, ids, cited) in EXPECTED.items():
        paper = papers[title]
        edition = paper.venue_edition
        shown = (paper.doi, paper.arxiv_id, paper.kind, (edition.venue.acronym, edition.year))
        assert shown == (doi, arxiv_id, kind, venue), title
        assert paper.external_ids == ids, title
        citations = sorted((row.source, row.count) for row in paper.citation_counts.all())
        assert citations == cited, title
        assert {row.observed_on for row in paper.citation_counts.all()} == {timezone.localdate()}
        assert paper.citation_count is None, title  # the sources' counts are never summed into one


def test_the_cvpr_paper_is_the_published_version_holding_every_sources_runs(first_pass):
    paper = by_title()[CVPR]
    assert (paper.venue_edition.venue.acronym, paper.venue_edition.year, paper.kind) == (
        "CVPR",
        2023,
        "conference",
    )
    assert (paper.year, paper.pages, paper.categories) == (2023, "4512-4521", ["cs.CV", "eess.IV"])
    runs = {report["run"] for report in first_pass["harvest"].values()}
    runs |= {report["run"] for report in first_pass["listings"]}
    assert set(paper.provenance["runs"]) == runs
    arxiv_run = first_pass["harvest"]["arxiv"]["run"]
    assert paper.provenance["abstract"]["run"] == arxiv_run  # the longest abstract
    assert paper.abstract.startswith("Coastal scenes change with every tide: what is beach at noon")
    authors = [(row.position, row.person.full_name) for row in paper.authorships.select_related("person")]
    assert authors == [(1, OWNER), (2, "Tomasz Nowak"), (3, "Ifeoma Chukwu")]
    links = sorted(paper.links.values_list("kind", "url"))
    assert ("code", "https://github.com/coastal-vision/tidal-attention") in links
    assert ("arxiv", "https://arxiv.org/abs/2211.09876") in links


def test_the_researcher_and_coauthors_keep_the_sources_identifiers(first_pass):
    owner = Person.objects.get(full_name=OWNER)
    assert [owner.orcid, owner.dblp_pid, owner.dblp_name, owner.openalex_id, owner.s2_id] == [
        ORCID_ID, DBLP_PID, "", OPENALEX_ID, S2_ID,
    ]  # fmt: skip
    people = {
        person.full_name: [person.orcid, person.dblp_pid, person.dblp_name, person.openalex_id, person.s2_id]
        for person in Person.objects.exclude(pk=owner.pk)
    }
    assert people == COAUTHORS
    nowak = Person.objects.get(dblp_name="Tomasz Nowak 0002")
    titles = set(Paper.objects.filter(authorships__person=nowak).values_list("title", flat=True))
    assert titles == {CVPR, PREPRINT}


def test_person_page_and_api_show_the_five_papers_once_each(first_pass, client):
    owner = Person.objects.get(orcid=ORCID_ID)
    page = client.get(f"/people/{owner.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    for title in EXPECTED:
        assert html.count(f">{title}</a>") == 1, title
    assert "<dt>Papers here</dt><dd>5</dd>" in html
    for url in (
        f"https://orcid.org/{ORCID_ID}",
        "https://dblp.org/pid/123/4567.html",
        f"https://openalex.org/authors/{OPENALEX_ID}",
        f"https://www.semanticscholar.org/author/{S2_ID}",
    ):
        assert f'href="{url}"' in html

    listed = client.get("/api/v1/papers/", {"author": owner.slug}).json()
    assert listed["count"] == 5
    shown = {paper["title"]: paper for paper in listed["results"]}
    for title, (doi, arxiv_id, kind, venue, ids, cited) in EXPECTED.items():
        paper = shown[title]
        assert (paper["doi"], paper["arxiv_id"], paper["kind"]) == (doi, arxiv_id, kind), title
        assert (paper["venue"]["acronym"], paper["venue"]["year"]) == venue, title
        assert paper["external_ids"] == ids, title
        today = timezone.localdate().isoformat()
        assert paper["citation_counts"] == [
            {"source": source, "count": count, "observed_on": today} for source, count in cited
        ], title
    assert shown[CVPR]["venue"]["slug"] == "cvpr"
    slugs = dict(Person.objects.values_list("full_name", "slug"))
    authors = [(author["name"], author["person"]) for author in shown[CVPR]["authors"]]
    assert authors == [(name, slugs[name]) for name in (OWNER, "Tomasz Nowak", "Ifeoma Chukwu")]


def test_a_second_harvest_and_ingest_change_nothing(first_pass, server):
    before, provenance = snapshot(), dict(Paper.objects.values_list("title", "provenance"))
    requests_before = len(server.requests())
    owner = Person.objects.get(orcid=ORCID_ID)

    second = harvest_researcher()
    listings = ingest_listings(owner.slug)

    assert snapshot() == before
    assert [report["format"] for report in second] == ["orcid", "dblp", "openalex", "s2", "arxiv"]
    for report in second:
        assert report["status"] == RunStatus.SUCCEEDED, report["path"]
        assert (report["error"], report["counts"]) == ("not modified since the last fetch", counts())
    again = server.requests()[requests_before:]
    # ORCID's summary and DBLP's page are asked conditionally: 304, and no details fetched again.
    assert [(seen.path, seen.status) for seen in again[:2]] == [
        (ORCID_SUMMARY, 304),
        ("/pid/123/4567.xml", 304),
    ]
    assert ORCID_BULK not in [seen.path for seen in again]
    assert len(again) == 8
    for report in listings:
        assert (report["counts"]["created"], report["counts"]["merged"]) == (0, 0), report["path"]
        assert report["counts"]["unchanged"] == report["counts"]["records"], report["path"]
    assert dict(Paper.objects.values_list("title", "provenance")) == provenance
