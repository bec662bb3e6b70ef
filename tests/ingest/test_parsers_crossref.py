"""The Crossref parser: REST API work and work-list responses to paper drafts."""

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ingest.parsers import detect_format
from ingest.parsers.crossref import parse, sniff
from ingest.parsers.drafts import AuthorDraft, LinkDraft, PaperDraft, ParseContext, ParseError, ParseResult
from tests.conftest import FIXTURES_DIR

CVPR_2023 = "2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"
OWNER = "0000-0003-1234-5674"


@pytest.fixture
def context(venue_aliases) -> ParseContext:
    return ParseContext(observed_at=date(2025, 6, 1), venue_aliases=venue_aliases)


@pytest.fixture
def listing(fixture_text, context) -> ParseResult:
    return parse(fixture_text("crossref/works.json"), context)


@pytest.fixture
def by_line(listing) -> dict[int, PaperDraft]:
    return {paper.line: paper for paper in listing.papers}


def bare(paper: PaperDraft) -> PaperDraft:
    return replace(paper, raw="")


def one(item: dict, context: ParseContext) -> PaperDraft:
    """The draft of one work response holding the item."""
    return parse(json.dumps({"status": "ok", "message-type": "work", "message": item}), context).papers[0]


# One work


def test_a_proceedings_article_resolves_to_cvpr_with_its_authors_abstract_and_preprint(fixture_text, context):
    result = parse(fixture_text("crossref/work.json"), context)
    assert result.errors == [] and result.people == []
    assert [bare(paper) for paper in result.papers] == [
        PaperDraft(
            line=1,
            title="Folding Light Fields With Sparse Voxel Priors",
            authors=[
                AuthorDraft("Tamsin Varga", affiliation="University of Nowhere", ids={"orcid": OWNER}),
                AuthorDraft("Ilyas Brennan", affiliation="Institute of Somewhere; Lab of Elsewhere"),
            ],
            venue_text=CVPR_2023,
            venue_acronym="CVPR",
            year=2023,
            date="2023-06-17",
            kind="conference",
            doi="10.1109/cvpr52729.2023.01234",
            arxiv_id="2211.04567",  # its has-preprint relation to arXiv's DOI
            links=[
                LinkDraft("doi", "https://doi.org/10.1109/CVPR52729.2023.01234"),
                LinkDraft("pdf", "https://example.org/cvpr/01234.pdf"),
            ],
            # The JATS title dropped, MathML read from its TeX, the paragraphs kept apart.
            abstract=(
                "We bound the error of sparse voxel light fields by O(n²) and render them in real time."
                "\n\nCode & data are public."
            ),
            pages="12840-12849",
            publisher="Imaginary Press",
            citation_counts={"crossref": 12},
        )
    ]
    assert json.loads(result.papers[0].raw)["DOI"] == "10.1109/CVPR52729.2023.01234"


# A list of works


def test_every_item_with_a_title_is_a_paper_and_the_others_are_errors(listing):
    assert [paper.line for paper in listing.papers] == [1, 2, 3, 6, 7]
    assert listing.errors == [
        ParseError(4, "the work has no title"),
        ParseError(5, "the DOI 10.5555/jir.2021.0007 repeats record 1"),
    ]
    assert json.loads(listing.errors[1].raw)["title"] == ["Robots and Rivers"]


def test_a_journal_article_with_markup_a_subtitle_an_organisation_and_a_year_alone(by_line):
    assert bare(by_line[1]) == PaperDraft(
        line=1,
        title="Robots & Rivers: Mapping Shallow H2O with Cheap Sonar: A Field Study",
        authors=[
            AuthorDraft("Q. Oduya"),
            AuthorDraft("The Shallow Water Consortium"),
            AuthorDraft("Tamsin Varga", ids={"orcid": OWNER}),
        ],
        venue_text="Journal of Imaginary Robotics",
        year=2021,
        date="2021",
        kind="journal",
        doi="10.5555/jir.2021.0007",
        links=[LinkDraft("doi", "https://doi.org/10.5555/JIR.2021.0007")],
        volume="14",
        number="3",
        pages="201-219",
        publisher="Imaginary Press",
        citation_counts={"crossref": 3},
    )


def test_posted_content_with_an_arxiv_doi_is_a_preprint_with_its_arxiv_id(by_line):
    paper = by_line[2]
    assert (paper.kind, paper.doi, paper.arxiv_id, paper.date) == (
        "preprint",
        "10.48550/arxiv.2211.04567",
        "2211.04567",
        "2022-11-08",
    )
    assert [author.name for author in paper.authors] == ["Tamsin Varga", "Ilyas Brennan"]
    assert paper.owner_listed is False


def test_a_work_without_authors_has_an_incomplete_empty_list_and_a_null_date_is_no_date(by_line):
    paper = by_line[3]
    assert (paper.title, paper.authors, paper.authors_complete) == ("Editorial Board", [], False)
    assert (paper.year, paper.date) == (None, "")


