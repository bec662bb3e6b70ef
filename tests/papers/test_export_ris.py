"""RIS export: standard records that an independent reader (rispy) and our own import read back the
same, served wherever BibTeX is: the API's ?format=ris, a paper's and a person's .ris files."""

import json

import pytest
import rispy
from rest_framework.test import APIClient

from core.names import reading_order
from ingest.parsers import parse
from papers.api.renderers import RISRenderer
from papers.export import ExportPaper
from papers.export_csl import papers_csl
from papers.export_ris import papers_ris
from papers.models import Paper
from papers.selectors import export_rows_of
from papers.services import AuthorInput, paper_create
from people.merging import person_merge
from tests.factories import (
    PersonAliasFactory,
    PersonFactory,
    VenueAliasFactory,
    VenueEditionFactory,
    VenueFactory,
)
from tests.ingest.helpers import counts, ingest, snapshot
from venues.models import Venue

pytestmark = pytest.mark.django_db


def fetched(*papers: Paper) -> list[ExportPaper]:
    """The papers as the exports read them: rows, in this order."""
    return export_rows_of([paper.pk for paper in papers])


def create(title: str, authors: list[str], **fields) -> Paper:
    return paper_create(title=title, authors=[AuthorInput(name) for name in authors], **fields)


def person(name: str):
    """A known author, as ingestion leaves one: their name in reading order and each spelling an alias."""
    known = PersonFactory(full_name=reading_order(name))
    for spelling in {name, known.full_name}:
        PersonAliasFactory(person=known, name=spelling)
    return known


def stored(title: str, authors: list[str], **fields) -> Paper:
    """A paper as ingestion stores one: its authors known, its date at least its year."""
    fields.setdefault("date", str(fields.get("year") or ""))
    people = [AuthorInput(name, person(name)) for name in authors]
    return paper_create(title=title, authors=people, **fields)


def edition(acronym: str, year: int):
    """An edition of a venue of the catalogue (the migrations load it, with its spellings)."""
    return VenueEditionFactory(venue=Venue.objects.get(acronym=acronym), year=year)


@pytest.fixture
def every_kind() -> list[Paper]:
    handbook = VenueFactory(name="Handbook of Visual Counting", acronym="HVC", kind="book")
    VenueAliasFactory(venue=handbook, text=handbook.name)
    papers = [
        stored(
            "Rolling-Shutter Depth from Sparse Lattice Priors",
            ["Qianru Sun", "Luc Van Gool", "Ilse van der Berg"],
            kind="conference", venue_edition=edition("CVPR", 2023), venue_text="CVPR 2023", year=2023,
            date="2023-06", doi="10.1109/cvpr52729.2023.09911", pages="659-669", publisher="IEEE/CVF",
            links=[("pdf", "https://example.org/papers/lattice.pdf"), ("code", "https://github.com/x/lattice")],
        ),
        stored(
            "Density Tokens for Counting Overlapping Objects",
            ["René Duval", "Müller, Jürgen", "John Smith Jr."],
            kind="journal", venue_edition=edition("TPAMI", 2022), venue_text="IEEE TPAMI", year=2022,
            date="2022-08-03", volume="45", number="3", pages="1201-1210", publisher="IEEE",
            doi="10.1109/tpami.2022.3190001", abstract="We count objects.  They overlap; 100% of them.",
        ),
        stored(
            "Self-Supervised Depth from Event Streams", ["Kenji Okabe", "Priya Raman"], kind="preprint",
            year=2025, date="2025-02", arxiv_id="2502.04321", categories=["cs.CV"],
        ),
        stored(
            "Sparse Lattice Priors", ["Marta Quintero", "Oskar Lind"], kind="journal", authors_complete=False,
            venue_edition=edition("PRL", 2024), venue_text="Pattern Recognition Letters", year=2024,
            publisher="Elsevier", doi="10.1016/j.patrec.2024.01.001",
        ),
        stored("Learning to See Through Fog", ["Plato"], kind="thesis", year=2001, date="2001"),
        stored(
            "Counting in Crowds", ["Mira Okafor"], kind="book", venue_text=handbook.name, year=2020,
            venue_edition=VenueEditionFactory(venue=handbook, year=2020), pages="45-67",
        ),
    ]  # fmt: skip
    return fetched(*papers)


# The records


def test_a_record_is_standard_ris_with_crlf_line_ends(every_kind):
    assert papers_ris(every_kind[:1]) == "\r\n".join(
        [
            "TY  - CONF",
            "TI  - Rolling-Shutter Depth from Sparse Lattice Priors",
            "AU  - Sun, Qianru",
            "AU  - Van Gool, Luc",
            "AU  - van der Berg, Ilse",
            "PY  - 2023",
            "DA  - 2023/06",
            "T2  - IEEE/CVF Conference on Computer Vision and Pattern Recognition",
            "J2  - CVPR",
            "SP  - 659",
            "EP  - 669",
            "PB  - IEEE/CVF",
            "DO  - 10.1109/cvpr52729.2023.09911",
            "UR  - https://doi.org/10.1109/cvpr52729.2023.09911",
            "L1  - https://example.org/papers/lattice.pdf",
            "UR  - https://github.com/x/lattice",
            "ID  - sun2023rolling",
            "ER  - ",
            "",
        ]
    )


