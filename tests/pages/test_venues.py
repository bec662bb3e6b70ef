"""The venue pages: /venues/, /venues/{slug}/ and an edition's proceedings /venues/{slug}/{year}/."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.keys import title_key
from papers.models import Authorship, Paper, PaperLink
from tests.factories import (
    AuthorshipFactory,
    PaperFactory,
    PersonFactory,
    VenueAliasFactory,
    VenueEditionFactory,
    VenueFactory,
)
from tests.ingest.helpers import ingest
from venues.models import Venue

pytestmark = pytest.mark.django_db

PROCEEDINGS = "proceedings_cvpr2023_part.md"
# The first and the last paper of the listing, and the authors of the first.
FIRST_TITLE = "Weakly Supervised Temporal Sentence Grounding with Uncertainty-Guided Self-training"
FIRST_AUTHORS = ("Yifei Huang", "Lijin Yang", "Yoichi Sato")
# Ceilings of the pages' queries: what they run whatever the size of the data.
EDITION_QUERIES = 7
VENUE_LIST_QUERIES = 1
VENUE_QUERIES = 3


def paper_rows_in(page: str) -> int:
    """How many paper rows a page shows."""
    return page.count('<li class="paper"')


def queries_of(client, url: str) -> int:
    """The number of queries a GET of url runs; the page must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def cvpr2023(shared_listing) -> Venue:
    """The real CVPR 2023 proceedings listing, ingested."""
    run = ingest(shared_listing(PROCEEDINGS), name=PROCEEDINGS)
    assert run.rejected == 0
    return Venue.objects.get(acronym="CVPR")


def test_the_venue_list_shows_cvpr_with_its_100_ingested_papers(client, cvpr2023):
    page = client.get("/venues/").content.decode()
    assert cvpr2023.slug == "cvpr"
    row = re.search(
        r'<li class="venue">\s*<a href="/venues/cvpr/"><strong>CVPR</strong></a>(.*?)</li>', page, re.S
    )
    assert row, "CVPR is listed with a link to its page"
    assert "100 papers" in row.group(1)


def test_the_venue_page_lists_its_editions_with_their_counts(client, cvpr2023):
    page = client.get("/venues/cvpr/").content.decode()
    assert "<h1>CVPR" in page
    assert "IEEE/CVF Conference on Computer Vision and Pattern Recognition" in page
    assert re.search(
        r'<a href="/venues/cvpr/2023/">CVPR 2023</a>\s*<span class="count">100 papers</span>', page
    )


def test_the_edition_page_shows_the_proceedings_with_titles_authors_and_dois(client, cvpr2023, settings):
    settings.PAGES_PAPERS_PER_PAGE = 100
    page = client.get("/venues/cvpr/2023/").content.decode()
    assert "<h1>CVPR 2023</h1>" in page
    assert "IEEE/CVF Conference on Computer Vision and Pattern Recognition" in page
    assert "<strong>100</strong> papers found" in page
    assert paper_rows_in(page) == 100
    assert FIRST_TITLE in page
    assert all(name in page for name in FIRST_AUTHORS)
    assert 'class="link doi" href="https://doi.org/10.1109/cvpr52729.2023.01813"' in page.lower()
    assert '<details class="abstract">' in page


def test_a_search_narrows_the_proceedings(client, cvpr2023):
    page = client.get("/venues/cvpr/2023/", {"q": "temporal sentence grounding"}).content.decode()
    found = int(re.search(r"<strong>(\d+)</strong> papers? found", page).group(1))
    assert 1 <= found < 100
    assert paper_rows_in(page) == found
    assert FIRST_TITLE in page
    assert 'value="temporal sentence grounding"' in page  # the box keeps what was asked


