"""The ORCID parser: API v3.0 works summaries, one work's details and bulk details to drafts."""

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ingest.parsers import detect_format
from ingest.parsers.drafts import AuthorDraft, LinkDraft, PaperDraft, ParseContext, ParseError, ParseResult
from ingest.parsers.orcid import parse, sniff
from tests.conftest import FIXTURES_DIR

OWNER = "0000-0003-1234-5674"
CVPR_2023 = "2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"


@pytest.fixture
def context(venue_aliases) -> ParseContext:
    return ParseContext(observed_at=date(2025, 6, 1), venue_aliases=venue_aliases)


@pytest.fixture
def works(fixture_text, context) -> ParseResult:
    return parse(fixture_text("orcid/works.json"), context)


@pytest.fixture
def by_put_code(works) -> dict[str, PaperDraft]:
    return {paper.ids["orcid_put_code"]: paper for paper in works.papers}


def bare(paper: PaperDraft) -> PaperDraft:
    """The draft without its raw text (checked on its own)."""
    return replace(paper, raw="")


def listed(**fields) -> PaperDraft:
    """A draft as a works summary gives it: no contributors, the owner's work."""
    return PaperDraft(authors_complete=False, owner_listed=True, **fields)


def one_work(work: dict, context: ParseContext) -> ParseResult:
    return parse(json.dumps({"path": f"/{OWNER}/work/1", "put-code": 1, **work}), context)


# Works summary: one paper per group


def test_each_group_with_a_title_is_one_paper_and_the_one_without_is_an_error(works):
    assert [paper.line for paper in works.papers] == [1, 2, 3, 4, 5, 6, 8]
    assert works.errors == [ParseError(7, "the work has no title")]
    assert '"put-code": 71000109' in works.errors[0].raw


def test_a_preprint_and_its_conference_version_are_one_paper_from_the_published_summary(by_put_code):
    paper = by_put_code["71000102"]
    assert bare(paper) == listed(
        line=1,
        title="Folding Light Fields With Sparse Voxel Priors",
        venue_text=CVPR_2023,
        venue_acronym="CVPR",
        year=2023,
        date="2023-06-17",
        kind="conference",
        doi="10.1109/cvpr52729.2023.01234",
        arxiv_id="2211.04567",
        links=[LinkDraft("doi", "https://doi.org/10.1109/CVPR52729.2023.01234")],
        ids={"orcid_put_code": "71000102"},
    )
    assert "71000101" not in by_put_code  # the preprint's summary gave no paper of its own
    assert json.loads(paper.raw)["work-summary"][0]["put-code"] == 71000101


def test_a_work_without_a_doi_keeps_its_year_alone_and_entities_are_decoded(by_put_code):
    assert bare(by_put_code["71000103"]) == listed(
        line=2,
        title='Robots & Rivers: Mapping Shallow Water with "Cheap" Sonar',
        venue_text="Journal of Imaginary Robotics",
        year=2021,
        date="2021",
        kind="journal",
        ids={"orcid_put_code": "71000103"},
    )


def test_a_book_known_by_its_isbn_alone_has_no_doi_and_no_venue(by_put_code):
    assert bare(by_put_code["71000104"]) == listed(
        line=3,
        title="A Field Guide to Lattice Methods",
        year=2019,
        date="2019-11",
        kind="book",
        ids={"orcid_put_code": "71000104"},
    )


def test_summaries_with_different_titles_give_the_title_of_the_highest_display_index(by_put_code):
    assert bare(by_put_code["71000105"]) == listed(
        line=4,
        title="Sparse Lattices: A Study of Thin Graphs",
        venue_text="IEEE Transactions on Pattern Analysis and Machine Intelligence",
        venue_acronym="TPAMI",
        year=2022,
        date="2022-03",
        kind="journal",
        doi="10.1109/tpami.2022.3150001",
        ids={"orcid_put_code": "71000105"},
    )


def test_the_original_title_is_kept_over_its_translation(by_put_code):
    paper = by_put_code["71000107"]
    assert (paper.title, paper.date, paper.doi) == (
        "Über dünne Gitter und ihre Färbungen",
        "2020-09-01",
        "10.5555/zfg.2020.0007",
    )


