"""Facets: how many of a search's papers are of each year, venue and kind, in the API and on the
search page, in a fixed number of queries whatever the number of values."""

import pytest

from papers.services import AuthorInput, paper_create
from tests.factories import VenueFactory
from venues.services import venue_edition_get_or_create

pytestmark = pytest.mark.django_db
# The facets' three GROUP BYs, and the request's own (session, user) at most.
FACET_QUERIES = 5


def make_papers(years: int) -> None:
    """Papers on zebras: two a year at a conference and one in a journal (an article) each year;
    one paper on okapis."""
    cvpr = VenueFactory(acronym="ZCONF", slug="zconf")
    tpami = VenueFactory(acronym="ZJOUR", slug="zjour")
    for year in range(2000, 2000 + years):
        for n, venue, kind in [(1, cvpr, "conference"), (2, cvpr, "conference"), (3, tpami, "journal")]:
            edition = venue_edition_get_or_create(venue=venue, year=year)
            authors = [AuthorInput(name="Ada Ruiz")]
            paper_create(
                title=f"Zebra Stripes {year} {n}",
                authors=authors,
                year=year,
                venue_edition=edition,
                kind=kind,
            )
    paper_create(title="Okapi Stripes", authors=[AuthorInput(name="Ada Ruiz")], year=2001, kind="other")


@pytest.mark.parametrize("years", [2, 12])
def test_the_api_counts_a_searchs_papers_by_year_venue_and_kind(client, years, django_assert_max_num_queries):
    make_papers(years)
    with django_assert_max_num_queries(FACET_QUERIES):
        response = client.get("/api/v1/papers/facets/", {"q": "zebra"})
    assert response.status_code == 200
    facets = response.json()
    assert facets["years"] == [{"year": year, "count": 3} for year in range(1999 + years, 1999, -1)]
    assert facets["venues"] == [
        {"slug": "zconf", "acronym": "ZCONF", "count": 2 * years},
        {"slug": "zjour", "acronym": "ZJOUR", "count": years},
    ]
    assert [(row["kind"], row["count"]) for row in facets["kinds"]] == [
        ("conference", 2 * years),
        ("journal", years),
    ]


def test_the_facets_take_the_lists_filters(client):
    make_papers(3)
    facets = client.get("/api/v1/papers/facets/", {"q": "stripes", "year": 2001}).json()
    assert facets["years"] == [{"year": 2001, "count": 4}]
    assert {row["kind"]: row["count"] for row in facets["kinds"]} == {
        "conference": 2,
        "journal": 1,
        "other": 1,
    }


def test_the_search_page_narrows_its_papers_to_a_facet_and_keeps_every_facet(client):
    make_papers(3)
    page = client.get("/search/", {"q": "zebra", "venue": "zjour"}).content.decode()
    papers = page[page.index('id="paper-results"') :]
    assert papers.count('<li class="paper"') == 3
    assert "Zebra Stripes 2001 3" in papers and "Zebra Stripes 2001 1" not in papers
    # The facets still count every match of q, and say which one narrows the list.
    assert 'href="?q=zebra&amp;venue=zconf"' in papers
    assert 'href="?q=zebra&amp;venue=zjour" aria-current="true"' in papers
    assert 'href="?q=zebra"' in papers  # back to every match
