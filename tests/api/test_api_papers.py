"""GET /api/v1/papers/: the contract's fields and filters, bounded pages, constant queries, clear errors."""

import pytest

from papers.services import AuthorInput, paper_create
from tests import factories
from venues.services import venue_edition_get_or_create

pytestmark = pytest.mark.django_db

PAPER_FIELDS = {
    "id",
    "title",
    "abstract",
    "year",
    "date",
    "kind",
    "venue",
    "authors",
    "authors_complete",
    "doi",
    "arxiv_id",
    "links",
    "has_code",
    "presentation",
    "honors",
    "categories",
    "citation_key",
    "citation_count",
    "citation_counts",
    "external_ids",
    "html_url",
}


def make_paper(title="Segment Every Object", year=2023, people=(), venue=None, code=False, **fields):
    edition = venue_edition_get_or_create(venue=venue, year=year) if venue else None
    authors = [AuthorInput(name=p.full_name, person=p) for p in people] or [AuthorInput(name="Ada Ruiz")]
    links = [("code", "https://example.org/code")] if code else []
    return paper_create(title=title, authors=authors, links=links, year=year, venue_edition=edition, **fields)


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_paper_shows_the_contract_fields(api):
    mira = factories.PersonFactory(full_name="Mira Okafor", slug="mira-okafor")
    venue = factories.VenueFactory(slug="tconf", acronym="TCONF", name="Test Conference on Vision")
    paper = make_paper(people=[mira], venue=venue, code=True, doi="10.5555/x", kind="conference")
    body = api.get("/api/v1/papers/").json()
    assert set(body) == {"count", "count_is_estimate", "next", "previous", "results"}
    assert body["count"] == 1 and body["count_is_estimate"] is False  # a small table is counted
    shown = body["results"][0]
    assert set(shown) == PAPER_FIELDS
    assert shown["venue"] == {"slug": "tconf", "acronym": "TCONF", "name": venue.name, "year": 2023}
    assert shown["authors"] == [
        {"name": "Mira Okafor", "credited_as": "Mira Okafor", "person": "mira-okafor", "position": 1}
    ]
    assert (
        shown["links"] == [{"kind": "code", "url": "https://example.org/code"}] and shown["has_code"] is True
    )
    assert shown["html_url"].endswith(f"/papers/{paper.pk}/{paper.slug}/")
    assert api.get(f"/api/v1/papers/{paper.pk}/").json() == shown


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("author=mira-okafor", {"A"}),
        ("venue=tconf", {"A", "B"}),
        ("year=2021", {"B"}),
        ("year_min=2022", {"A", "C"}),
        ("year_max=2022", {"B", "C"}),
        ("kind=journal", {"C"}),
        ("has_code=true", {"B"}),
        ("has_code=false", {"A", "C"}),
        ("q=segment", {"A"}),
        ("author=mira-okafor&year=2021", set()),
        # No filter's parameter (the form is not even built: core.api.FilterBackend), and blank ones
        # (the form runs and finds no value): every paper either way.
        ("", {"A", "B", "C"}),
        ("page=1&ordering=title", {"A", "B", "C"}),
        ("year=&q=&kind=", {"A", "B", "C"}),
    ],
)
def test_filters_of_the_contract(api, query, expected):
    mira = factories.PersonFactory(full_name="Mira Okafor", slug="mira-okafor")
    cvpr = factories.VenueFactory(slug="tconf")
    make_paper("A: Segment Everything", 2023, people=[mira], venue=cvpr, kind="conference")
    make_paper("B: Depth from Video", 2021, venue=cvpr, code=True, kind="conference")
    make_paper("C: Graph Kernels", 2022, kind="journal")
    found = {paper["title"][0] for paper in results(api.get(f"/api/v1/papers/?{query}"))}
    assert found == expected


