"""Every list endpoint runs as many queries for 200 rows as for 1: no N+1 can creep in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.services import AuthorInput, paper_create
from people.services import membership_create
from tests import factories
from tests.api.conftest import client_for, user_with

pytestmark = pytest.mark.django_db


def queries_for(client, url: str, rows: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == rows
    return len(queries)


def add_person(lab, n: int) -> None:
    person = factories.PersonFactory(slug=f"member-{n}")
    factories.PersonAliasFactory(person=person)
    factories.MetricReportFactory(person=person)
    membership_create(lab=lab, person=person, role="phd", start="2020", co_advisors=[lab.pi],
                      institution=factories.InstitutionFactory())  # fmt: skip
    paper_create(title=f"Paper {n}", authors=[AuthorInput(person.full_name, person)], year=2020)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/people/?page_size=200",
        "/api/v1/labs/lab/members/?page_size=200",
        "/api/v1/venues/?page_size=200&verified=false",
    ],
)
def test_people_members_and_venues(api, url):
    pi = factories.PersonFactory()
    lab = factories.LabFactory(slug="lab", pi=pi)
    grow = (
        (lambda n: add_person(lab, n))
        if "venues" not in url
        else (lambda n: factories.VenueFactory(verified=False))
    )
    first = 1 if "people" not in url else 2  # the PI is a person too
    grow(0)
    one = queries_for(api, url, first)
    for n in range(1, 200):
        grow(n)
    assert queries_for(api, url, min(200, first + 199)) == one


def test_labs(api):
    factories.LabFactory()
    one = queries_for(api, "/api/v1/labs/?page_size=200", 1)
    factories.LabFactory.create_batch(199)
    assert queries_for(api, "/api/v1/labs/?page_size=200", 200) == one


def test_runs_and_review_items():
    client = client_for(user_with("view_ingestionrun", "view_reviewitem"))
    run = factories.IngestionRunFactory()
    factories.RecordOutcomeFactory(run=run)
    factories.ReviewItemFactory(run=run)
    runs, items = (
        queries_for(client, "/api/v1/ingest/runs/?page_size=200", 1),
        queries_for(client, "/api/v1/review/?page_size=200", 1),
    )
    for _ in range(199):
        run = factories.IngestionRunFactory()
        factories.RecordOutcomeFactory(run=run)
        factories.ReviewItemFactory(run=run, paper=factories.PaperFactory())
    assert queries_for(client, "/api/v1/ingest/runs/?page_size=200", 200) == runs
    assert queries_for(client, "/api/v1/review/?page_size=200", 200) == items


@pytest.mark.parametrize(
    "url", ["/api/v1/papers/?page_size=200", "/api/v1/people/author/papers/?page_size=200"]
)
def test_papers_with_citation_counts_of_every_source(api, url):
    author = factories.PersonFactory(slug="author")

    def add_paper(n: int) -> None:
        paper = paper_create(title=f"Paper {n}", authors=[AuthorInput(author.full_name, author)], year=2020)
        for source in ("crossref", "openalex", "s2", "profile"):
            factories.CitationCountFactory(paper=paper, source=source, count=n)

    add_paper(0)
    one = queries_for(api, url, 1)
    for n in range(1, 200):
        add_paper(n)
    assert queries_for(api, url, 200) == one
