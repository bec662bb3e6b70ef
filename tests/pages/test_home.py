import re

import pytest
from django.core.management import call_command

from people.models import Lab, Person
from tests.factories import (
    AuthorshipFactory,
    LabFactory,
    MembershipFactory,
    PaperFactory,
    PaperLinkFactory,
    PersonFactory,
)
from tests.ingest.helpers import ingest

pytestmark = pytest.mark.django_db

# Labs, recent papers, their authors, authors' slugs and links, and the three totals.
HOME_QUERIES = 8


def test_home_page_shows_labs_recent_papers_and_totals(client):
    lab = LabFactory(name="Causal Vision Group")
    MembershipFactory(lab=lab, end="")
    PaperFactory(title="Counterfactual Zero-Shot Segmentation", year=2024)
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Causal Vision Group" in page
    assert "1 current member" in page
    assert "Counterfactual Zero-Shot Segmentation" in page


def test_scraped_text_is_escaped_on_the_home_page(client):
    PaperFactory(title='<script>alert("x")</script> Robust Learning')
    page = client.get("/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def add_paper_with_authors() -> None:
    paper = PaperFactory()
    AuthorshipFactory(paper=paper, position=1)
    AuthorshipFactory(paper=paper, person=None, name="Someone Else", position=2)
    PaperLinkFactory(paper=paper, kind="code", url="https://example.org/code")


def test_home_page_runs_the_same_queries_for_one_lab_or_twenty(client, django_assert_max_num_queries):
    LabFactory()
    add_paper_with_authors()
    with django_assert_max_num_queries(HOME_QUERIES):
        client.get("/")
    for _ in range(19):
        MembershipFactory(lab=LabFactory())
        add_paper_with_authors()
    with django_assert_max_num_queries(HOME_QUERIES):
        page = client.get("/").content.decode()
    assert page.count('<li class="card">') == 20
    assert page.count('<li class="paper"') == 10


def test_home_page_has_a_labelled_search_form_for_the_search_page(client):
    page = client.get("/").content.decode()
    main = page[page.index('<main id="main">') :]
    opening = '<form class="search-form home-search" role="search" action="/search/" method="get">'
    form = re.search(re.escape(opening) + "(.*?)</form>", main, re.S)
    assert form, "the home page has its own search form, sent by GET to /search/"
    assert '<label for="home-q">' in form.group(1)
    assert '<input id="home-q" type="search" name="q"' in form.group(1)


def test_lab_cards_link_to_the_lab_and_its_pi(client):
    pi = PersonFactory(full_name="Ada Principal", slug="ada-principal")
    LabFactory(name="Quiet Lab", slug="quiet-lab", pi=pi)
    page = client.get("/").content.decode()
    assert '<h3><a href="/labs/quiet-lab/">Quiet Lab</a></h3>' in page
    assert 'Led by <a href="/people/ada-principal/">Ada Principal</a>' in page


def test_recent_papers_are_rows_with_their_page_authors_and_links(client):
    author = PersonFactory(full_name="Bo Writer", slug="bo-writer")
    paper = PaperFactory(title="Recent Result", slug="recent-result", year=2025, doi="10.1/recent")
    AuthorshipFactory(paper=paper, person=author, name="Bo Writer", position=1)
    PaperFactory(title="Older Result", year=2001)
    page = client.get("/").content.decode()
    recent = page[page.index('id="recent-heading"') :]
    assert f'<a class="paper-title" href="/papers/{paper.pk}/recent-result/">Recent Result</a>' in recent
    assert '<a href="/people/bo-writer/">Bo Writer</a>' in recent
    assert 'href="https://doi.org/10.1/recent"' in recent
    assert recent.index("Recent Result") < recent.index("Older Result")


def test_home_page_shows_the_lab_of_an_ingested_faculty_homepage(client, shared_listing):
    ingest(shared_listing("homepage_faculty.txt"), name="homepage")
    owner = Person.objects.get(full_name="Qianru Sun")
    lab = Lab.objects.get(pi=owner)
    page = client.get("/").content.decode()
    assert f'<a href="/labs/{lab.slug}/">{lab.name}</a>' in page
    assert f'Led by <a href="/people/{owner.slug}/">Qianru Sun</a>' in page
    assert "3 current members" in page  # the PI and her two Ph.D. students


def test_home_page_of_the_demo_data(client):
    call_command("load_demo", verbosity=0)
    page = client.get("/").content.decode()
    assert "Visual Learning Lab" in page
    assert "90</strong> papers" in page  # 80 of the lab, 10 more in the proceedings