def test_kinds_give_ris_types_and_each_record_has_its_own_id(every_kind):
    text = papers_ris(every_kind)
    types = [line for line in text.split("\r\n") if line.startswith("TY  - ")]
    assert types == ["TY  - CONF", "TY  - JOUR", "TY  - UNPB", "TY  - JOUR", "TY  - THES", "TY  - CHAP"]
    twin = fetched(create("Rolling-Shutter Depth from Sparse Lattice Priors", ["Qianru Sun"], year=2023))
    ids = [line for line in papers_ris([every_kind[0], *twin]).split("\r\n") if line.startswith("ID  - ")]
    assert ids == ["ID  - sun2023rolling", "ID  - sun2023rollinga"]


def test_a_cut_author_list_ends_with_et_al_and_an_arxiv_id_is_a_note(every_kind):
    preprint, et_al = (papers_ris([paper]).split("\r\n") for paper in every_kind[2:4])
    assert "N1  - arXiv:2502.04321" in preprint and not any(line.startswith("UR") for line in preprint)
    assert [line for line in et_al if line.startswith("AU")] == [
        "AU  - Quintero, Marta",
        "AU  - Lind, Oskar",
        "AU  - et al.",
    ]


def test_a_whole_book_an_other_paper_and_the_venues_publisher():
    book = create("A Book", ["Ada Lovelace"], kind="book", year=2003)
    other = create("Notes", ["Ada Lovelace"], kind="other", year=2003)
    venue = VenueFactory(name="Journal of Tests", acronym="JT", kind="journal", publisher="Test Press")
    journal = create(
        "In a Journal", ["Ada Lovelace"], kind="journal", venue_edition=VenueEditionFactory(venue=venue)
    )
    lines = papers_ris(fetched(book, other, journal)).split("\r\n")
    assert [line for line in lines if line[:2] in ("TY", "PB")] == [
        "TY  - BOOK",
        "TY  - GEN",
        "TY  - JOUR",
        "PB  - Test Press",
    ]


def test_untrusted_text_stays_on_its_line_and_semicolons_in_urls_are_escaped():
    paper = create(
        "Two\nLines\x07 ER  - and more", ["Ada\r\nLovelace"], kind="journal", year=2020,
        abstract="First line.\nTY  - JOUR\nSecond.", links=[("code", "https://example.org/a;b")],
    )  # fmt: skip
    text = papers_ris(fetched(paper))
    lines = text.split("\r\n")
    assert "TI  - Two Lines ER - and more" in lines and "AB  - First line. TY - JOUR Second." in lines
    assert "UR  - https://example.org/a%3Bb" in lines and "AU  - Lovelace, Ada" in lines
    assert [line for line in lines if line.startswith(("TY", "ER"))] == ["TY  - JOUR", "ER  - "]
    assert text.count("\n") == text.count("\r\n")


def test_nothing_gives_an_empty_file_and_fetched_papers_need_no_query(every_kind, django_assert_num_queries):
    assert papers_ris([]) == ""
    with django_assert_num_queries(0):
        papers_ris(every_kind)


# Read back


def test_an_independent_reader_reads_back_the_same_records(every_kind):
    records = rispy.loads(papers_ris(every_kind))
    assert len(records) == len(every_kind)
    for paper, record in zip(every_kind, records, strict=True):
        venue = paper.venue_name if paper.has_venue else ""
        names = paper.authors
        assert record["title"] == paper.title
        assert len(record["authors"]) == len(names) + (not paper.authors_complete)
        assert (record["year"], record.get("secondary_title", "")) == (str(paper.year), venue)
        assert (record.get("doi", ""), record.get("start_page", "")) == (paper.doi, paper.pages.split("-")[0])
        assert record.get("end_page", "") == (paper.pages.split("-")[1] if "-" in paper.pages else "")
    assert records[0]["authors"] == ["Sun, Qianru", "Van Gool, Luc", "van der Berg, Ilse"]
    assert records[1]["authors"] == ["Duval, René", "Müller, Jürgen", "Smith, John, Jr."]
    assert records[1]["date"] == "2022/08/03" and records[1]["alternate_title1"] == "TPAMI"
    assert records[0]["file_attachments1"] == "https://example.org/papers/lattice.pdf"