def test_the_proceedings_are_paginated_and_pages_keep_the_search(client, cvpr2023, settings):
    settings.PAGES_PAPERS_PER_PAGE = 30
    first = client.get("/venues/cvpr/2023/").content.decode()
    last = client.get("/venues/cvpr/2023/", {"page": 4}).content.decode()
    assert paper_rows_in(first) == 30 and paper_rows_in(last) == 10
    assert "Page 4 of 4" in last and 'rel="prev" href="?page=3"' in last
    settings.PAGES_PAPERS_PER_PAGE = 2
    searched = client.get("/venues/cvpr/2023/", {"q": "video"}).content.decode()
    assert 'rel="next" href="?q=video&amp;page=2"' in searched  # the next page keeps the search


def test_venues_are_grouped_by_kind_and_unverified_ones_are_marked(client):
    PaperFactory(venue_edition=VenueEditionFactory(venue=VenueFactory(acronym="ZJ", kind="journal")))
    VenueFactory(acronym="AAWS", kind="workshop", verified=False)
    page = client.get("/venues/").content.decode()
    headings = re.findall(r'<h2 id="kind-(\w+)-heading">', page)
    assert headings == ["conference", "journal", "workshop", "preprint"]  # the catalogue has no "other"
    journals = re.search(r'id="kind-journal".*?</section>', page, re.S).group(0)
    assert '<a href="/venues/test-venue-' in journals and "<strong>ZJ</strong>" in journals
    assert "1 paper<" in journals
    unverified = re.search(r'<li class="venue unverified">.*?</li>', page, re.S).group(0)
    assert "AAWS" in unverified and "unverified</span>" in unverified


def test_the_venue_list_filters_by_words(client):
    VenueFactory(acronym="ZZQV", name="Zany Quokka Venue")
    page = client.get("/venues/", {"q": "quokka"}).content.decode()
    assert "ZZQV" in page
    assert "<strong>CVPR</strong>" not in page


def test_the_venue_page_shows_what_the_venue_is_and_its_spellings(client):
    venue = VenueFactory(acronym="TVX", kind="journal", publisher="ACM", homepage="https://tvx.example.org/")
    VenueAliasFactory(venue=venue, text="Trans. Vis. X")
    page = client.get(f"/venues/{venue.slug}/").content.decode()
    assert "<dd>Journal</dd>" in page and "<dd>ACM</dd>" in page
    assert '<a href="https://tvx.example.org/"' in page
    assert "<li>Trans. Vis. X</li>" in page
    assert "No edition of TVX has papers here yet." in page


def test_a_venue_homepage_that_is_not_http_is_not_a_link(client):
    venue = VenueFactory(homepage="javascript:alert(1)")
    Venue.objects.filter(pk=venue.pk).update(homepage="javascript:alert(1)")
    page = client.get(f"/venues/{venue.slug}/").content.decode()
    assert "javascript:" not in page


def test_the_edition_page_shows_location_dates_and_the_other_years(client):
    edition = VenueEditionFactory(
        year=2023, ordinal=37, location="Vancouver", start_date=date(2023, 6, 18), end_date=date(2023, 6, 22)
    )
    VenueEditionFactory(venue=edition.venue, year=2022)
    page = client.get(f"/venues/{edition.venue.slug}/2023/").content.decode()
    assert f"37th {edition.venue.name}" in page
    assert "Vancouver" in page and "18 June 2023" in page and "22 June 2023" in page
    assert f'<a href="/venues/{edition.venue.slug}/2022/">2022</a>' in page
    assert "<strong>0</strong> papers found" in page


@pytest.mark.parametrize(
    "url",
    [
        "/venues/no-such-venue/",
        "/venues/no-such-venue/2023/",
        "/venues/{slug}/1999/",
        "/venues/{slug}/99999/",
    ],
)
def test_unknown_venues_and_years_without_an_edition_are_not_found(client, url):
    edition = VenueEditionFactory(year=2023)
    assert client.get(url.format(slug=edition.venue.slug)).status_code == 404


