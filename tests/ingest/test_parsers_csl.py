"""The CSL-JSON parser: Zotero's, Pandoc's and Crossref's citation items to paper drafts."""

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ingest.parsers import detect_format
from ingest.parsers import parse as parse_any
from ingest.parsers.csl import parse, sniff
from ingest.parsers.drafts import AuthorDraft, LinkDraft, PaperDraft, ParseContext, ParseError
from papers.models import Paper
from tests.ingest.helpers import counts, ingest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def context(venue_aliases) -> ParseContext:
    return ParseContext(observed_at=date(2025, 6, 1), venue_aliases=venue_aliases)


def bare(paper: PaperDraft) -> PaperDraft:
    return replace(paper, raw="")


def authors(*names: str) -> list[AuthorDraft]:
    return [AuthorDraft(name) for name in names]


def one(item: dict, context: ParseContext) -> PaperDraft:
    result = parse(json.dumps([item]), context)
    assert result.errors == [] and len(result.papers) == 1
    return result.papers[0]


def item(**fields) -> dict:
    return {"id": "x", "type": "article-journal", "title": "A Title", **fields}


# A reference manager's export


def test_a_zotero_export_gives_every_item_with_its_fields(fixture_text, context):
    result = parse(fixture_text("csl/zotero.json"), context)
    assert result.errors == []
    assert [bare(paper) for paper in result.papers] == [
        PaperDraft(
            line=1, title="Density Tokens for Counting Overlapping Objects",
            authors=authors("Mira Okafor", "Pieter Van Gool", "Sara Lindqvist"),
            venue_text="IEEE Transactions on Pattern Analysis and Machine Intelligence",
            venue_acronym="TPAMI", year=2022, date="2022-08-03", kind="journal",
            doi="10.1109/tpami.2022.3190001",
            abstract="We count objects that overlap by predicting a small set of density tokens per image.",
            volume="45", number="3", pages="1201-1210",
        ),
        PaperDraft(
            line=2, title="Rolling-Shutter Depth from Sparse Lattice Priors",
            authors=authors("Priya Raman", "Kenji Okabe"),
            venue_text="Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition",
            venue_acronym="CVPR", year=2023, date="2023-06", kind="conference",
            doi="10.1109/cvpr52729.2023.09911",
            links=[LinkDraft("code", "https://github.com/example-lab/lattice-depth")],
            pages="659-669", publisher="IEEE",
        ),
        PaperDraft(
            line=3, title="Self-Supervised Depth from Event Streams",
            authors=authors("Marta Quintero", "Tomás de la Cruz"),
            year=2025, date="2025-02-06", kind="preprint", doi="10.48550/arxiv.2502.04321",
            arxiv_id="2502.04321",  # its URL is its arXiv page: the id says it
            abstract="Event cameras report brightness changes; we learn depth from them without labels.",
            publisher="arXiv",
        ),
        PaperDraft(
            line=4, title="Learning to See Through Fog", authors=authors("Sara Lindqvist"),
            year=2021, date="2021", kind="thesis", publisher="Example University",
        ),
        PaperDraft(
            line=5, title="Counting in Crowds", authors=authors("Mira Okafor"),  # the editor is not one
            venue_text="Handbook of Visual Counting", year=2020, date="2020", kind="book", pages="45-67",
            publisher="Springer",
        ),
    ]  # fmt: skip


def test_an_item_keeps_its_json_as_raw(fixture_text, context):
    paper = parse(fixture_text("csl/zotero.json"), context).papers[3]
    assert json.loads(paper.raw)["id"] == "1234567/MNOP3456"


def test_crossrefs_csl_gives_orcids_and_its_citation_count(fixture_text, context):
    result = parse(fixture_text("csl/crossref_item.json"), context)
    assert [bare(paper) for paper in result.papers] == [
        PaperDraft(
            line=1, title="Density Tokens for Counting Overlapping Objects",
            authors=[
                AuthorDraft("Mira Okafor", ids={"orcid": "0000-0003-1234-5674"}),
                AuthorDraft("Pieter Van Gool"),
                AuthorDraft("Sara Lindqvist"),  # an ORCID whose check digit is wrong is none
            ],
            venue_text="IEEE Transactions on Pattern Analysis and Machine Intelligence",
            venue_acronym="TPAMI", year=2022, date="2022-08-03", kind="journal",
            doi="10.1109/tpami.2022.3190001",
            volume="45", number="3", pages="1201-1210",
            publisher="Institute of Electrical and Electronics Engineers (IEEE)",
            citation_counts={"crossref": 17},
        )
    ]  # fmt: skip


