"""The OpenAlex parser: a /works list page or one work to paper drafts."""

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ingest.choices import RunStatus
from ingest.parsers import detect_format
from ingest.parsers.drafts import AuthorDraft, LinkDraft, PaperDraft, ParseContext, ParseError
from ingest.parsers.openalex import parse, sniff
from papers.models import CitationCount, Paper
from tests.ingest.helpers import ingest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGE = "openalex/works_page.json"
WORK = "openalex/work.json"
MIRA = AuthorDraft(
    "Mira Castellanos", ids={"openalex": "A5000000001"}
)  # how the page's later works credit the owner


@pytest.fixture
def context(venue_aliases) -> ParseContext:
    return ParseContext(observed_at=date(2025, 6, 1), venue_aliases=venue_aliases)


@pytest.fixture
def page(fixture_text, context) -> dict[str, PaperDraft]:
    result = parse(fixture_text(PAGE), context)
    return {paper.ids["openalex"]: paper for paper in result.papers}


def bare(paper: PaperDraft) -> PaperDraft:
    """The draft without its raw text (checked on its own)."""
    return replace(paper, raw="")


def work(**fields) -> str:
    """A one-work response with the fields given over a minimal work."""
    return json.dumps({"id": "https://openalex.org/W4100000100", "title": "A Title", **fields})


def test_a_page_gives_its_works_by_record_number_and_rejects_the_unreadable_ones(fixture_text, context):
    result = parse(fixture_text(PAGE), context)
    assert result.format == "openalex"
    assert [paper.line for paper in result.papers] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [(error.line, error.reason) for error in result.errors] == [
        (9, "the work W4399000009 has no title"),
        (10, "duplicate work W4390000001 (first at record 1)"),
        (11, "the record is not a work object"),
    ]
    assert json.loads(result.errors[0].raw)["id"] == "https://openalex.org/W4399000009"
    assert result.errors[2].raw == "null"
    assert all(paper.owner_listed for paper in result.papers)


def test_a_journal_work_gives_every_field(page):
    paper = page["W4390000001"]
    assert json.loads(paper.raw)["id"] == "https://openalex.org/W4390000001"
    assert bare(paper) == PaperDraft(
        line=1,
        title="Sparse Tidal Flow Fields for Coastal Scene Reconstruction",
        authors=[
            AuthorDraft(
                "Mira Castellanos",
                corresponding=True,
                affiliation="University of Porto Alegre Sul",
                ids={"openalex": "A5000000001", "orcid": "0000-0002-4417-3064"},
            ),
            AuthorDraft(
                "Tobias Lindqvist",
                affiliation="Nordic Institute of Imaging, Uppsala",
                ids={"openalex": "A5000000002"},
            ),
            AuthorDraft(
                "Hana Okafor",
                affiliation="Lagos Institute of Technology",
                ids={"openalex": "A5000000003", "orcid": "0000-0001-7203-5518"},
            ),
        ],
        venue_text="IEEE Transactions on Pattern Analysis and Machine Intelligence",
        venue_acronym="TPAMI",
        year=2024,
        date="2024-03-05",
        kind="journal",
        doi="10.1109/tpami.2024.3351234",
        abstract="We model coastal scenes as sparse flow fields, model each tide (ebb, flood) separately. "
        "It runs at <5 ms.",
        volume="46",
        number="7",
        pages="4410-4423",
        publisher="Institute of Electrical and Electronics Engineers",
        ids={"openalex": "W4390000001", "mag": "4390000001"},
        citation_counts={"openalex": 17},
        owner_listed=True,
    )


def test_a_preprint_on_arxiv_takes_the_venue_of_its_published_version(page):
    paper = page["W4385000002"]
    assert (paper.venue_text, paper.venue_acronym, paper.kind) == (
        "2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
        "CVPR",
        "conference",
    )
    assert (paper.arxiv_id, paper.doi) == ("2303.04567", "10.1109/cvpr52729.2023.00412")
    assert paper.publisher == "Institute of Electrical and Electronics Engineers"
    assert paper.links == [LinkDraft("pdf", "https://arxiv.org/pdf/2303.04567")]  # primary and best OA: once
    assert paper.pages == "4121-4130"


