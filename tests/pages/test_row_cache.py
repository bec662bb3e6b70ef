"""Cached paper rows (papers.cache): an edit shows at once on every page that lists the paper.

Each test fills the cache from the pages (a second visit reads no author rows: they came from the
cache), changes the paper one way a user can, and reads the pages again.
"""

import json
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from ingest.choices import ReviewKind
from ingest.models import ReviewItem
from ingest.review import review_resolve
from papers.models import Paper
from people.merging import person_merge
from people.services import lab_create, membership_create, person_create
from tests import factories
from tests.ingest.helpers import ingest

pytestmark = pytest.mark.django_db

# Only the author rows of papers.selectors.author_rows select this column.
AUTHOR_ROWS_SQL = '"equal_contribution"'


@pytest.fixture(autouse=True)
def row_cache(settings):
    settings.PAGES_ROW_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def listed():
    """A paper on five pages: its first author's profile, their lab's, its edition's, the home page and
    a search's."""
    owner = factories.PersonFactory(full_name="Ada Lovelace", slug="ada-lovelace")
    mate = factories.PersonFactory(full_name="Grace Hopper", slug="grace-hopper")
    lab = factories.LabFactory(slug="engines", pi=owner)
    for person in (owner, mate):
        factories.MembershipFactory(lab=lab, person=person, role="faculty", start="2000", end="")
    paper = factories.PaperFactory(title="Notes on the Analytical Engine", doi="10.5555/engine.1")
    factories.AuthorshipFactory(paper=paper, person=owner, position=1, name="Lovelace, Ada")
    factories.AuthorshipFactory(paper=paper, person=mate, position=2, name="Grace Hopper")
    factories.PaperLinkFactory(paper=paper, kind="code", url="https://example.org/engine-v1")
    edition = paper.venue_edition
    proceedings = f"/venues/{edition.venue.slug}/{edition.year}/"
    search = "/search/?q=analytical+engine"
    return paper, ["/people/ada-lovelace/", "/labs/engines/", proceedings, "/", search]