def test_a_book_chapter_takes_the_book_as_venue_and_ignores_editors_and_nameless_authors(by_line):
    paper = by_line[6]
    assert (paper.kind, paper.venue_text, paper.pages, paper.date) == (
        "book",
        "A Field Guide to Lattice Methods",
        "77-95",
        "2019-11",
    )
    assert (paper.authors, paper.authors_complete) == ([AuthorDraft("Renata Vogl")], False)


def test_a_dissertation_is_a_thesis(by_line):
    assert (by_line[7].kind, by_line[7].title, by_line[7].year) == ("thesis", "On Shallow Graphs", 2016)


# Rules, one at a time


def test_the_event_names_the_venue_of_a_proceedings_article_without_container(context):
    item = {"title": ["T"], "type": "proceedings-article", "event": {"name": CVPR_2023}}
    paper = one(item, context)
    assert (paper.venue_text, paper.venue_acronym, paper.year, paper.date) == (
        CVPR_2023,
        "CVPR",
        2023,
        "2023",
    )


def test_the_short_container_title_gives_the_acronym_the_long_one_does_not(context):
    item = {
        "title": ["T"],
        "container-title": ["Proc. Imaginary Vision Meeting"],
        "short-container-title": ["CVPR"],
    }
    assert (one(item, context).venue_text, one(item, context).venue_acronym) == (
        "Proc. Imaginary Vision Meeting",
        "CVPR",
    )


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ({"issued": {"date-parts": [[2023, 6, 18]]}}, (2023, "2023-06-18")),
        ({"issued": {"date-parts": [[2023, 6]]}}, (2023, "2023-06")),
        ({"issued": {"date-parts": [["2023", "06"]]}}, (2023, "2023-06")),
        (
            {"issued": {"date-parts": [[None]]}, "published-online": {"date-parts": [[2022, 1, 5]]}},
            (2022, "2022-01-05"),
        ),
        ({"issued": {"date-parts": [[2023, 13, 1]]}}, (2023, "2023")),
        ({"issued": {"date-parts": []}}, (None, "")),
        ({"issued": None}, (None, "")),
    ],
)
def test_dates_keep_the_precision_of_their_parts(dates, expected, context):
    paper = one({"title": ["T"], **dates}, context)
    assert (paper.year, paper.date) == expected


def test_a_preprint_relation_with_an_arxiv_id_type_also_gives_the_arxiv_id(context):
    relation = {"has-preprint": [{"id-type": "arxiv", "id": "2301.01234v3", "asserted-by": "subject"}]}
    assert one({"title": ["T"], "DOI": "10.1/x", "relation": relation}, context).arxiv_id == "2301.01234"


def test_a_relation_to_a_non_arxiv_preprint_gives_no_arxiv_id(context):
    relation = {
        "has-preprint": [{"id-type": "doi", "id": "10.1101/2023.01.01.123456", "asserted-by": "object"}]
    }
    assert one({"title": ["T"], "DOI": "10.1/x", "relation": relation}, context).arxiv_id == ""


def test_other_posted_content_is_not_a_preprint_and_unknown_types_are_other(context):
    assert one({"title": ["T"], "type": "posted-content", "subtype": "letter"}, context).kind == "other"
    assert one({"title": ["T"], "type": "posted-content"}, context).kind == "preprint"
    assert one({"title": ["T"], "type": "peer-review"}, context).kind == "other"


def test_title_tags_and_entities_are_plain_text_and_a_subtitle_already_in_the_title_is_not_repeated(context):
    item = {"title": ["<i>Deep</i> &amp; Wide:\n  A Study"], "subtitle": ["A study"]}
    assert one(item, context).title == "Deep & Wide: A Study"


def test_a_citation_count_that_is_not_a_number_is_left_out(context):
    assert one({"title": ["T"], "is-referenced-by-count": "many"}, context).citation_counts == {}


# Robustness


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "not JSON"),
        ('"a string"', "not an object"),
        ('{"status": "ok", "message-type": "member", "message": {}}', "message-type 'member'"),
        (
            '{"status": "failed", "message-type": "validation-failure", "message": [{"type": "x"}]}',
            "'failed'",
        ),
        ('{"status": "ok", "message-type": "work-list", "message": {"items": null}}', "lists no works"),
        ('{"status": "ok", "message-type": "work", "message": null}', "not a Crossref works response"),
    ],
)
def test_unreadable_responses_are_refused_as_a_whole_with_a_reason(text, reason, context):
    with pytest.raises(ParseError, match=reason) as refused:
        parse(text, context)
    assert refused.value.line == 0


