"""What a reader does in a real browser: search, open a person, filter papers, copy BibTeX."""

import re
from urllib.parse import urlencode

import pytest

from papers.models import Paper
from people.models import Lab, Person
from tests.e2e.conftest import screenshot
from venues.models import VenueEdition

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture then skips the tests, or fails them in CI, with the reason
    expect = None

# live_server reads committed data from its own thread: each test commits, then is flushed.
pytestmark = pytest.mark.django_db(transaction=True)

# Six of the owner's 44 papers are from 2020: few enough for one page of results.
YEAR = 2020


def titles_of(owner: Person, year: int) -> set[str]:
    return set(Paper.objects.filter(authorships__person=owner, year=year).values_list("title", flat=True))


def shown_titles(page) -> set[str]:
    return {title.strip() for title in page.locator("#publications li.paper a.paper-title").all_inner_texts()}


def count_text(count: int) -> re.Pattern:
    return re.compile(rf"\b{count} papers?\b")


def plain(text: str) -> str:
    """BibTeX's braces and line breaks left out, to compare a title with the entry."""
    return " ".join(text.replace("{", "").replace("}", "").split())


def filter_by_year(page, year: int) -> None:
    form = page.locator("form#paper-filter")
    form.locator("select[name=year]").select_option(str(year))
    form.get_by_role("button", name="Filter").click()


def test_home_page_shows_the_ingested_lab(page, live_server, owner, browser_errors):
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    expect(page.locator("h1")).to_be_visible()
    lab = Lab.objects.get(pi=owner)
    expect(page.locator(f'a[href="/labs/{lab.slug}/"]', has_text=lab.name)).to_be_visible()
    screenshot(page, "home")
    assert browser_errors.seen == []


def test_search_a_person_filter_her_papers_and_copy_a_bibtex(page, live_server, owner, browser_errors):
    expected = titles_of(owner, YEAR)
    page.goto(live_server.url + "/")
    # The home page's own form; the site header has another one on every page.
    search = page.locator("main form[role=search] input[name=q]")
    search.fill(owner.full_name)
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    screenshot(page, "search")

    page.locator("#people-results a", has_text=owner.full_name).first.click()
    expect(page).to_have_url(re.compile(rf"/people/{owner.slug}/$"))
    expect(page.locator("h1")).to_have_text(owner.full_name)
    screenshot(page, "person")
    count = page.locator("#publication-count")
    expect(count).to_have_text(count_text(44))

    page.evaluate("window.__marker = 1")  # gone if the page reloads instead of redrawing
    filter_by_year(page, YEAR)
    expect(page).to_have_url(re.compile(rf"[?&]year={YEAR}(&|$)"))
    expect(count).to_have_text(count_text(len(expected)))
    expect(page.locator("#publications li.paper")).to_have_count(len(expected))
    assert shown_titles(page) == expected
    assert page.evaluate("window.__marker") == 1, "the filter reloaded the page instead of redrawing it"
    screenshot(page, "person-filtered")
    # The list's file follows the filter drawn in place: it holds the papers shown.
    file_link = page.locator("p.files a", has_text="BibTeX")
    expect(file_link).to_have_attribute("href", re.compile(rf"publications\.bib\?(.*&)?year={YEAR}(&|$)"))
    bibtex = page.request.get(live_server.url + file_link.get_attribute("href")).text()
    assert bibtex.count("\n@") + bibtex.startswith("@") == len(expected)

    first = page.locator("#publications li.paper a.paper-title").first
    title = first.inner_text().strip()
    first.click()
    expect(page).to_have_url(re.compile(r"/papers/\d+/[\w-]+/$"))
    expect(page.locator("h1")).to_have_text(title)
    screenshot(page, "paper")

    button = page.locator('button.copy[data-copy-target="bibtex"]')
    button.click()
    expect(button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@")
    assert plain(title) in plain(copied)
    assert browser_errors.seen == []


def test_the_filter_works_without_javascript(page_without_js, live_server, owner):
    page = page_without_js
    expected = titles_of(owner, YEAR)
    page.goto(f"{live_server.url}/people/{owner.slug}/")
    filter_by_year(page, YEAR)
    expect(page).to_have_url(re.compile(rf"/people/{owner.slug}/\?(.*&)?year={YEAR}(&|$)"))
    expect(page.locator("#publication-count")).to_have_text(count_text(len(expected)))
    expect(page.locator("#publications li.paper")).to_have_count(len(expected))
    assert shown_titles(page) == expected
    screenshot(page, "person-nojs")


def contract_pages(owner: Person) -> dict[str, str]:
    """Every kind of page of the contract, by screenshot name, with ingested data on it."""
    paper = Paper.objects.filter(authorships__person=owner).order_by("pk").first()
    edition = VenueEdition.objects.select_related("venue").get(venue__slug="cvpr", year=2023)
    return {
        "home": "/",
        "search": "/search/?" + urlencode({"q": owner.full_name}),
        "person": f"/people/{owner.slug}/",
        "paper": f"/papers/{paper.pk}/{paper.slug or 'paper'}/",
        "lab": f"/labs/{Lab.objects.get(pi=owner).slug}/",
        "venues": "/venues/",
        "venue": f"/venues/{edition.venue.slug}/",
        "edition": f"/venues/{edition.venue.slug}/{edition.year}/",
    }


def test_every_page_answers_with_a_heading_and_no_script_error(page, live_server, owner, browser_errors):
    problems = []
    for name, path in contract_pages(owner).items():
        response = page.goto(live_server.url + path)
        screenshot(page, name)
        if response.status != 200:
            problems.append(f"{path}: status {response.status}")
        elif page.locator("h1").count() == 0:
            problems.append(f"{path}: no h1")
        problems += [f"{path}: {error}" for error in browser_errors.seen]
        browser_errors.seen.clear()
    assert problems == []
