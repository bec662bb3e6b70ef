"""The API gives an author's name in reading order and, beside it, the name as the source wrote it."""

import pytest

from papers.models import Paper
from people.models import Person
from tests.ingest.helpers import ingest

pytestmark = pytest.mark.django_db

LISTING = r"""
@article{teo2023,
  title = {Counting Mangroves from Drones},
  author = {Teo, Shu Min and Tan, Q. and von Neumann, John and Smith, Jr., John and LOH Yi Lin},
  journal = {Remote Sensing},
  year = {2023},
}
"""
READING = ["Shu Min Teo", "Q. Tan", "John von Neumann", "John Smith Jr.", "Yi Lin Loh"]
WRITTEN = ["Teo, Shu Min", "Tan, Q.", "von Neumann, John", "Smith, Jr., John", "LOH Yi Lin"]


@pytest.fixture
def paper() -> Paper:
    ingest(LISTING, "bibtex", owner="Shu Min Teo")
    return Paper.objects.get()


def test_names_are_in_reading_order_and_credited_as_written(api, paper):
    authors = api.get(f"/api/v1/papers/{paper.pk}/").json()["authors"]
    assert [author["name"] for author in authors] == READING
    assert [author["credited_as"] for author in authors] == WRITTEN
    assert authors[0]["person"] == Person.objects.get(full_name="Shu Min Teo").slug


def test_lists_and_a_person_s_papers_show_the_same_names(api, paper):
    listed = api.get("/api/v1/papers/").json()["results"][0]["authors"]
    owner = Person.objects.get(full_name="Shu Min Teo")
    theirs = api.get(f"/api/v1/people/{owner.slug}/papers/").json()["results"][0]["authors"]
    assert [a["name"] for a in listed] == [a["name"] for a in theirs] == READING


def test_the_schema_names_credited_as(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    author = schema["components"]["schemas"]["Author"]
    assert {"name", "credited_as", "person", "position"} <= set(author["properties"])
    assert "credited_as" in author["required"]


def test_people_are_named_in_reading_order_too(api, paper):
    names = {person["name"] for person in api.get("/api/v1/people/").json()["results"]}
    assert {"Shu Min Teo", "John von Neumann", "John Smith Jr.", "Yi Lin Loh"} <= names