def test_html_tags_and_entities_leave_a_title_as_plain_text(page):
    assert page["W4385000002"].title == "Fast k-NN Matching of CO2 Plumes & Ocean Fronts"
    assert page["W4301000003"].title == "Notes on Wave-Aware Segmentation"  # line wraps and runs of spaces


def test_a_null_or_empty_abstract_index_gives_no_abstract(page):
    assert page["W4385000002"].abstract == ""
    assert page["W4301000003"].abstract == ""


def test_a_work_without_doi_or_source_keeps_what_it_has(page):
    paper = page["W4301000003"]
    assert (paper.doi, paper.venue_text, paper.venue_acronym, paper.kind, paper.links) == ("", "", "", "", [])
    assert (paper.year, paper.date, paper.citation_counts) == (2022, "2022-11-30", {"openalex": 0})


def test_an_author_without_display_name_is_named_as_the_paper_wrote_it(page):
    assert page["W4301000003"].authors == [
        AuthorDraft(
            "K. Okonkwo-Reyes",
            affiliation="Marine Robotics Group, Example University",
            ids={"openalex": "A5000000005"},
        ),
        MIRA,
    ]
    assert page["W4301000003"].authors_complete


def test_a_truncated_author_list_is_not_complete(page):
    paper = page["W4380000004"]
    assert not paper.authors_complete
    assert [author.name for author in paper.authors] == ["Priya Raman", "Mira Castellanos", "Jonas Weber"]
    assert paper.authors[0].ids == {"openalex": "A5000000006", "orcid": "0000-0003-0941-8721"}


def test_a_month_date_keeps_its_precision_and_single_pages_stay_single(page):
    paper = page["W4380000004"]
    assert (paper.date, paper.pages, paper.volume, paper.number) == ("2023-09", "512", "621", "7980")
    assert paper.ids == {"openalex": "W4380000004", "pmid": "37700001", "pmcid": "PMC10500001"}


@pytest.mark.parametrize(
    ("work_id", "kind", "venue_text"),
    [
        ("W4395000005", "other", "Zenodo (CERN European Organization for Nuclear Research)"),  # dataset
        ("W4320000006", "thesis", "Repositório Institucional Example"),  # dissertation
        ("W4310000007", "book", "Lecture notes in computer science"),  # book-chapter
        ("W4402000008", "preprint", "arXiv (Cornell University)"),  # on arXiv alone
    ],
)
def test_the_work_type_or_its_source_gives_the_kind(page, work_id, kind, venue_text):
    assert (page[work_id].kind, page[work_id].venue_text) == (kind, venue_text)


def test_a_preprint_on_arxiv_alone_gets_its_id_from_the_datacite_doi(page):
    paper = page["W4402000008"]
    assert (paper.arxiv_id, paper.doi, paper.venue_acronym) == (
        "2405.06789",
        "10.48550/arxiv.2405.06789",
        "arXiv",
    )
    assert paper.publisher == ""  # Cornell hosts arXiv; it publishes nothing of the paper


def test_a_single_work_is_not_a_listing_of_its_owner(fixture_text, context):
    result = parse(fixture_text(WORK), context)
    assert result.errors == []
    [paper] = result.papers
    assert (paper.line, paper.owner_listed) == (1, False)
    assert paper.ids == {
        "openalex": "W4367000010",
        "mag": "4367000010",
        "pmid": "37200010",
        "pmcid": "PMC10200010",
    }
    assert (paper.pages, paper.volume, paper.publisher) == ("113601", "291", "Elsevier BV")
    assert paper.abstract == "Salt marshes shrink as seas rise; radar sees it through clouds."
    assert paper.authors[0] == AuthorDraft(
        "Lucía Ferreira-Smith",
        corresponding=True,
        affiliation="Estuary Research Centre",
        ids={"openalex": "A5000000008", "orcid": "0009-0006-1182-3346"},
    )


def test_an_abstract_index_with_gaps_and_shared_positions_reads_in_order(context):
    index = {"first": [0], "second": [0, 2], "third": [7], "odd": ["x", -1, True], "skipped": None}
    [paper] = parse(work(abstract_inverted_index=index), context).papers
    assert paper.abstract == "first second third"