def visit(client, url: str) -> tuple[str, bool]:
    """The page, and whether it read author rows from the database."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), any(AUTHOR_ROWS_SQL in q["sql"] for q in queries)


def row_of(page: str, paper: Paper) -> str:
    found = re.search(rf'<li class="paper" id="paper-{paper.pk}".*?</li>', page, re.S)
    assert found, f"paper {paper.pk} is not listed: {page}"
    return found.group(0)


def rows_cached(client, pages: list[str], paper: Paper) -> list[str]:
    """Visit each page twice: the second visit reads its rows from the cache. The rows."""
    rows = []
    for url in pages:
        first, _ = visit(client, url)
        again, read = visit(client, url)
        assert not read, f"{url} read its author rows again: its rows were not cached"
        assert row_of(again, paper) == row_of(first, paper)
        rows.append(row_of(again, paper))
    return rows


def rows_now(client, pages: list[str], paper: Paper) -> list[str]:
    return [row_of(visit(client, url)[0], paper) for url in pages]


# The admin's change form, filled in as it was sent and changed as a person would.


class FormFields(HTMLParser):
    """The values the admin's change form would post: inputs, checked boxes, selected options,
    text areas, inlines included (their empty templates left out)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        name = attrs.get("name") or ""
        if not self.inside or "__prefix__" in name:
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") != "checkbox":
                self.values.setdefault(name, []).append(attrs.get("value", ""))
            elif "checked" in attrs:
                self.values.setdefault(name, []).append(attrs.get("value", "on"))
        elif tag == "select":
            self.select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select].append(attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = name
            self.values[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        if tag == "textarea" and self.textarea:  # Django writes a newline after the opening tag
            self.values[self.textarea][0] = self.values[self.textarea][0].removeprefix("\n")
        self.select = None if tag == "select" else self.select
        self.textarea = None if tag == "textarea" else self.textarea

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea][0] += data


def change_form(client, url: str, form_id: str) -> dict:
    parser = FormFields(form_id)
    parser.feed(client.get(url).content.decode())
    assert parser.values, f"no form {form_id} at {url}"
    return parser.values


def admin_save(client, url: str, form_id: str, **changes) -> None:
    data = change_form(client, url, form_id)
    for name, value in changes.items():
        name = name.replace("__", "-")
        if value is None:
            data.pop(name, None)
        else:
            data[name] = [value]
    response = client.post(url, data)
    errors = re.findall(r'<ul class="errorlist[^>]*>.*?</ul>', response.content.decode(), re.S)
    assert response.status_code == 302, errors


@pytest.fixture
def superuser_client(client):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def paper_change(paper: Paper) -> str:
    return reverse("admin:papers_paper_change", args=[paper.pk])


# The admin


def test_a_title_edited_in_the_admin_shows_at_once_on_every_page(superuser_client, listed):
    paper, pages = listed
    rows_cached(superuser_client, pages, paper)
    admin_save(superuser_client, paper_change(paper), "paper_form", title="Sketch of the Analytical Engine")
    for row in rows_now(superuser_client, pages, paper):
        assert "Sketch of the Analytical Engine" in row and "Notes on" not in row


def test_an_author_list_edited_in_the_admin_shows_at_once_on_every_page(superuser_client, listed):
    paper, pages = listed
    rows_cached(superuser_client, pages, paper)
    # The second author renamed and unlinked, and a third one added, in the paper's inline.
    admin_save(
        superuser_client,
        paper_change(paper),
        "paper_form",
        authorships__1__name="Hopper, G. M.",
        authorships__1__person=None,
        authorships__TOTAL_FORMS="3",
        authorships__2__position="3",
        authorships__2__name="Charles Babbage",
    )
    for row in rows_now(superuser_client, pages, paper):
        assert "<span>G. M. Hopper</span>, <span>Charles Babbage</span>" in row
        assert "grace-hopper" not in row


def test_an_author_edited_on_its_own_admin_page_shows_at_once(superuser_client, listed):
    paper, pages = listed
    rows_cached(superuser_client, pages, paper)
    second = paper.authorships.get(position=2)
    url = reverse("admin:papers_authorship_change", args=[second.pk])
    admin_save(superuser_client, url, "authorship_form", equal_contribution="on")
    for row in rows_now(superuser_client, pages, paper):
        assert re.search(r'Grace Hopper</a>(</span>)?<sup class="equal" title="Equal contribution">', row)


def test_a_link_edited_in_the_admin_shows_at_once_on_every_page(superuser_client, listed):
    paper, pages = listed
    rows_cached(superuser_client, pages, paper)
    admin_save(
        superuser_client, paper_change(paper), "paper_form", links__0__url="https://example.org/engine-v2"
    )
    for row in rows_now(superuser_client, pages, paper):
        assert "engine-v2" in row and "engine-v1" not in row


def test_a_link_added_and_deleted_on_its_own_admin_pages_shows_at_once(superuser_client, listed):
    paper, pages = listed
    rows_cached(superuser_client, pages, paper)
    added = reverse("admin:papers_paperlink_add")
    response = superuser_client.post(
        added, {"paper": paper.pk, "kind": "slides", "url": "https://example.org/s"}
    )
    assert response.status_code == 302
    for row in rows_now(superuser_client, pages, paper):
        assert 'href="https://example.org/s"' in row
    rows_cached(superuser_client, pages, paper)
    code = paper.links.get(kind="code")
    deleted = superuser_client.post(reverse("admin:papers_paperlink_delete", args=[code.pk]), {"post": "yes"})
    assert deleted.status_code == 302
    for row in rows_now(superuser_client, pages, paper):
        assert "engine-v1" not in row


def test_a_persons_new_slug_in_the_admin_shows_at_once_on_every_page(superuser_client, listed):
    paper, pages = listed
    rows_cached(superuser_client, pages[1:], paper)  # the profile's own address changes
    mate = paper.authorships.get(position=2).person
    url = reverse("admin:people_person_change", args=[mate.pk])
    admin_save(superuser_client, url, "person_form", slug="grace-brewster-hopper")
    for row in rows_now(superuser_client, pages[1:], paper):
        assert 'href="/people/grace-brewster-hopper/"' in row and "/people/grace-hopper/" not in row


def test_a_person_deleted_in_the_admin_leaves_their_name_unlinked_at_once(superuser_client, listed):
    paper, pages = listed
    rows_cached(superuser_client, pages, paper)
    mate = paper.authorships.get(position=2).person
    url = reverse("admin:people_person_delete", args=[mate.pk])
    assert superuser_client.post(url, {"post": "yes"}).status_code == 302
    for row in rows_now(superuser_client, pages, paper):
        assert "<span>Grace Hopper</span>" in row and "/people/grace-hopper/" not in row


# The API


def test_a_title_patched_through_the_api_shows_at_once_on_every_page(client, listed):
    paper, pages = listed
    rows_cached(client, pages, paper)
    token = Token.objects.create(user=factories.UserFactory(is_superuser=True))
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    body = '{"title": "Sketch of the Analytical Engine"}'
    response = client.patch(f"/api/v1/papers/{paper.pk}/", body, content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    for row in rows_now(client, pages, paper):
        assert "Sketch of the Analytical Engine" in row and "Notes on" not in row


# Ingestion, merges and citation counts


def test_an_ingested_listing_that_merges_a_link_and_an_author_shows_at_once(client, listed):
    paper, pages = listed
    Paper.objects.filter(pk=paper.pk).update(authors_complete=False)  # "et al.": a full list beats it
    rows_cached(client, pages, paper)
    bibtex = """@inproceedings{lovelace1843,
      title = {Notes on the Analytical Engine},
      author = {Lovelace, Ada and Hopper, Grace and Babbage, Charles},
      year = {2023},
      doi = {10.5555/engine.1},
      code = {https://github.com/ada/engine},
    }"""
    run = ingest(bibtex, "bibtex", owner="ada-lovelace")
    assert run.merged == 1, run.error
    for row in rows_now(client, pages, paper):
        assert 'href="https://github.com/ada/engine"' in row
        assert "Charles Babbage" in row


def test_a_merge_of_two_people_shows_at_once_on_every_page(client, listed):
    paper, pages = listed
    rows_cached(client, pages, paper)
    mate = paper.authorships.get(position=2).person
    survivor = factories.PersonFactory(full_name="Grace M. Hopper", slug="grace-m-hopper")
    person_merge(survivor=survivor, merged=mate)
    for row in rows_now(client, pages, paper):
        assert 'href="/people/grace-m-hopper/"' in row and "/people/grace-hopper/" not in row


def test_citation_counts_ingested_show_at_once_on_the_profile(client, listed):
    paper, pages = listed
    profile = pages[:1]
    rows_cached(client, profile, paper)
    record = {
        "DOI": "10.5555/engine.1",
        "title": ["Notes on the Analytical Engine"],
        "author": [{"given": "Ada", "family": "Lovelace"}, {"given": "Grace", "family": "Hopper"}],
        "issued": {"date-parts": [[2023]]},
        "is-referenced-by-count": 17,
    }
    run = ingest(json.dumps({"status": "ok", "message-type": "work", "message": record}), "crossref")
    assert run.merged == 1, list(run.outcomes.values("outcome", "reason"))
    [row] = rows_now(client, profile, paper)
    assert "Cited by" in row and "17 (Crossref)" in row


def test_a_review_decision_linking_an_author_shows_at_once(client):
    lab = lab_create(name="Sun Lab", pi=person_create(full_name="Qianru Sun"))
    hui = person_create(full_name="Hui Lv", given_name="Hui", family_name="Lv")
    membership_create(lab=lab, person=hui, role="postdoc", start="2023-03")
    ingest("@inproceedings{k,\n  title={Paper Four},\n  author={Lv Hui and Ada Ruiz},\n  year={2023}\n}\n")
    paper = Paper.objects.get(title="Paper Four")
    pages = ["/", f"/people/{paper.authorships.get(position=2).person.slug}/"]
    for row in rows_cached(client, pages, paper):
        assert "<span>Lv Hui</span>" in row
    item = ReviewItem.objects.get(kind=ReviewKind.PERSON_MATCH)
    review_resolve(item=item, decision="accept", user=None)
    for row in rows_now(client, pages, paper):
        assert f'<a href="/people/{hui.slug}/">Lv Hui</a>' in row


# What the cache gives back


def test_a_hostile_title_stays_escaped_when_its_row_comes_from_the_cache(client, listed):
    paper, pages = listed
    Paper.objects.filter(pk=paper.pk).update(title='<script>alert("t")</script> & <b>Analytical Engine</b>')
    factories.AuthorshipFactory(paper=paper, person=None, position=3, name="<img src=x onerror=alert(1)>")
    for row in rows_cached(client, pages, paper):
        title = "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &lt;b&gt;Analytical Engine&lt;/b&gt;"
        assert title in row
        assert "&lt;img src=x onerror=alert(1)&gt;" in row
        assert "<script>" not in row and "<img" not in row and "<b>" not in row


def test_each_page_marks_a_cached_row_its_own_way(client, listed):
    paper, (profile, lab, edition, home, search) = listed
    plain = row_of(visit(client, edition)[0], paper)  # kept first, with no marks
    assert 'class="self"' not in plain and 'class="member"' not in plain
    own = row_of(visit(client, profile)[0], paper)
    assert '<strong class="self">Ada Lovelace</strong>' in own
    assert '<span class="member"><a href="/people/grace-hopper/">' in own
    in_lab = row_of(visit(client, lab)[0], paper)
    assert '<span class="member"><a href="/people/ada-lovelace/">' in in_lab
    assert row_of(visit(client, home)[0], paper) == row_of(visit(client, search)[0], paper) == plain


def queries_of(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    return page, len(queries)


def test_a_cold_page_reads_what_it_read_without_the_cache_and_a_warm_one_less(client, listed, settings):
    _, pages = listed
    for url in pages:
        settings.PAGES_ROW_CACHE_SECONDS = 0
        uncached, off = queries_of(client, url)
        settings.PAGES_ROW_CACHE_SECONDS = 600
        cache.clear()
        cold_page, cold = queries_of(client, url)
        warm_page, warm = queries_of(client, url)
        assert warm_page == cold_page == uncached
        assert warm < cold == off, url


def test_a_cache_of_0_seconds_keeps_no_row(client, listed, settings):
    settings.PAGES_ROW_CACHE_SECONDS = 0
    _, pages = listed
    for url in pages:
        visit(client, url)
        assert visit(client, url)[1], f"{url} did not read its rows"