def test_ordering_and_bounded_page_size(api):
    for year in (2020, 2024, 2022):
        make_paper(f"Paper of {year}", year)
    assert [p["year"] for p in results(api.get("/api/v1/papers/?ordering=year"))] == [2020, 2022, 2024]
    assert [p["year"] for p in results(api.get("/api/v1/papers/?ordering=-year"))] == [2024, 2022, 2020]
    page = api.get("/api/v1/papers/?page_size=1&ordering=year").json()
    assert page["count"] == 3 and len(page["results"]) == 1 and "page=2" in page["next"]
    factories.PaperFactory.create_batch(205)
    assert len(results(api.get("/api/v1/papers/?page_size=100000"))) == 200


@pytest.mark.parametrize(
    ("query", "field"), [("year=abc", "year"), ("kind=poem", "kind"), ("has_code=maybe", "has_code")]
)
def test_a_bad_filter_value_is_a_400_that_names_it(api, query, field):
    response = api.get(f"/api/v1/papers/?{query}")
    assert response.status_code == 400
    assert field in response.json()["detail"] and field in response.json()["errors"]


def test_an_unknown_paper_is_a_json_404(api):
    response = api.get("/api/v1/papers/999999/")
    assert response.status_code == 404 and response.json() == {"detail": "No Paper matches the given query."}


def test_listing_papers_runs_the_same_queries_for_1_and_200(api, django_assert_max_num_queries):
    mira = factories.PersonFactory(slug="mira-okafor")
    venue = factories.VenueFactory()

    def count_for(papers: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert len(results(api.get("/api/v1/papers/?page_size=200"))) == papers
        return len(queries)

    make_paper("First", people=[mira], venue=venue, code=True)
    one = count_for(1)
    for n in range(199):
        make_paper(f"Paper {n}", people=[mira, factories.PersonFactory()], venue=venue, code=n % 2 == 0)
    assert count_for(200) == one
    # A search reads its matches' ids first (papers.querysets): one query more than a list.
    with django_assert_max_num_queries(7):
        api.get("/api/v1/papers/?page_size=200&author=mira-okafor&q=paper")


def test_clients_are_throttled_with_a_json_429_each_at_its_own_rate(api, token_client, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    # Both throttles read their rates from this one class attribute.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "3/minute"})
    assert [api.get("/api/v1/papers/").status_code for _ in range(3)] == [200, 200, 429]
    assert [token_client.get("/api/v1/papers/").status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = api.get("/api/v1/papers/")
    assert refused.status_code == 429 and "throttled" in refused.json()["detail"].lower()


def test_a_script_with_permission_creates_and_corrects_a_paper_that_ingestion_then_keeps():
    from tests.api.conftest import client_for, user_with
    from tests.ingest.helpers import ingest

    client = client_for(user_with("add_paper", "change_paper", "delete_paper"))
    venue = factories.VenueFactory(slug="tconf")
    made = client.post(
        "/api/v1/papers/",
        {
            "title": "Segment Every Objct",
            "authors": ["Mira Okafor", "Jun Tan"],
            "year": 2023,
            "venue": "tconf",
            "kind": "conference",
            "links": [{"kind": "code", "url": "https://example.org/c"}],
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    paper = made.json()
    assert paper["venue"]["slug"] == venue.slug and paper["has_code"] is True
    assert [a["name"] for a in paper["authors"]] == ["Mira Okafor", "Jun Tan"]
    ingest("@inproceedings{a, title={Segment Every Object}, author={Mira Okafor and Jun Tan}, year={2023}}")
    fixed = client.patch(f"/api/v1/papers/{paper['id']}/", {"title": "Segment Every Object!"}, format="json")
    assert fixed.status_code == 200 and fixed.json()["title"] == "Segment Every Object!"
    ingest("@inproceedings{a, title={Segment Every Object}, author={Mira Okafor and Jun Tan}, year={2023}}")
    assert client.get(f"/api/v1/papers/{paper['id']}/").json()["title"] == "Segment Every Object!"
    assert client.delete(f"/api/v1/papers/{paper['id']}/").status_code == 204