def test_a_translated_title_stands_in_when_the_original_is_missing(context):
    title = {"title": None, "translated-title": {"value": "On Thin Lattices", "language-code": "en"}}
    assert one_work({"title": title}, context).papers[0].title == "On Thin Lattices"


def test_a_version_of_doi_is_not_the_papers_doi_but_its_arxiv_preprint_is_noted(by_put_code):
    paper = by_put_code["71000108"]
    assert (paper.doi, paper.arxiv_id, paper.kind) == ("10.5555/jir.2022.0042", "2111.00077", "journal")


def test_part_of_ids_do_not_identify_the_work(context):
    ids = [
        {
            "external-id-type": "doi",
            "external-id-value": "10.5555/whole-book",
            "external-id-relationship": "part-of",
        }
    ]
    paper = one_work(
        {"title": {"title": {"value": "A Chapter"}}, "external-ids": {"external-id": ids}}, context
    )
    assert paper.papers[0].doi == ""


def test_nulls_and_an_unknown_type_give_a_paper_without_date_of_kind_other(by_put_code):
    assert bare(by_put_code["71000110"]) == listed(
        line=8, title="Keynote: Lattices Everywhere", kind="other", ids={"orcid_put_code": "71000110"}
    )


def test_the_owner_is_the_orcid_of_the_records_path(works):
    assert [(person.line, person.name, person.ids) for person in works.people] == [(1, "", {"orcid": OWNER})]


# One work's details, and the bulk details


def test_a_works_details_give_its_authors_with_their_orcids_and_not_its_editors(fixture_text, context):
    result = parse(fixture_text("orcid/work.json"), context)
    assert result.errors == []
    assert [bare(paper) for paper in result.papers] == [
        PaperDraft(
            line=1,
            title="Folding Light Fields With Sparse Voxel Priors",
            authors=[
                AuthorDraft("Tamsin Varga", ids={"orcid": OWNER}),
                AuthorDraft("Ilyas Brennan", ids={"orcid": "0000-0002-9876-5436"}),
                AuthorDraft("Q. Oduya"),
            ],
            venue_text=CVPR_2023,
            venue_acronym="CVPR",
            year=2023,
            date="2023-06-17",
            kind="conference",
            doi="10.1109/cvpr52729.2023.01234",
            arxiv_id="2211.04567",  # a version-of arXiv id ("2211.04567v2"), without its version
            links=[LinkDraft("doi", "https://doi.org/10.1109/CVPR52729.2023.01234")],
            # The short description's HTML paragraphs; the citation is not read beside contributors.
            abstract="We fold light fields into sparse voxels & render them in real time."
            "\n\nCode is released.",
            ids={"orcid_put_code": "71000102"},
            owner_listed=True,
        )
    ]
    assert [person.ids for person in result.people] == [{"orcid": OWNER}]


@pytest.fixture
def bulk(fixture_text, context) -> ParseResult:
    return parse(fixture_text("orcid/bulk.json"), context)


def test_without_contributors_the_bibtex_citation_gives_authors_volume_pages_and_venue(bulk):
    assert bare(bulk.papers[0]) == PaperDraft(
        line=1,
        title="Graph Cuts for Shallow Water",
        authors=[AuthorDraft("Varga, Tamsin"), AuthorDraft("Brennan, Ilyas"), AuthorDraft("Oduya, Q.")],
        venue_text="Proceedings of the IEEE International Conference on Computer Vision (ICCV)",
        venue_acronym="ICCV",
        year=2017,
        date="2017-10",
        kind="conference",
        citation_key="Varga2017graph",
        volume="2",
        pages="101-109",
        publisher="IEEE",
        ids={"orcid_put_code": "71000111"},
        owner_listed=True,
    )


def test_a_bulk_error_item_is_an_error_with_orcids_message_and_the_rest_goes_in(bulk):
    assert [paper.line for paper in bulk.papers] == [1, 3]
    message = (
        "404 Not Found: The resource was not found. Full validation error: No entity found with id 71000199"
    )
    assert bulk.errors == [ParseError(2, f"ORCID error 404: {message}")]
    assert json.loads(bulk.errors[0].raw)["error"]["error-code"] == 9016
    assert [person.ids for person in bulk.people] == [{"orcid": OWNER}]


