"""The files of a publication list (a person's, a lab's, an edition's) as reference managers fetch them:
BibTeX, RIS and CSL-JSON, the list's filters applied, in a constant number of queries."""

import json

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.export import CHUNK
from papers.models import Authorship
from papers.services import AuthorInput, paper_create
from tests.factories import LabFactory, MembershipFactory, PersonFactory, VenueEditionFactory
from tests.pages.helpers import papers_by

pytestmark = pytest.mark.django_db

TYPES = {
    "bib": "application/x-bibtex; charset=utf-8",
    "ris": "application/x-research-info-systems; charset=utf-8",
    "json": "application/vnd.citationstyles.csl+json; charset=utf-8",
}

# The list's owner, then its papers, their authors and their links; a lab first reads the ids of the
# papers written while in it (its stints, then their authorships).
QUERIES = {"person": 4, "lab": 6, "edition": 4}


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def entries(suffix: str, text: str) -> list[dict]:
    """The file's records as an independent reader sees them: bibtexparser, rispy, json."""
    if suffix == "bib":
        library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
        assert library.failed_blocks == []
        # Braces that keep a title's capitals are markup, not text.
        return [
            {key: plain(field.value) for key, field in entry.fields_dict.items()} for entry in library.entries
        ]
    if suffix == "ris":
        return rispy.loads(text)
    return json.loads(text)


def plain(text: str) -> str:
    return text.replace("{", "").replace("}", "")


def list_of(count: int, start: int = 0):
    """A person with count papers, all in one edition, and a lab they were in all along."""
    person = PersonFactory()
    edition = VenueEditionFactory(year=2024)
    papers_by(person, count, coauthors=[PersonFactory()], edition=edition, start=start)
    lab = LabFactory()
    MembershipFactory(person=person, lab=lab, start="1990", end="")
    venue = edition.venue.slug
    return {
        "person": f"/people/{person.slug}/publications",
        "lab": f"/labs/{lab.slug}/publications",
        "edition": f"/venues/{venue}/2024/publications",
    }


@pytest.mark.parametrize("suffix", TYPES)
def test_every_list_has_its_file_in_every_format(client, suffix):
    paths = list_of(3)
    for name, path in paths.items():
        response = client.get(f"{path}.{suffix}")
        assert response.status_code == 200, path
        assert response["Content-Type"] == TYPES[suffix]
        assert response["Content-Disposition"].startswith('inline; filename="')
        assert response["Content-Disposition"].endswith(f'.{suffix}"')
        assert len(entries(suffix, body(response))) == 3, name


def test_a_bibtex_file_reads_back_into_the_same_records(client):
    person = PersonFactory(full_name="René Duval")
    edition = VenueEditionFactory(
        venue__name="Computer Vision & Pattern Recognition", venue__kind="conference"
    )
    stored = [
        paper_create(
            title="{GAN}s at 50% of the Cost",
            authors=[AuthorInput("René Duval"), AuthorInput("Luc Van Gool")],
            kind="conference",
            venue_edition=edition,
            year=2023,
            doi="10.1109/cvpr.2023.00042",
            pages="659-669",
        ),
        paper_create(
            title="Counting_Objects in #Crowds",
            authors=[AuthorInput("Jürgen Müller"), AuthorInput("René Duval")],
            kind="journal",
            venue_text="Pattern Recognition Letters",
            year=2021,
        ),
    ]
    Authorship.objects.filter(name="René Duval").update(person=person)
    text = body(client.get(f"/people/{person.slug}/publications.bib"))
    records = entries("bib", text)
    by_title = {record["title"]: record for record in records}
    assert set(by_title) == {plain(paper.title) for paper in stored}
    first = by_title["GANs at 50% of the Cost"]
    assert first["author"] == "Duval, René and Van Gool, Luc"
    assert (first["year"], first["doi"], first["pages"]) == ("2023", "10.1109/cvpr.2023.00042", "659–669")
    assert first["booktitle"] == "Computer Vision & Pattern Recognition"
    second = by_title[stored[1].title]
    assert (second["author"], second["journal"]) == (
        "Müller, Jürgen and Duval, René",
        "Pattern Recognition Letters",
    )


def test_a_list_of_three_thousand_papers_takes_the_queries_of_one(client):
    small, big = list_of(1), list_of(3_000, start=1)
    for name in small:
        for suffix in TYPES:
            with CaptureQueriesContext(connection) as one:
                assert len(entries(suffix, body(client.get(f"{small[name]}.{suffix}")))) == 1
            with CaptureQueriesContext(connection) as many:
                found = entries(suffix, body(client.get(f"{big[name]}.{suffix}")))
            assert len(found) == 3_000, (name, suffix)
            assert len(many) == len(one) == QUERIES[name], (
                name,
                suffix,
                [q["sql"] for q in many.captured_queries],
            )


def test_a_large_file_is_streamed_whole_and_a_small_one_has_its_length(client):
    big = list_of(CHUNK + 1)["person"]
    streamed = client.get(f"{big}.bib")
    assert streamed.streaming and "Content-Length" not in streamed
    text = body(streamed)
    assert len(entries("bib", text)) == CHUNK + 1
    keys = [line for line in text.splitlines() if line.startswith("@")]
    assert len(set(keys)) == CHUNK + 1  # keys stay unique across the pieces
    small = client.get(f"{list_of(2)['person']}.bib")
    assert not small.streaming and int(small["Content-Length"]) == len(small.content)


def test_a_file_takes_its_lists_filters_and_its_page_links_to_it(client):
    paths = list_of(50)  # years 2000-2024, two papers each
    person_page = paths["person"].removesuffix("publications")
    response = client.get(f"{paths['person']}.ris", {"year": "2003"})
    assert sorted(record["title"] for record in entries("ris", body(response))) == [
        "Scaled Paper 28", "Scaled Paper 3",
    ]  # fmt: skip
    page = client.get(person_page, {"year": "2003"}).content.decode()
    assert f'href="{paths["person"]}.ris?year=2003"' in page
    assert f'href="{paths["person"]}.json"' in page  # the header's "all papers" links
    for name in ("lab", "edition"):
        filtered = client.get(f"{paths[name]}.json", {"q": "Scaled Paper 17"})
        assert entries("json", body(filtered))[0]["title"] == "Scaled Paper 17"


def test_unknown_lists_and_formats_are_not_found_and_an_empty_list_says_so(client):
    paths = list_of(1)
    assert client.get("/people/no-one/publications.bib").status_code == 404
    assert client.get("/labs/no-lab/publications.ris").status_code == 404
    assert client.get(paths["edition"].replace("2024", "1999") + ".json").status_code == 404
    assert client.get(f"{paths['person']}.txt").status_code == 404
    nobody = PersonFactory()
    assert body(client.get(f"/people/{nobody.slug}/publications.bib")) == "% No papers.\n"
    assert entries("json", body(client.get(f"/people/{nobody.slug}/publications.json"))) == []