def add_papers(edition, count: int) -> None:
    """count papers in the edition, each with two authors (one a person) and a code link."""
    people = PersonFactory.create_batch(3)
    papers = Paper.objects.bulk_create(
        Paper(title=f"Scaled Paper {n}", title_key=title_key(f"Scaled Paper {n}"), slug=f"scaled-paper-{n}",
              year=edition.year, kind="conference", venue_edition=edition, abstract="An abstract.",
              doi=f"10.1/scaled.{edition.pk}.{n}")
        for n in range(count)
    )  # fmt: skip
    Authorship.objects.bulk_create(
        Authorship(
            paper=paper, person=people[n % 3] if position == 1 else None, position=position, name=f"A{n}"
        )
        for n, paper in enumerate(papers)
        for position in (1, 2)
    )
    PaperLink.objects.bulk_create(
        PaperLink(paper=paper, kind="code", url="https://example.org/c") for paper in papers
    )


def test_the_edition_page_runs_the_same_queries_for_10_papers_or_1000(client, django_assert_max_num_queries):
    small, large = VenueEditionFactory(year=2023), VenueEditionFactory(year=2023)
    add_papers(small, 10)
    add_papers(large, 1000)
    for edition in (small, large):
        with django_assert_max_num_queries(EDITION_QUERIES):
            client.get(f"/venues/{edition.venue.slug}/2023/")
    assert queries_of(client, f"/venues/{small.venue.slug}/2023/") == queries_of(
        client, f"/venues/{large.venue.slug}/2023/"
    )
    page = client.get(f"/venues/{large.venue.slug}/2023/", {"has_code": "true"}).content.decode()
    assert "<strong>1000</strong> papers found" in page and paper_rows_in(page) == 100


def test_the_venue_list_and_page_run_the_same_queries_however_many_editions(
    client, django_assert_max_num_queries
):
    one = VenueEditionFactory(year=2023)
    add_papers(one, 2)
    many = VenueFactory()
    for year in range(1990, 2025):
        add_papers(VenueEditionFactory(venue=many, year=year), 3)
        VenueAliasFactory(venue=many)
    for venue in (one.venue, many):
        with django_assert_max_num_queries(VENUE_QUERIES):
            client.get(f"/venues/{venue.slug}/")
    assert queries_of(client, f"/venues/{one.venue.slug}/") == queries_of(client, f"/venues/{many.slug}/")
    with django_assert_max_num_queries(VENUE_LIST_QUERIES):
        assert client.get("/venues/").status_code == 200


def test_scraped_markup_on_the_edition_page_is_inert(client):
    venue = VenueFactory(
        slug="xss-venue", acronym="<img src=x onerror=alert(1)>", name="<script>alert(2)</script>"
    )
    paper = PaperFactory(
        venue_edition=VenueEditionFactory(venue=venue, year=2023),
        title='<script>alert("title")</script> Robust <img src=x onerror=alert(3)>',
        abstract='Results on H<sub>2</sub>O <script>alert("abstract")</script><img src=x onerror="alert(4)">',
    )
    AuthorshipFactory(paper=paper, person=None, name="<b onmouseover=alert(5)>Eve</b>")
    page = client.get("/venues/xss-venue/2023/").content.decode()
    assert "<script>alert" not in page
    assert "<img src=x onerror" not in page and 'onerror="alert' not in page
    assert "<b onmouseover" not in page
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Robust" in page
    assert "&lt;img src=x onerror=alert(1)&gt; 2023" in page  # the heading, as text
    assert "&lt;b onmouseover=alert(5)&gt;Eve&lt;/b&gt;" in page
    assert "H<sub>2</sub>O" in page  # the abstract keeps its allowed markup


def test_a_filter_value_not_understood_is_reported_and_left_out(client):
    edition = VenueEditionFactory(year=2023)
    PaperFactory(venue_edition=edition, title="Kept Anyway")
    page = client.get(f"/venues/{edition.venue.slug}/2023/", {"has_code": "maybe"}).content.decode()
    assert '<p class="errors" role="alert">' in page and "has_code" in page
    assert "Kept Anyway" in page