# Awkward items


@pytest.fixture
def awkward(fixture_text, context):
    return parse(fixture_text("csl/awkward.json"), context)


def test_html_in_titles_literal_names_particles_suffixes_and_raw_dates(awkward):
    assert bare(awkward.papers[0]) == PaperDraft(
        line=1, title="k-Nearest Tokens for Sparse & Dense Matching",
        authors=authors("The Example Consortium", "Ludwig van Beethoven", "John Smith Jr.", "Shu Min Teo"),
        venue_text="CVPR 2023 (Oral)", venue_acronym="CVPR", year=2023, date="2023", kind="conference",
        presentation="oral", volume="12",
    )  # fmt: skip


def test_an_item_without_a_title_and_one_that_is_no_object_are_rejected(awkward):
    assert [(error.line, error.reason) for error in awkward.errors] == [
        (2, "the item has no title"),
        (4, "the item is a JSON str, not an object"),
    ]
    assert json.loads(awkward.errors[0].raw)["id"] == "no-title"
    assert awkward.errors[1].raw == '"not an item"'
    assert [paper.line for paper in awkward.papers] == [1, 3, 5, 6, 7, 8]


def test_a_null_author_list_a_literal_date_and_an_unknown_type(awkward):
    assert bare(awkward.papers[1]) == PaperDraft(
        line=3, title="Notes on Fog Rendering", authors_complete=False, year=2019, date="2019", kind="other",
        links=[LinkDraft("code", "https://github.com/example-lab/fog-notes")],
    )  # fmt: skip


def test_string_date_parts_a_citation_key_and_an_arxiv_url(awkward):
    expected = PaperDraft(
        line=5, title="Tokens All the Way Down", authors=authors("Priya Raman"), year=2024, date="2024-01",
        kind="preprint", arxiv_id="2401.05678", citation_key="raman2024tokens",
    )  # fmt: skip
    assert bare(awkward.papers[2]) == expected
    assert bare(awkward.papers[3]) == replace(expected, line=6)  # a repeated item is read again


def test_an_et_al_name_a_doi_address_wrapped_title_and_a_season_month(awkward):
    assert bare(awkward.papers[4]) == PaperDraft(
        line=7, title="Counting Overlapping Objects", authors=authors("Mira Okafor"), authors_complete=False,
        venue_text="Journal of Invented Results", year=2018, date="2018", kind="journal",
        doi="10.1000/example.42", pages="7",
    )  # fmt: skip


def test_an_arxiv_archive_location_makes_a_report_a_preprint(awkward):
    assert bare(awkward.papers[5]) == PaperDraft(
        line=8, title="A Report Filed on arXiv", authors_complete=False, year=2023, date="2023-05-31",
        kind="preprint", arxiv_id="2305.00012",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("issued", "year", "when"),
    [
        ({"date-parts": [[2023, 6, 18]]}, 2023, "2023-06-18"),
        ({"date-parts": [[2023, 6]]}, 2023, "2023-06"),
        ({"date-parts": [[2023]]}, 2023, "2023"),
        ({"date-parts": [["2023", "6"]]}, 2023, "2023-06"),
        ({"date-parts": [[2023, 2, 30]]}, 2023, "2023-02"),
        ({"date-parts": [[2023, 22]]}, 2023, "2023"),  # 21-24 are CSL's seasons
        ({"raw": "2023-06-18"}, 2023, "2023-06-18"),
        ({"literal": "Spring 2023"}, 2023, "2023"),
        ("2023-06", 2023, "2023-06"),
        ({"date-parts": [[]]}, None, ""),
        (None, None, ""),
        ([2023], None, ""),
    ],
)
def test_dates_keep_the_precision_they_are_given_with(issued, year, when, context):
    paper = one(item(issued=issued), context)
    assert (paper.year, paper.date) == (year, when)


def test_the_print_date_stands_in_for_a_missing_issued_date(context):
    paper = one(item(**{"published-print": {"date-parts": [[2021, 3]]}}), context)
    assert (paper.year, paper.date) == (2021, "2021-03")


