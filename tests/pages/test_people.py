"""Researcher pages: the profile, its publication list and filters, BibTeX and the Atom feed."""

import re
import xml.etree.ElementTree as ET

import bibtexparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import Paper
from people.models import Person
from tests.factories import (
    AuthorshipFactory,
    LabFactory,
    MembershipFactory,
    MetricReportFactory,
    PaperFactory,
    PaperLinkFactory,
    PersonFactory,
    ProfileEntryFactory,
)
from tests.ingest.helpers import ingest
from tests.pages.helpers import papers_by, shown_rows

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def faculty(shared_listing):
    """The real faculty homepage of ../shared/listings, ingested: Qianru Sun, her lab and papers."""
    ingest(shared_listing("homepage_faculty.txt"), name="homepage_faculty.txt")
    return Person.objects.get(full_name="Qianru Sun")


def page_of(client, person, query: str = "") -> str:
    response = client.get(f"/people/{person.slug}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_faculty_page_shows_who_she_is_and_her_news(client, faculty):
    page = page_of(client, faculty)
    assert "<h1>Qianru Sun</h1>" in page
    assert "Assistant professor of computer science" in page
    assert "I am an assistant professor of computer science" in page
    assert "Qianru Sun Lab" in page
    assert "Outstanding Service Award" in page  # a news entry


def test_faculty_page_shows_her_group_current_members_by_role_and_alumni(client, faculty):
    group = page_of(client, faculty).split('id="group-heading"')[1].split("</section>")[0]
    phd = group.split("<h3>Ph.D. student</h3>")[1].split("<h3>")[0].split("<details")[0]
    assert "Tan Wang" in phd and "Qing Wang" in phd
    alumni = group.split('<details class="alumni">')[1]
    assert "Yaoyao Liu" in alumni and "2018–2022" in alumni
    assert "Yaoyao Liu" not in group.split('<details class="alumni">')[0]


def test_faculty_page_shows_selected_publications_with_their_badges(client, faculty):
    AuthorshipFactory(person=faculty, paper__title="A Paper Her Homepage Does Not Select")
    page = page_of(client, faculty)
    selected = page.split('id="selected-heading"')[1].split('id="publications-heading"')[0]
    assert len(re.findall(r'<li class="paper" id="selected-', selected)) == 44
    assert "Meta-Transfer Learning for Few-Shot Learning" in selected
    assert (
        '<span class="badge honor">Top 100 Most Cited NIPS (NeurIPS) Paper over the Last Five Years</span>'
        in selected
    )
    assert '<span class="badge presentation">Oral</span>' in selected
    assert '<span class="badge presentation">Spotlight</span>' in selected
    assert '<span class="badge presentation">Highlight</span>' in selected
    assert 'class="badge venue" href="/venues/' in selected


def test_the_owner_is_bold_and_lab_members_are_marked_in_author_lists(client, faculty):
    page = page_of(client, faculty)
    assert '<strong class="self">Qianru Sun</strong>' in page
    member = faculty.led_labs.get().memberships.exclude(person=faculty).first().person
    assert f'<span class="member"><a href="/people/{member.slug}/">' in page


def test_publications_filter_by_year_with_plain_get_parameters(client, faculty):
    everything = shown_rows(page_of(client, faculty))
    page = page_of(client, faculty, "?year=2023")
    rows = shown_rows(page)
    assert rows and len(rows) < len(everything)
    assert {year for _, year in rows} == {"2023"}
    assert f'<p id="publication-count" class="count" aria-live="polite">{len(rows)} papers' in page
    assert '<option value="2023" selected>' in page


def test_a_bad_filter_value_is_reported_and_the_rest_still_applies(client):
    person = PersonFactory()
    papers_by(person, 3)
    page = page_of(client, person, "?year=abc&kind=conference")
    assert 'role="alert"' in page and "year: Enter a whole number." in page
    assert shown_rows(page) == []  # kind=conference still filters: the papers made here are "other"


def test_has_code_and_text_filters(client):
    person = PersonFactory()
    with_code = AuthorshipFactory(person=person, paper__title="Sparse Mixture Routing").paper
    PaperLinkFactory(paper=with_code, kind="code")
    AuthorshipFactory(person=person, paper__title="Dense Retrieval Without Code")
    assert [pk for pk, _ in shown_rows(page_of(client, person, "?has_code=true"))] == [with_code.pk]
    assert [pk for pk, _ in shown_rows(page_of(client, person, "?q=sparse"))] == [with_code.pk]


def test_long_author_lists_are_shortened_with_a_way_to_expand(client):
    person = PersonFactory(full_name="Ada Owner")
    paper = PaperFactory(title="A Paper With Many Authors")
    AuthorshipFactory(paper=paper, person=person, position=1, equal_contribution=True)
    for position in range(2, 16):
        AuthorshipFactory(paper=paper, person=None, position=position, name=f"Author Number{position}")
    page = page_of(client, person)
    assert (
        '<strong class="self">Ada Owner</strong><sup class="equal" title="Equal contribution">*</sup>' in page
    )
    shown, hidden = page.split('<details class="more-authors"><summary>7 more authors</summary>')
    assert "Author Number8" in shown.split("A Paper With Many Authors")[-1]
    assert "Author Number15" in hidden.split("</details>")[0]


def test_metrics_show_their_source_and_day_and_the_chart_counts_years(client):
    person = PersonFactory()
    MetricReportFactory(person=person, source="Scholar profile", h_index=31, citation_count=7864)
    papers_by(person, 30)  # years 2000-2024, 2000-2004 twice
    page = page_of(client, person)
    assert "<dt>h-index</dt><dd>31</dd>" in page and "<dt>Citations</dt><dd>7864</dd>" in page
    assert "reported by Scholar profile on" in page
    assert "<title>2000: 2 papers</title>" in page and "<title>2024: 1 paper</title>" in page


def test_coauthors_are_listed_with_counts_the_most_frequent_first(client):
    person, friend = PersonFactory(), PersonFactory(full_name="Frequent Friend")
    papers_by(person, 4, coauthors=[friend])
    others = PersonFactory.create_batch(32)
    papers_by(person, 1, coauthors=others, start=4)
    page = page_of(client, person)
    assert "<dt>Co-authors</dt><dd>33</dd>" in page
    coauthors = page.split('id="coauthors-heading"')[1].split("</section>")[0]
    first = coauthors.split("<li>")[1]
    assert f'<a href="/people/{friend.slug}/">Frequent Friend</a> <span class="muted">4</span>' in first
    assert coauthors.count("<li>") == 30 and "And 3 more, with fewer papers together." in coauthors


def test_profile_entries_grouped_and_unknown_person_is_404(client):
    person = PersonFactory()
    ProfileEntryFactory(person=person, kind="award", text="Best Paper Award", date="2024-06")
    page = page_of(client, person)
    assert ">Awards</h2>" in page and "Jun 2024" in page and "Best Paper Award" in page
    assert client.get("/people/nobody-here/").status_code == 404


def test_profile_runs_the_same_queries_for_10_or_1000_papers(client, django_assert_num_queries):
    small, big = PersonFactory(), PersonFactory()
    friends = PersonFactory.create_batch(3)
    for person, count, start in ((small, 10, 0), (big, 1000, 10)):
        MembershipFactory(lab=LabFactory(pi=person), person=person, end="")
        MembershipFactory(lab=person.led_labs.get(), person=friends[0], end="")
        papers_by(person, count, coauthors=friends, start=start)
        person.selected_papers.add(*Paper.objects.filter(authorships__person=person)[:3])
    with CaptureQueriesContext(connection) as small_queries:
        page_of(client, small)
    with django_assert_num_queries(len(small_queries)):
        page_of(client, big)


def test_publications_bib_parses_back_into_every_paper(client):
    person = PersonFactory()
    for title in ("Causal Attention for Unbiased Visual Recognition", "Feature Pyramid Transformer"):
        AuthorshipFactory(person=person, paper__title=title)
    response = client.get(f"/people/{person.slug}/publications.bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    library = bibtexparser.parse_string(response.content.decode())
    titles = sorted(entry["title"].replace("{", "").replace("}", "") for entry in library.entries)
    assert titles == ["Causal Attention for Unbiased Visual Recognition", "Feature Pyramid Transformer"]


def test_atom_feed_lists_new_papers_with_escaped_titles(client):
    person = PersonFactory(full_name="Feed Person")
    AuthorshipFactory(person=person, paper__title="Older <b>Paper</b>")
    AuthorshipFactory(person=person, paper__title="Newest Paper")
    response = client.get(f"/people/{person.slug}/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Newest Paper", "Older <b>Paper</b>"]
    assert feed.find(f"{ATOM}title").text == "New papers of Feed Person"


def test_selected_publications_show_only_when_they_are_a_choice(client):
    person = PersonFactory()
    papers = papers_by(person, 3)
    person.selected_papers.add(papers[0])
    assert 'id="selected-heading"' in page_of(client, person)
    person.selected_papers.add(*papers[1:])  # all of them: the list would say everything twice
    page = page_of(client, person)
    assert 'id="selected-heading"' not in page and len(shown_rows(page)) == 3