def test_a_work_of_the_older_api_takes_its_venue_and_arxiv_id_from_its_host_venues(context):
    # Before mid-2023 a work had host_venue and alternate_host_venues, and no primary_location.
    host = {"display_name": "Journal of Quiet Tides", "publisher": "Harbour Press", "type": "journal"}
    copy = {"display_name": "arXiv", "type": "repository", "url": "https://arxiv.org/abs/2101.00042v2"}
    text = work(type="journal-article", host_venue=host, alternate_host_venues=[copy, "odd"])
    [paper] = parse(text, context).papers
    expected = ("Journal of Quiet Tides", "Harbour Press", "journal")
    assert (paper.venue_text, paper.publisher, paper.kind) == expected
    assert paper.arxiv_id == "2101.00042"


def test_a_host_venue_without_a_name_gives_no_venue(context):
    [paper] = parse(work(host_venue={"display_name": None, "type": "repository"}), context).papers
    assert (paper.venue_text, paper.publisher) == ("", "")


def test_a_chapter_of_conference_proceedings_is_a_conference_paper(context):
    location = {
        "source": {
            "display_name": "Medical Image Computing and Computer-Assisted Intervention",
            "type": "conference",
        }
    }
    [paper] = parse(work(type="book-chapter", primary_location=location), context).papers
    assert (paper.kind, paper.venue_acronym) == ("conference", "MICCAI")


def test_a_repository_copy_listed_first_does_not_hide_a_journal_listed_later(context):
    arxiv = {
        "landing_page_url": "https://arxiv.org/abs/2101.00001v3",
        "source": {"display_name": "arXiv (Cornell University)", "type": "repository"},
    }
    journal = {"source": {"display_name": "International Journal of Computer Vision", "type": "journal"}}
    [paper] = parse(work(primary_location=arxiv, locations=[arxiv, None, journal]), context).papers
    assert (paper.venue_acronym, paper.kind, paper.arxiv_id) == ("IJCV", "journal", "2101.00001")


def test_an_author_with_no_name_at_all_is_left_out_and_the_list_is_not_complete(context):
    authorships = [
        {"author": {"id": "https://openalex.org/A1", "display_name": ""}, "raw_author_name": None},
        {
            "author": None,
            "raw_author_name": "Ada Lovelace",
            "institutions": [None, {"display_name": "Analytical"}],
        },
        "not an authorship",
    ]
    [paper] = parse(work(authorships=authorships), context).papers
    assert paper.authors == [AuthorDraft("Ada Lovelace", affiliation="Analytical")]
    assert not paper.authors_complete


def test_a_work_without_authorships_is_not_complete(context):
    [paper] = parse(work(authorships=None), context).papers
    assert (paper.authors, paper.authors_complete) == ([], False)


def test_values_of_the_wrong_type_are_ignored(context):
    text = work(
        doi=12, publication_year="2020", publication_date="someday", cited_by_count=-3, biblio=[], ids="W1",
        primary_location="here", locations={"a": 1}, best_oa_location=[], is_authors_truncated="yes",
    )  # fmt: skip
    [paper] = parse(text, context).papers
    assert (paper.year, paper.date, paper.doi, paper.citation_counts, paper.links) == (
        2020,
        "2020",
        "",
        {},
        [],
    )
    assert paper.ids == {"openalex": "W4100000100"}


@pytest.mark.parametrize(
    ("written", "year", "expected"),
    [
        ("2023-06-18", 2023, "2023-06-18"),
        ("2023-06-18T00:00:00", 2023, "2023-06-18"),
        ("2023-02-30", 2023, "2023"),  # no such day
        ("2023-13", 2023, "2023"),
        ("2022-12-31", 2023, "2023"),  # of another year than the work's
        ("2023-06", None, "2023-06"),
        (None, None, ""),
    ],
)
def test_a_date_keeps_its_precision_when_it_is_a_real_date_of_the_year(context, written, year, expected):
    [paper] = parse(work(publication_date=written, publication_year=year), context).papers
    assert paper.date == expected
    assert paper.year == (year or (int(expected[:4]) if expected else None))