def test_a_contributor_without_a_name_makes_the_author_list_incomplete(bulk):
    paper = bulk.papers[1]
    assert paper.authors == [AuthorDraft("Ilyas Brennan", ids={"orcid": "0000-0002-9876-5436"})]
    assert paper.authors_complete is False


def test_a_work_with_neither_contributors_nor_citation_has_an_incomplete_empty_author_list(context):
    paper = one_work(
        {"title": {"title": {"value": "Alone"}}, "contributors": {"contributor": None}}, context
    ).papers[0]
    assert (paper.authors, paper.authors_complete) == ([], False)


# Robustness


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "not an object"),
        ('{"status": "ok"}', 'no "group", "bulk" or "put-code"'),
        (json.dumps({"group": None}), "lists no works"),
        ("[" * 100_000, "not JSON"),
    ],
)
def test_unreadable_responses_are_refused_as_a_whole_with_a_reason(text, reason, context):
    with pytest.raises(ParseError, match=reason) as refused:
        parse(text, context)
    assert refused.value.line == 0


def test_odd_records_are_errors_of_their_own_and_the_rest_still_goes_in(context):
    good = {"put-code": 5, "title": {"title": {"value": "Good"}}, "type": "journal-article"}
    groups = [
        {"work-summary": None},
        "not a group",
        {"work-summary": [good]},
        {"work-summary": [{**good, "title": {"title": {"value": "Good again"}}}]},
        {
            "work-summary": [
                {"put-code": 6, "title": {"title": {"value": "x" * 50_000}}, "publication-date": []}
            ]
        },
    ]
    result = parse(json.dumps({"group": groups}), context)
    assert [(paper.line, paper.title[:4]) for paper in result.papers] == [(3, "Good"), (5, "xxxx")]
    assert result.errors == [
        ParseError(1, "the group holds no work summary"),
        ParseError(2, "the record is not a JSON object"),
        ParseError(4, "put-code 5 repeats record 3"),
    ]
    assert len(result.papers[1].raw) == 20_000


def test_partial_dates_keep_their_precision_and_nonsense_parts_are_dropped(context):
    def dated(year, month=None, day=None) -> str:
        parts = {"year": {"value": year}, "month": month and {"value": month}, "day": day and {"value": day}}
        return (
            one_work({"title": {"title": {"value": "T"}}, "publication-date": parts}, context).papers[0].date
        )

    assert [dated("2021"), dated("2021", "05"), dated("2021", "05", "03")] == [
        "2021",
        "2021-05",
        "2021-05-03",
    ]
    assert [dated("2021", "13", "03"), dated("2021", None, "03"), dated("21")] == ["2021", "2021", ""]


def test_an_arxiv_journal_title_makes_a_journal_article_a_preprint(context):
    work = {
        "title": {"title": {"value": "T"}},
        "type": "journal-article",
        "journal-title": {"value": "arXiv"},
    }
    assert one_work(work, context).papers[0].kind == "preprint"


# Detection


ORCID_FIXTURES = ["orcid/works.json", "orcid/work.json", "orcid/bulk.json"]


@pytest.mark.parametrize("name", ORCID_FIXTURES)
def test_orcid_fixtures_are_detected_as_orcid(fixture_text, name):
    assert sniff(fixture_text(name)) == 100
    assert detect_format(fixture_text(name)) == "orcid"


def other_fixtures() -> list[Path]:
    return sorted(
        path
        for path in FIXTURES_DIR.rglob("*")
        if path.is_file() and "orcid" not in path.parts and not path.name.startswith("orcid_")
    )