@pytest.mark.parametrize(
    ("person", "name"),
    [
        ({"family": "Fontaine", "given": "Jean", "non-dropping-particle": "de la"}, "Jean de la Fontaine"),
        ({"family": "Okafor"}, "Okafor"),
        ({"given": "Plato"}, "Plato"),
        ({"literal": "  The   ACME Consortium "}, "The ACME Consortium"),
        ("Okafor, Mira", "Mira Okafor"),  # not CSL, but written by some tools
    ],
)
def test_names_are_read_in_reading_order(person, name, context):
    assert one(item(author=[person]), context).authors == authors(name)


def test_an_author_list_of_no_names_is_not_complete(context):
    assert one(item(author=[{}, 7]), context).authors_complete is False


@pytest.mark.parametrize(
    ("fields", "kind", "acronym"),
    [
        (
            {"type": "paper-conference", "container-title": "Some Proceedings", "event-title": "CVPR 2023"},
            "conference", "CVPR",
        ),
        ({"container-title": "Some Journal", "container-title-short": "IEEE TPAMI"}, "journal", "TPAMI"),
        ({"container-title": "arXiv preprint arXiv:2301.01234"}, "preprint", "arXiv"),
        ({"type": "manuscript"}, "other", ""),
        ({"type": "dataset", "URL": "https://arxiv.org/abs/2301.01234"}, "preprint", ""),
    ],
)  # fmt: skip
def test_types_and_venues_give_kinds_and_acronyms(fields, kind, acronym, context):
    paper = one(item(**fields), context)
    assert (paper.kind, paper.venue_acronym) == (kind, acronym)


def test_numbers_and_lists_where_strings_are_expected_are_read(context):
    paper = one(
        item(title=["A Listed Title"], volume=45, issue=3, page=7, DOI=None, PMID="31452104"), context
    )
    assert (paper.title, paper.volume, paper.number, paper.pages, paper.doi) == (
        "A Listed Title",
        "45",
        "3",
        "7",
        "",
    )
    assert paper.ids == {"pmid": "31452104"}


def test_a_very_long_abstract_is_kept_and_its_raw_text_is_cut(context):
    paper = one(item(abstract="word " * 30_000), context)
    assert len(paper.abstract) == len("word " * 30_000) - 1
    assert len(paper.raw) == 20_000


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[{not json", "not JSON"),
        ("[]", "holds no item"),
        ('"a string"', "expected an array"),
        ('{"message": {"items": []}}', "expected an array"),
    ],
)
def test_input_that_is_not_csl_json_is_unreadable_as_a_whole(text, reason, context):
    with pytest.raises(ParseError, match=reason) as raised:
        parse(text, context)
    assert raised.value.line == 0


# Detection


def test_an_array_of_items_or_one_item_is_csl():
    assert (
        sniff(
            '[\n  {"id": "a", "type": "article-journal", "title": "T", "issued": {"date-parts": [[2020]]}}]'
        )
        == 100
    )
    assert sniff('{"type": "book", "id": "b", "author": [{"family": "F"}]}') == 100
    # The head of a long file is cut short: its first item is enough.
    assert sniff('[{"id": "a", "type": "chapter", "title": "T", "author": []}, {"id": "b", "ty') == 100


@pytest.mark.parametrize(
    "data",
    [
        {"status": "ok", "message-type": "work", "message": {"type": "journal-article", "title": ["T"]}},
        {
            "type": "journal-article",
            "title": ["T"],
            "author": [],
            "container-title": ["J"],
        },  # a Crossref work
        {
            "meta": {"count": 1},
            "results": [{"id": "https://openalex.org/W1", "title": "T", "type": "article"}],
        },
        {"id": "https://openalex.org/W1", "title": "T", "type": "article", "publication_year": 2020},
        {"total": 1, "offset": 0, "data": [{"paperId": "abc", "title": "T", "year": 2020}]},
        [{"paperId": "abc", "title": "T", "authors": [{"authorId": "1", "name": "A"}]}],
        {"last-modified-date": None, "group": [{"work-summary": [{"type": "journal-article"}]}]},
        {"bulk": [{"work": {"type": "journal-article", "title": {"title": {"value": "T"}}}}]},
        [{"type": "article-journal", "title": "T"}],  # no CSL key at all
        [{"type": "article-journal", "title": "T", "author": ["A. Name"]}],
        [],
        "text",
    ],
)
def test_the_other_sources_json_is_not_csl(data):
    assert sniff(json.dumps(data)) == 0