def test_items_of_the_wrong_shape_or_with_nulls_are_errors_or_read_around(context):
    items = [
        None,
        {"title": None},
        {"title": ["Fine"], "author": None, "container-title": None, "link": [None, "x"], "relation": None,
         "page": None, "volume": 3, "abstract": None, "subtitle": [None]},
        {"title": ["Long " * 10_000], "author": [{"given": "A", "family": "B"}] * 2_000},
    ]  # fmt: skip
    result = parse(
        json.dumps({"status": "ok", "message-type": "work-list", "message": {"items": items}}), context
    )
    assert result.errors == [
        ParseError(1, "the record is not a JSON object"),
        ParseError(2, "the work has no title"),
    ]
    fine, long = result.papers
    assert (fine.line, fine.title, fine.volume, fine.authors, fine.authors_complete) == (
        3,
        "Fine",
        "3",
        [],
        False,
    )
    assert (long.line, len(long.authors), len(long.raw)) == (4, 2_000, 20_000)


# Detection


CROSSREF_FIXTURES = ["crossref/work.json", "crossref/works.json"]


@pytest.mark.parametrize("name", CROSSREF_FIXTURES)
def test_crossref_fixtures_are_detected_as_crossref(fixture_text, name):
    assert sniff(fixture_text(name)) == 100
    assert detect_format(fixture_text(name)) == "crossref"


def other_fixtures() -> list[Path]:
    return sorted(
        path
        for path in FIXTURES_DIR.rglob("*")
        if path.is_file() and "crossref" not in path.parts and not path.name.startswith("crossref_")
    )


@pytest.mark.parametrize("path", other_fixtures(), ids=lambda path: str(path.relative_to(FIXTURES_DIR)))
def test_no_other_fixture_is_taken_for_crossref(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    assert sniff(text) == 0
    assert detect_format(text) != "crossref"


# Through the pipeline


@pytest.mark.django_db
def test_a_work_list_ingests_its_papers_with_authors_and_venues(fixture_text):
    from papers.models import Paper
    from tests.ingest.helpers import ingest

    run = ingest(fixture_text("crossref/works.json"), "crossref")
    assert run.rejected == 2  # the item without a title and the repeated DOI
    stored = Paper.objects.order_by("title").values_list("title", "doi", "year", "kind")
    assert list(stored) == [
        ("Editorial Board", "10.5555/jir.2021.0000", None, "journal"),
        ("Folding Light Fields with Sparse Voxel Priors", "10.48550/arxiv.2211.04567", 2022, "preprint"),
        ("Lattices in the Wild", "10.1007/978-3-000-00000-1_4", 2019, "book"),
        ("On Shallow Graphs", "10.5555/thesis.varga.2016", 2016, "thesis"),
        (
            "Robots & Rivers: Mapping Shallow H2O with Cheap Sonar: A Field Study",
            "10.5555/jir.2021.0007",
            2021,
            "journal",
        ),
    ]
    robots = Paper.objects.get(doi="10.5555/jir.2021.0007")
    names = list(robots.authorships.order_by("position").values_list("name", flat=True))
    assert names == ["Q. Oduya", "The Shallow Water Consortium", "Tamsin Varga"]
    assert (robots.venue_text, robots.volume, robots.pages) == (
        "Journal of Imaginary Robotics",
        "14",
        "201-219",
    )


@pytest.mark.django_db
def test_a_cvpr_work_ingests_into_the_cvpr_2023_edition(fixture_text):
    from papers.models import Paper
    from tests.ingest.helpers import ingest

    run = ingest(fixture_text("crossref/work.json"), "auto")
    assert (run.detected_format, run.rejected) == ("crossref", 0)
    paper = Paper.objects.get()
    assert (paper.title, paper.doi, paper.arxiv_id, paper.year, paper.kind) == (
        "Folding Light Fields With Sparse Voxel Priors",
        "10.1109/cvpr52729.2023.01234",
        "2211.04567",
        2023,
        "conference",
    )
    assert (paper.venue_edition.venue.acronym, paper.venue_edition.year) == ("CVPR", 2023)
    names = list(paper.authorships.order_by("position").values_list("name", flat=True))
    assert names == ["Tamsin Varga", "Ilyas Brennan"]


# Shapes met in real responses


def test_a_dissertation_dated_only_by_its_approval_takes_that_year(context):
    item = {"title": ["Quiet Harbours"], "type": "dissertation", "issued": {"date-parts": [[None]]}}
    paper = one({**item, "approved": {"date-parts": [[2024, 3, 9]]}}, context)
    assert (paper.year, paper.date, paper.kind) == (2024, "2024-03-09", "thesis")


def test_an_undated_proceedings_paper_takes_the_start_of_its_event(context):
    event = {"name": "Workshop on Paper Boats 2019", "start": {"date-parts": [[2019, 7, 30]]}}
    item = {"title": ["Folding"], "type": "proceedings-article", "issued": {"date-parts": [[None]]}}
    paper = one({**item, "event": event}, context)
    assert (paper.year, paper.date) == (2019, "2019-07-30")
    journal = one({**item, "type": "journal-article", "event": event}, context)
    assert journal.year is None


def test_an_empty_title_gives_way_to_the_original_language_title_and_its_subtitle(context):
    item = {"title": [""], "original-title": ["Ein Garten am Meer"], "subtitle": ["Zweiter Teil"]}
    assert one(item, context).title == "Ein Garten am Meer: Zweiter Teil"