@pytest.mark.parametrize("path", other_fixtures(), ids=lambda path: str(path.relative_to(FIXTURES_DIR)))
def test_no_other_fixture_is_taken_for_orcid(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    assert sniff(text) == 0
    assert detect_format(text) != "orcid"


# Through the pipeline


@pytest.mark.django_db
def test_a_works_summary_ingests_one_paper_per_group(fixture_text):
    from papers.models import Paper
    from tests.ingest.helpers import ingest

    run = ingest(fixture_text("orcid/works.json"), "orcid", owner="Tamsin Varga")
    assert run.rejected == 1  # the summary without a title
    stored = Paper.objects.order_by("title").values_list("title", "doi", "arxiv_id", "year", "kind")
    assert list(stored) == [
        ("A Field Guide to Lattice Methods", "", "", 2019, "book"),
        ("Echoes in Sparse Sensor Networks", "10.5555/jir.2022.0042", "2111.00077", 2022, "journal"),
        (
            "Folding Light Fields With Sparse Voxel Priors",
            "10.1109/cvpr52729.2023.01234",
            "2211.04567",
            2023,
            "conference",
        ),
        ("Keynote: Lattices Everywhere", "", "", None, "other"),
        ('Robots & Rivers: Mapping Shallow Water with "Cheap" Sonar', "", "", 2021, "journal"),
        ("Sparse Lattices: A Study of Thin Graphs", "10.1109/tpami.2022.3150001", "", 2022, "journal"),
        ("Über dünne Gitter und ihre Färbungen", "10.5555/zfg.2020.0007", "", 2020, "journal"),
    ]
    cvpr = Paper.objects.get(doi="10.1109/cvpr52729.2023.01234")
    assert (cvpr.venue_edition.venue.acronym, cvpr.venue_edition.year) == ("CVPR", 2023)


@pytest.mark.django_db
def test_bulk_details_ingest_with_their_authors(fixture_text):
    from papers.models import Paper
    from tests.ingest.helpers import ingest

    run = ingest(fixture_text("orcid/bulk.json"), "orcid", owner="Tamsin Varga")
    assert run.rejected == 1  # the 404 item
    graph = Paper.objects.get(title="Graph Cuts for Shallow Water")
    names = list(graph.authorships.order_by("position").values_list("name", flat=True))
    assert names == ["Varga, Tamsin", "Brennan, Ilyas", "Oduya, Q."]
    assert (graph.year, graph.pages, graph.venue_edition.venue.acronym) == (2017, "101-109", "ICCV")
    thin = Paper.objects.get(doi="10.5555/thin.2024.1")
    assert (thin.title, thin.year, thin.authors_complete) == ("Thin Graphs, Thick Walls", 2024, False)


# Whole records and path-less works: shapes real clients hand over


def summary_group(put_code: int, title: str) -> dict:
    work = {"put-code": put_code, "title": {"title": {"value": title}}, "type": "JOURNAL_ARTICLE"}
    return {"external-ids": {"external-id": []}, "work-summary": [work]}


@pytest.mark.parametrize(
    "response",
    [
        {  # GET /{orcid}/record: the works sit in the activities summary
            "orcid-identifier": {"uri": f"https://orcid.org/{OWNER}", "path": OWNER, "host": "orcid.org"},
            "person": {"name": None},
            "activities-summary": {
                "educations": {"affiliation-group": []},
                "works": {"group": [summary_group(11, "Tidal Gardens"), summary_group(12, "Salt Roads")]},
            },
            "path": f"/{OWNER}",
        },
        {  # GET /{orcid}/activities
            "educations": {"affiliation-group": []},
            "works": {"group": [summary_group(11, "Tidal Gardens"), summary_group(12, "Salt Roads")]},
            "path": f"/{OWNER}/activities",
        },
    ],
)
def test_a_whole_record_or_its_activities_give_their_works_and_owner(response, context):
    text = json.dumps(response)
    result = parse(text, context)
    assert [paper.title for paper in result.papers] == ["Tidal Gardens", "Salt Roads"]
    assert result.errors == [] and [person.ids for person in result.people] == [{"orcid": OWNER}]
    assert detect_format(text) == "orcid"


def test_a_record_without_works_is_read_as_an_empty_listing(context):
    record = {"orcid-identifier": {"path": OWNER}, "activities-summary": {"works": {"group": []}}}
    result = parse(json.dumps(record), context)
    assert (result.papers, result.errors) == ([], [])


def test_a_work_without_a_path_is_known_by_its_external_ids(context):
    work = {
        "title": {"title": {"value": "Lanterns Over Water"}},
        "type": "journal-article",
        "external-ids": {
            "external-id": [
                {
                    "external-id-type": "doi",
                    "external-id-value": "10.5555/lantern.7",
                    "external-id-relationship": "self",
                }
            ]
        },
    }
    text = json.dumps(work, indent=2)
    assert detect_format(text) == "orcid"
    assert parse(text, context).papers[0].doi == "10.5555/lantern.7"
