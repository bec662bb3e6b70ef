"""Each source's citation count of a paper and the ids sources know papers and people by, over the API."""

import pytest

from papers.services import AuthorInput, paper_create
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'
TWO_SOURCES = [
    {"source": "crossref", "count": 41, "observed_on": "2026-11-30"},
    {"source": "openalex", "count": 38, "observed_on": "2026-11-28"},
]


def paper_by(person, title: str = "Segment Every Object"):
    return paper_create(title=title, authors=[AuthorInput(person.full_name, person)], year=2023)


def cited_by_two_sources(paper) -> None:
    # Made in the reverse of source order: the API orders them by source.
    factories.CitationCountFactory(paper=paper, source="openalex", count=38, observed_on="2026-11-28")
    factories.CitationCountFactory(paper=paper, source="crossref", count=41, observed_on="2026-11-30")


def test_a_paper_shows_each_source_s_count_apart_in_list_detail_and_a_person_s_papers(api):
    mira = factories.PersonFactory(slug="mira-okafor")
    paper = paper_by(mira)
    cited_by_two_sources(paper)
    listed = api.get("/api/v1/papers/").json()["results"][0]
    detail = api.get(f"/api/v1/papers/{paper.pk}/").json()
    written = api.get("/api/v1/people/mira-okafor/papers/").json()["results"][0]
    for shown in (listed, detail, written):
        assert shown["citation_counts"] == TWO_SOURCES
        assert shown["citation_count"] is None  # never their sum (79)


def test_a_paper_without_counts_or_ids_shows_empty_ones(api):
    paper = paper_by(factories.PersonFactory())
    shown = api.get(f"/api/v1/papers/{paper.pk}/").json()
    assert shown["citation_counts"] == [] and shown["external_ids"] == {}


def test_counts_of_one_paper_are_not_shown_on_another(api):
    person = factories.PersonFactory()
    cited = paper_by(person, "Cited Paper")
    paper_by(person, "Other Paper")
    factories.CitationCountFactory(paper=cited, source="s2", count=7, observed_on="2026-10-01")
    by_title = {paper["title"]: paper for paper in api.get("/api/v1/papers/").json()["results"]}
    assert by_title["Cited Paper"]["citation_counts"] == [
        {"source": "s2", "count": 7, "observed_on": "2026-10-01"}
    ]
    assert by_title["Other Paper"]["citation_counts"] == []


def test_a_paper_shows_its_ids_in_the_sources_as_stored(api):
    paper = paper_by(factories.PersonFactory())
    ids = {"dblp": "conf/cvpr/HeZRS16", "openalex": "W2194775991", "s2": "a" * 40, "pmid": HOSTILE}
    paper.external_ids = ids
    paper.save(update_fields=["external_ids"])
    response = api.get(f"/api/v1/papers/{paper.pk}/")
    assert response["Content-Type"] == "application/json"
    assert response.json()["external_ids"] == ids  # data, not markup: kept as it was given


def test_a_person_shows_every_identifier_and_null_for_the_unknown_ones(api):
    factories.PersonFactory(
        slug="wei-wang",
        orcid="0000-0002-1825-0097",
        dblp_pid="35/7092-1",
        dblp_name="Wei Wang 0001",
        openalex_id="A5023888391",
        s2_id="1741101",
        scholar_id="fY3dXl0AAAAJ",
    )
    factories.PersonFactory(slug="nobody-known", dblp_name=HOSTILE)
    shown = api.get("/api/v1/people/wei-wang/").json()
    assert shown["orcid"] == "0000-0002-1825-0097"
    assert shown["identifiers"] == {
        "orcid": "0000-0002-1825-0097",
        "dblp_pid": "35/7092-1",
        "dblp_name": "Wei Wang 0001",
        "openalex": "A5023888391",
        "s2": "1741101",
        "scholar": "fY3dXl0AAAAJ",
    }
    listed = {person["slug"]: person for person in api.get("/api/v1/people/").json()["results"]}
    assert listed["nobody-known"]["orcid"] == ""
    assert listed["nobody-known"]["identifiers"] == {
        "orcid": None,
        "dblp_pid": None,
        "dblp_name": HOSTILE,
        "openalex": None,
        "s2": None,
        "scholar": None,
    }


def test_the_schema_gives_the_new_fields_their_types(api):
    schemas = api.get("/api/schema/?format=json").json()["components"]["schemas"]
    paper = schemas["Paper"]["properties"]
    assert paper["citation_counts"]["items"] == {"$ref": "#/components/schemas/CitationCount"}
    assert paper["external_ids"]["type"] == "object"
    assert paper["external_ids"]["additionalProperties"] == {"type": "string"}
    counted = schemas["CitationCount"]["properties"]
    assert counted["count"]["type"] == "integer"
    assert counted["observed_on"] == {**counted["observed_on"], "type": "string", "format": "date"}
    assert schemas["SourceEnum"]["enum"] == ["crossref", "openalex", "s2", "profile"]
    ids = schemas["Identifiers"]["properties"]
    assert set(ids) == {"orcid", "dblp_pid", "dblp_name", "openalex", "s2", "scholar"}
    assert all(field["type"] == "string" and field["nullable"] for field in ids.values())
    assert schemas["Person"]["properties"]["identifiers"] == {
        "allOf": [{"$ref": "#/components/schemas/Identifiers"}],
        "readOnly": True,
    }
