"""Pages, the feed and the exports show authors in reading order; the record keeps them as written."""

import xml.etree.ElementTree as ET

import pytest

from papers.models import Authorship, Paper
from people.models import Person
from tests.ingest.helpers import ingest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
LISTING = r"""
@article{teo2023,
  title = {Counting Mangroves from Drones},
  author = {Teo, Shu Min and Tan, Q. and von Neumann, John and Smith, Jr., John},
  journal = {Remote Sensing},
  year = {2023},
}
"""
READING = ["Shu Min Teo", "Q. Tan", "John von Neumann", "John Smith Jr."]
WRITTEN = ["Teo, Shu Min", "Tan, Q.", "von Neumann, John", "Smith, Jr., John"]


@pytest.fixture
def owner() -> Person:
    ingest(LISTING, "bibtex", owner="Shu Min Teo")
    return Person.objects.get(full_name="Shu Min Teo")


def test_the_record_keeps_the_names_as_written(owner):
    rows = Authorship.objects.order_by("position")
    assert [row.credited_as for row in rows] == [
        "Teo, Shu Min",
        "Tan, Q.",
        "von Neumann, John",
        "Smith, Jr., John",
    ]


def test_the_profile_lists_authors_in_reading_order(client, owner):
    page = client.get(f"/people/{owner.slug}/").content.decode()
    page = page.split('id="publications"', 1)[1]  # the header lists the spellings ("Also written")
    assert '<strong class="self">Shu Min Teo</strong>' in page
    assert "Q. Tan" in page and "John von Neumann" in page and "John Smith Jr." in page
    assert "Teo, Shu Min" not in page and "Tan, Q." not in page


def test_the_paper_page_lists_authors_in_reading_order(client, owner):
    paper = Paper.objects.get()
    page = client.get(f"/papers/{paper.pk}/{paper.slug}/").content.decode()
    authors = page.split('<p class="authors">', 1)[1].split("</p>", 1)[0]
    assert [name in authors for name in READING] == [True] * 4
    assert "Teo, Shu Min" not in authors


def test_the_venue_and_search_pages_list_authors_in_reading_order(client, owner):
    paper = Paper.objects.select_related("venue_edition__venue").get()
    search = client.get("/search/", {"q": "mangroves"}).content.decode()
    assert "Shu Min Teo" in search and "Teo, Shu Min" not in search
    venue = paper.venue_edition.venue
    edition = client.get(f"/venues/{venue.slug}/{paper.venue_edition.year}/").content.decode()
    assert "John von Neumann" in edition and "von Neumann, John" not in edition


def test_the_feed_names_authors_in_reading_order(client, owner):
    feed = ET.fromstring(client.get(f"/people/{owner.slug}/feed/").content)
    (summary,) = [entry.find(f"{ATOM}summary").text for entry in feed.iter(f"{ATOM}entry")]
    assert summary.startswith("Shu Min Teo, Q. Tan, John von Neumann, John Smith Jr.")


def test_the_bibtex_export_writes_family_comma_given_and_the_suffix_apart(client, owner):
    text = client.get(f"/people/{owner.slug}/publications.bib").content.decode()
    assert "author = {Teo, Shu Min and Tan, Q. and von Neumann, John and Smith, Jr., John}" in text