def test_text_that_is_no_json_is_not_csl():
    assert sniff("TY  - JOUR\n") == sniff("@article{k,}") == sniff("[broken") == 0


@pytest.mark.parametrize("name", ["csl/zotero.json", "csl/awkward.json", "csl/crossref_item.json"])
def test_the_csl_fixtures_are_detected_as_csl(fixture_text, name):
    assert detect_format(fixture_text(name)) == "csl"
    assert parse_any(fixture_text(name), "auto").format == "csl"


def test_no_other_fixture_is_detected_as_csl():
    others = [
        path
        for path in FIXTURES.rglob("*")
        if path.is_file() and "csl" not in path.parts and not path.name.startswith("csl_")
    ]
    assert others
    claimed = [path.name for path in others if sniff(path.read_text(encoding="utf-8", errors="replace"))]
    assert claimed == []


# Through the pipeline


@pytest.mark.django_db
def test_a_csl_export_is_stored_and_reingesting_it_changes_nothing(fixture_text):
    run = ingest(fixture_text("csl/zotero.json"), "csl")
    assert counts(run) == {
        "records": 5,
        "created": 5,
        "merged": 0,
        "unchanged": 0,
        "needs_review": 0,
        "rejected": 0,
    }
    stored = {paper.title: paper for paper in Paper.objects.select_related("venue_edition__venue")}
    conference = stored["Rolling-Shutter Depth from Sparse Lattice Priors"]
    assert (conference.doi, conference.year, conference.date) == (
        "10.1109/cvpr52729.2023.09911",
        2023,
        "2023-06",
    )
    assert (conference.venue_edition.venue.acronym, conference.kind) == ("CVPR", "conference")
    preprint = stored["Self-Supervised Depth from Event Streams"]
    names = [row.name for row in preprint.authorships.order_by("position")]
    assert (names, preprint.arxiv_id) == (["Marta Quintero", "Tomás de la Cruz"], "2502.04321")
    assert stored["Learning to See Through Fog"].kind == "thesis"
    again = ingest(fixture_text("csl/zotero.json"), "csl")
    assert counts(again)["unchanged"] == again.records == 5


@pytest.mark.django_db
def test_the_same_paper_from_ris_and_from_csl_is_one_paper(fixture_text):
    ingest(fixture_text("ris/zotero.ris"), "ris")
    run = ingest(fixture_text("csl/zotero.json"), "auto")
    assert (run.detected_format, run.created) == ("csl", 0)
    assert Paper.objects.count() == 5


# Crossref's CSL as content negotiation and /transform give it today: Crossref's own types


def crossref_csl(**fields) -> dict:
    return {
        "DOI": "10.5555/kelp.2",
        "type": "journal-article",
        "source": "Crossref",
        "title": "Kelp Forests at Night",
        "subtitle": ["What the divers saw"],
        "container-title": "Journal of Quiet Seas",
        "original-title": [],
        "author": [{"given": "Ilse", "family": "Marrow", "sequence": "first", "affiliation": []}],
        "issued": {"date-parts": [[2021, 4]]},
        **fields,
    }


def test_crossrefs_csl_with_crossrefs_own_type_is_csl_with_its_kind_and_subtitle(context):
    text = json.dumps(crossref_csl())
    assert detect_format(text) == "csl"
    paper = parse(text, context).papers[0]
    assert paper.title == "Kelp Forests at Night: What the divers saw"
    assert (paper.kind, paper.year) == ("journal", 2021)


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"type": "posted-content", "subtype": "preprint", "container-title": []}, "preprint"),
        ({"type": "posted-content", "subtype": "other", "container-title": []}, "other"),
        ({"type": "posted-content", "container-title": []}, "preprint"),
        ({"type": "monograph"}, "book"),
        ({"type": "proceedings-article"}, "conference"),
    ],
)
def test_crossref_types_and_subtypes_give_kinds_and_an_empty_container_list_still_csl(fields, kind, context):
    text = json.dumps(crossref_csl(**fields))
    assert detect_format(text) == "csl"
    assert parse(text, context).papers[0].kind == kind


def test_a_jats_abstract_loses_its_heading_and_keeps_its_paragraphs(context):
    abstract = "<jats:title>Abstract</jats:title><jats:p>Kelp sways.</jats:p><jats:p>Fish sleep.</jats:p>"
    assert one(crossref_csl(abstract=abstract), context).abstract == "Kelp sways.\n\nFish sleep."