def test_a_record_that_is_not_a_work_is_rejected(context):
    text = json.dumps(
        {"meta": {}, "results": [{"id": "https://openalex.org/A5000000001", "display_name": "Ada"}]}
    )
    result = parse(text, context)
    assert result.papers == []
    assert [error.reason for error in result.errors] == ["the record is not a work but OpenAlex A5000000001"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("not json {", "not an OpenAlex response: the text is not JSON"),
        (
            '{"error": "Invalid query parameters error.", "message": "unknown filter"}',
            "is an error: Invalid query",
        ),
        ("[1, 2]", "not an OpenAlex works response"),
        ("[" * 100_000, "not JSON"),
    ],
)
def test_an_input_that_is_no_works_response_is_refused_with_a_reason(context, text, reason):
    with pytest.raises(ParseError) as caught:
        parse(text, context)
    assert caught.value.line == 0 and reason in caught.value.reason


# Detection


@pytest.mark.parametrize("name", [PAGE, WORK])
def test_openalex_responses_are_detected(fixture_text, name):
    assert sniff(fixture_text(name)) == 100
    assert detect_format(fixture_text(name)) == "openalex"


def test_an_empty_works_page_is_still_known_by_its_meta():
    assert (
        sniff('{"meta": {"count": 0, "db_response_time_ms": 3, "page": 1, "per_page": 25}, "results": []}')
        == 100
    )


def other_fixtures() -> list[str]:
    """Every fixture but the openalex responses (in a folder of that name, or named "openalex_…")."""
    return sorted(
        str(path.relative_to(FIXTURES))
        for path in FIXTURES.rglob("*")
        if path.is_file()
        and "openalex" not in path.relative_to(FIXTURES).parts[:-1]
        and not path.name.startswith("openalex_")
    )


@pytest.mark.parametrize("name", other_fixtures())
def test_no_other_fixture_is_taken_for_openalex(name):
    text = (FIXTURES / name).read_text(encoding="utf-8", errors="replace")
    assert sniff(text) == 0
    assert detect_format(text) != "openalex"


# Through the pipeline


@pytest.mark.django_db
def test_a_works_page_ingests_its_works_with_ids_and_counts(fixture_text):
    run = ingest(fixture_text(PAGE), "openalex")
    assert run.status == RunStatus.PARTIAL, run.error
    assert (run.records, run.rejected) == (11, 3)
    stored = {paper.title: paper for paper in Paper.objects.all()}
    assert len(stored) == 8
    census = stored["A Global Census of Coastal Erosion from Satellite Imagery"]
    assert (census.doi, census.year, census.kind, census.authors_complete) == (
        "10.1038/s41586-023-99999-1", 2023, "journal", False,
    )  # fmt: skip
    assert census.external_ids == {"openalex": "W4380000004", "pmcid": "PMC10500001", "pmid": "37700001"}
    flow = stored["Fast k-NN Matching of CO2 Plumes & Ocean Fronts"]
    assert (flow.arxiv_id, flow.venue_edition.venue.acronym, flow.venue_edition.year) == (
        "2303.04567",
        "CVPR",
        2023,
    )
    assert [a.name for a in flow.authorships.order_by("position")] == ["Wen-Li Zhao", "Mira Castellanos"]
    tidal = stored["Sparse Tidal Flow Fields for Coastal Scene Reconstruction"]
    assert tidal.venue_edition.venue.acronym == "TPAMI"
    assert CitationCount.objects.get(paper=tidal).count == 17


@pytest.mark.django_db
def test_a_single_work_ingests_through_auto_detection(fixture_text):
    run = ingest(fixture_text(WORK))
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.detected_format == "openalex"
    paper = Paper.objects.get()
    assert paper.title == "Monitoring Salt Marsh Loss with Multi-Temporal Radar"
    assert (paper.doi, paper.year, paper.date) == ("10.1016/j.rse.2023.113601", 2023, "2023-05-15")
    assert [a.name for a in paper.authorships.order_by("position")] == [
        "Lucía Ferreira-Smith",
        "Mira Castellanos",
    ]
