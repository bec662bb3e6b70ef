"""The search page /search/?q= over people, labs, papers and venues."""

import re

import pytest

from people.models import Lab, Person
from tests.factories import (
    AuthorshipFactory,
    LabFactory,
    PaperFactory,
    PaperLinkFactory,
    PersonFactory,
    VenueEditionFactory,
    VenueFactory,
)
from tests.ingest.helpers import ingest

pytestmark = pytest.mark.django_db

# The most the page runs: per kind the rows and, past the limit, a count; the papers' rows three more,
# their facets (years, venues, kinds) one each, and whether the papers' words find any (else the
# search looks for typos: one more).
SEARCH_QUERIES = 16


def section(page: str, element_id: str) -> str:
    """The HTML of the page's section with this id."""
    found = re.search(rf'<section id="{element_id}".*?</section>', page, re.S)
    assert found, f"the page has a section {element_id}"
    return found.group(0)


def shown_count(part: str) -> int:
    """The count a result section's heading shows."""
    return int(re.search(r'<span class="count muted">(\d+)</span></h2>', part).group(1))


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_a_blank_search_shows_the_form_and_a_hint(client, params):
    page = client.get("/search/", params).content.decode()
    assert '<label for="search-q">' in page and 'id="search-q" type="search" name="q"' in page
    assert 'class="hint muted"' in page
    assert 'id="paper-results"' not in page


def test_a_faculty_member_is_found_with_her_lab_and_papers(client, shared_listing):
    ingest(shared_listing("homepage_faculty.txt"), name="homepage")
    owner = Person.objects.get(full_name="Qianru Sun")
    lab = Lab.objects.get(pi=owner)
    page = client.get("/search/", {"q": "Qianru Sun"}).content.decode()
    people = section(page, "people-results")
    assert f'<a href="/people/{owner.slug}/">Qianru Sun</a>' in people
    assert "assistant professor of computer science, Singapore Management University" in people
    assert f'<a href="/labs/{lab.slug}/">' in section(page, "lab-results")
    papers = section(page, "paper-results")
    assert '<ol class="papers">' in papers
    assert papers.count('<li class="paper"') == 20  # she wrote 44: the 20 best are shown
    assert shown_count(papers) >= 44
    assert 'id="site-q" type="search" name="q" value="Qianru Sun"' in page  # echoed in the site's box


def test_venues_are_found_by_acronym_and_proceedings_by_title_words(client, shared_listing):
    ingest(shared_listing("proceedings_cvpr2023_part.md"), name="proceedings")
    page = client.get("/search/", {"q": "CVPR"}).content.decode()
    venues = section(page, "venue-results")
    assert '<a href="/venues/cvpr/"><strong>CVPR</strong></a>' in venues and "100 papers" in venues
    page = client.get("/search/", {"q": "temporal sentence grounding"}).content.decode()
    papers = section(page, "paper-results")
    assert "Weakly Supervised Temporal Sentence Grounding with Uncertainty-Guided Self-training" in papers
    assert 'href="/venues/cvpr/2023/"' in papers  # the venue badge
    assert "Yifei Huang" in papers
    assert shown_count(papers) == papers.count('<li class="paper"') >= 1


def test_counts_are_of_every_match_while_at_most_20_are_shown(client):
    for n in range(25):
        PaperFactory(title=f"Quokka Navigation {n}")
    PaperFactory(title="Unrelated Work")
    page = client.get("/search/", {"q": "quokka"}).content.decode()
    papers = section(page, "paper-results")
    assert shown_count(papers) == 25
    assert papers.count('<li class="paper"') == 20
    assert "Unrelated Work" not in papers
    assert "0 people, 0 labs, 25 papers, 0 venues." in page


def test_nothing_found_says_so_in_each_section(client):
    page = client.get("/search/", {"q": "zzyzx"}).content.decode()
    for element_id, words in [("people-results", "No person"), ("lab-results", "No lab"),
                              ("paper-results", "No paper"), ("venue-results", "No venue")]:  # fmt: skip
        part = section(page, element_id)
        assert shown_count(part) == 0 and f"{words} matches." in part


def make_matches(count: int) -> None:
    """count people, labs, papers (with authors and a link) and venues that the word Quokka finds."""
    for n in range(count):
        person = PersonFactory(full_name=f"Quokka Person{n}", given_name="Quokka", family_name=f"Person{n}")
        LabFactory(name=f"Quokka Lab {n}", pi=person)
        venue = VenueFactory(acronym=f"QK{n}", name=f"Quokka Conference {n}")
        paper = PaperFactory(title=f"Quokka Paper {n}", venue_edition=VenueEditionFactory(venue=venue))
        AuthorshipFactory(paper=paper, person=person, position=1)
        PaperLinkFactory(paper=paper, kind="code", url="https://example.org/code")


@pytest.mark.parametrize("count", [2, 30])
def test_the_search_runs_at_most_the_same_queries_however_many_match(
    client, count, django_assert_max_num_queries
):
    make_matches(count)
    with django_assert_max_num_queries(SEARCH_QUERIES):
        page = client.get("/search/", {"q": "quokka"}).content.decode()
    for element_id in ("people-results", "lab-results", "paper-results", "venue-results"):
        assert shown_count(section(page, element_id)) == count


def test_scraped_markup_and_the_query_are_inert_on_the_search_page(client):
    venue = VenueFactory(
        acronym="<img src=x onerror=alert(1)>", name="Robust <script>alert(2)</script> Meeting"
    )
    paper = PaperFactory(
        venue_edition=VenueEditionFactory(venue=venue),
        title='<script>alert("title")</script> Robust <img src=x onerror=alert(3)>',
        abstract='Robust <script>alert("abstract")</script><img src=x onerror="alert(4)">',
    )
    person = PersonFactory(
        full_name="Robust <img src=x onerror=alert(5)>", position="<script>alert(6)</script>"
    )
    AuthorshipFactory(paper=paper, person=person, name=person.full_name)
    page = client.get("/search/", {"q": 'Robust "<script>alert(7)</script>'}).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x onerror" not in page and 'onerror="alert' not in page
    page = client.get("/search/", {"q": "Robust"}).content.decode()
    assert "<script>alert" not in page
    assert "<img src=x onerror" not in page and 'onerror="alert' not in page
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Robust" in section(page, "paper-results")
    assert "Robust &lt;script&gt;alert(2)&lt;/script&gt; Meeting" in section(page, "venue-results")
    assert "Robust &lt;img src=x onerror=alert(5)&gt;" in section(page, "people-results")
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in section(page, "people-results")


def test_a_very_long_query_is_cut_and_still_answers(client):
    response = client.get("/search/", {"q": "graph " * 500})
    assert response.status_code == 200
    assert 'value="graph graph' in response.content.decode()