def test_our_own_import_reads_back_the_same_papers(every_kind):
    drafts = parse(papers_ris(every_kind), "ris").papers
    assert [draft.title for draft in drafts] == [paper.title for paper in every_kind]
    assert [draft.authors[0].name for draft in drafts] == [
        "Qianru Sun",
        "René Duval",
        "Kenji Okabe",
        "Marta Quintero",
        "Plato",
        "Mira Okafor",
    ]
    assert [draft.authors_complete for draft in drafts] == [True, True, True, False, True, True]
    assert [(draft.year, draft.date) for draft in drafts] == [
        (paper.year, paper.date or str(paper.year)) for paper in every_kind
    ]
    assert [draft.kind for draft in drafts] == [
        "conference",
        "journal",
        "preprint",
        "journal",
        "thesis",
        "book",
    ]
    assert drafts[2].arxiv_id == "2502.04321"


def test_importing_the_ris_export_into_the_database_that_holds_its_papers_changes_nothing(every_kind):
    before = snapshot()
    run = ingest(papers_ris(every_kind), "ris")
    assert counts(run) == {
        "records": 6,
        "created": 0,
        "merged": 0,
        "unchanged": 6,
        "needs_review": 0,
        "rejected": 0,
    }
    assert snapshot() == before


def test_a_cut_author_list_ends_with_et_al_in_csl_too(every_kind):
    assert papers_csl(every_kind[3:4])[0]["author"] == [
        {"family": "Quintero", "given": "Marta"},
        {"family": "Lind", "given": "Oskar"},
        {"literal": "et al."},
    ]
    assert parse(json.dumps(papers_csl(every_kind[3:4])), "csl").papers[0].authors_complete is False


def test_importing_the_csl_export_into_the_database_that_holds_its_papers_changes_nothing(every_kind):
    before = snapshot()
    run = ingest(json.dumps(papers_csl(every_kind)), "auto")
    assert run.detected_format == "csl"
    assert counts(run) == {
        "records": 6,
        "created": 0,
        "merged": 0,
        "unchanged": 6,
        "needs_review": 0,
        "rejected": 0,
    }
    assert snapshot() == before


# Served beside BibTeX


def test_the_renderer_passes_text_through_and_writes_errors_as_percent_lines():
    renderer = RISRenderer()
    assert renderer.render("TY  - JOUR\r\nER  - \r\n") == b"TY  - JOUR\r\nER  - \r\n"
    assert renderer.render({"detail": "Not found.\nTY  - JOUR"}) == b"% Not found. TY - JOUR\r\n"
    assert rispy.loads(renderer.render({"detail": "Not found."}).decode()) == []


def test_the_api_exports_lists_and_details_as_ris(every_kind):
    api = APIClient()
    listed = api.get("/api/v1/papers/?format=ris&ordering=year")
    assert listed["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    titles = [record["title"] for record in rispy.loads(listed.content.decode())]
    assert titles == [paper.title for paper in sorted(every_kind, key=lambda paper: paper.year)]
    one = api.get(f"/api/v1/papers/{every_kind[1].pk}/", HTTP_ACCEPT="application/x-research-info-systems")
    assert [record["title"] for record in rispy.loads(one.content.decode())] == [every_kind[1].title]
    none = api.get("/api/v1/papers/?format=ris&year=1999")
    assert (none.status_code, none.content) == (200, b"% No papers match.\r\n")
    missing = api.get("/api/v1/papers/999999/?format=ris")
    assert (missing.status_code, missing.content) == (404, b"% No Paper matches the given query.\r\n")


def test_a_persons_papers_are_a_ris_file_and_their_page_links_to_it(client):
    person = PersonFactory(full_name="Mira Okafor")
    create("Counting in Crowds", ["Mira Okafor"], kind="journal", year=2020)
    Paper.objects.get().authorships.update(person=person)
    response = client.get(f"/people/{person.slug}/publications.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="{person.slug}.ris"'
    assert [record["title"] for record in rispy.loads(response.content.decode())] == ["Counting in Crowds"]
    assert (
        f'href="/people/{person.slug}/publications.ris"'
        in client.get(f"/people/{person.slug}/").content.decode()
    )
    api = APIClient().get(f"/api/v1/people/{person.slug}/papers/?format=ris")
    assert [record["title"] for record in rispy.loads(api.content.decode())] == ["Counting in Crowds"]
    nobody = PersonFactory()
    assert client.get(f"/people/{nobody.slug}/publications.ris").content == b"% No papers.\r\n"
    assert client.get("/people/no-such-person/publications.ris").status_code == 404


def test_a_merged_persons_ris_file_moves_with_them(client):
    survivor, merged = PersonFactory(), PersonFactory()
    old_slug = merged.slug
    person_merge(survivor=survivor, merged=merged)
    response = client.get(f"/people/{old_slug}/publications.ris")
    assert response["Location"] == f"/people/{survivor.slug}/publications.ris"


def test_a_papers_ris_file_and_its_page_link_to_it(client, every_kind):
    paper = every_kind[0]
    response = client.get(f"/papers/{paper.pk}/ris/")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response.content.decode() == papers_ris([paper])
    page = client.get(f"/papers/{paper.pk}/", follow=True).content.decode()
    assert f'href="/papers/{paper.pk}/ris/"' in page
    assert client.get("/papers/999999/ris/").status_code == 404
