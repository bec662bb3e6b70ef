"""The arXiv parser: the API's Atom feed (export.arxiv.org/api/query) to paper drafts."""

from dataclasses import replace
from datetime import date

import pytest

from ingest.parsers import detect_format
from ingest.parsers import parse as parse_any
from ingest.parsers.arxiv import parse, sniff
from ingest.parsers.drafts import AuthorDraft, LinkDraft, PaperDraft, ParseContext, ParseError
from tests.conftest import FIXTURES_DIR
from venues.index import VenueAliases

ADA = AuthorDraft("Ada Lovelace")
CHARLES = AuthorDraft("Charles Babbage")
LAB = "Analytical Engine Laboratory, London"
ARXIV_FIXTURES = ("arxiv/lovelace.xml", "arxiv/turing.xml", "arxiv/empty.xml", "arxiv/error.xml")


@pytest.fixture
def context(venue_aliases) -> ParseContext:
    return ParseContext(observed_at=date(2025, 6, 1), venue_aliases=venue_aliases)


@pytest.fixture
def catalogue(venue_aliases) -> ParseContext:
    """The catalogue with its venues' kinds, as a run passes it (ingest.context.catalogue_aliases)."""
    from venues.catalogue import catalogue_entries

    kinds = {entry["acronym"]: entry["kind"] for entry in catalogue_entries()}
    return ParseContext(observed_at=date(2025, 6, 1), venue_aliases=VenueAliases(venue_aliases, kinds=kinds))


@pytest.fixture
def feed(fixture_text, context):
    return parse(fixture_text("arxiv/lovelace.xml"), context)


@pytest.fixture
def by_id(feed) -> dict[str, PaperDraft]:
    return {paper.arxiv_id: paper for paper in feed.papers}


def links(arxiv_id: str) -> list[LinkDraft]:
    return [
        LinkDraft("arxiv", f"https://arxiv.org/abs/{arxiv_id}"),
        LinkDraft("pdf", f"https://arxiv.org/pdf/{arxiv_id}"),
    ]


def test_an_entry_with_wrapped_title_a_journal_ref_a_doi_and_an_affiliation(by_id):
    paper = by_id["2301.01234"]
    assert replace(paper, raw="") == PaperDraft(
        line=10,
        title="Sparse Prompts for Dense Matching: A Title That Wraps Across Two Lines",
        authors=[replace(ADA, affiliation=LAB), CHARLES],
        venue_text="Proc. CVPR 2023, pp. 1-8",
        venue_acronym="CVPR",
        year=2023,
        date="2023-01-03",
        kind="",  # the catalogue given without kinds: the pipeline takes the venue's (kind_for)
        doi="10.1109/cvpr52729.2023.01234",
        arxiv_id="2301.01234",
        links=[*links("2301.01234"), LinkDraft("doi", "http://dx.doi.org/10.1109/CVPR52729.2023.01234")],
        categories=["cs.CV", "cs.LG"],
        abstract=(
            "We match every pixel of one image to another with a handful of prompts. The abstract, "
            "also wrapped, says <more> than the title & keeps its entities."
        ),
    )
    assert paper.raw.startswith("<entry>\n    <id>http://arxiv.org/abs/2301.01234v2</id>")
    assert paper.raw.endswith("</entry>")


def test_with_the_catalogues_kinds_a_journal_ref_gives_the_venues_kind(fixture_text, catalogue):
    by_id = {paper.arxiv_id: paper for paper in parse(fixture_text("arxiv/lovelace.xml"), catalogue).papers}
    assert (by_id["2301.01234"].kind, by_id["2309.11111"].kind, by_id["math/0601001"].kind) == (
        "conference", "conference", "preprint"
    )  # fmt: skip
    turing = {paper.arxiv_id: paper for paper in parse(fixture_text("arxiv/turing.xml"), catalogue).papers}
    assert (turing["2412.12345"].kind, turing["2412.12345"].venue_acronym) == ("journal", "TPAMI")


def test_an_old_style_id_loses_its_version_and_keeps_its_archive(by_id):
    paper = by_id["math/0601001"]
    assert replace(paper, raw="") == PaperDraft(
        line=38,
        title="Notes on the Difference Engine",
        authors=[ADA],
        venue_text="arXiv",
        venue_acronym="arXiv",
        year=2006,
        date="2006-01-01",
        kind="preprint",
        arxiv_id="math/0601001",
        links=links("math/0601001"),
        categories=["math.HO"],  # "68Q05", an MSC class, is not an arXiv category
        abstract="Old-style identifiers name their archive.",
    )


def test_latex_in_a_title_is_kept_as_written_with_its_spaces_collapsed(by_id):
    paper = by_id["2405.06789"]
    assert paper.title == r"Sorting in $\mathcal{O}(n)$ Time for Almost Everything"
    assert paper.abstract == r"We sort. In $\mathcal{O}(n)$."
    assert paper.authors == [CHARLES, ADA]


def test_a_journal_ref_naming_no_known_venue_stays_a_preprint_with_the_day_of_its_first_version(by_id):
    paper = by_id["2405.06789"]  # v3 of a paper first posted on 2024-05-11
    assert (paper.kind, paper.venue_text, paper.venue_acronym) == (
        "preprint",
        "J. Fict. Comput. 12 (2024) 33-41",
        "",
    )
    assert (paper.year, paper.date, paper.doi) == (2024, "2024-05-11", "")


def test_a_known_venues_year_and_presentation_win_over_the_preprints(by_id):
    paper = by_id["2309.11111"]  # posted in September 2023, at ICLR 2024
    assert (paper.venue_acronym, paper.year, paper.date, paper.presentation) == (
        "ICLR",
        2024,
        "2024",
        "spotlight",
    )
    assert paper.authors == [replace(ADA, affiliation=f"{LAB}; Royal Institution of Fictions")]
    assert paper.categories == ["cs.LG", "stat.ML"]


def test_an_entry_without_a_title_is_an_error_for_that_entry(feed):
    assert [(error.line, error.reason) for error in feed.errors] == [
        (93, "the entry arXiv 2402.00002 has no title")
    ]
    assert "An entry whose title was lost." in feed.errors[0].raw
    assert len(feed.papers) == 4


def test_the_current_feed_shape_with_https_ids_and_namespaces_on_the_root(fixture_text, context):
    result = parse(fixture_text("arxiv/turing.xml"), context)
    first, second = result.papers
    assert replace(first, raw="") == PaperDraft(
        line=10,
        title="Can Machines Think in Tokens?",
        authors=[AuthorDraft("Alan Turing"), AuthorDraft("Joan Clarke")],
        venue_text="arXiv",
        venue_acronym="arXiv",
        year=2025,
        date="2025-01-02",
        kind="preprint",
        arxiv_id="2501.00042",
        links=links("2501.00042"),
        categories=["cs.CL", "cs.AI"],
        abstract="We ask the question again.",
    )
    assert (second.title, second.doi, second.venue_acronym, second.year, second.date) == (
        "Morphogenesis of Prompt Patterns", "10.1016/j.fict.2025.100001", "TPAMI", 2025, "2025"
    )  # fmt: skip
    assert second.categories == ["q-bio.TO", "cs.LG"]
    assert second.links[-1] == LinkDraft("doi", "https://doi.org/10.1016/j.fict.2025.100001")
    assert not any(paper.owner_listed for paper in result.papers) and result.people == []


def test_an_empty_feed_is_a_clean_result_without_papers(fixture_text, context):
    result = parse(fixture_text("arxiv/empty.xml"), context)
    assert (result.papers, result.errors, result.warnings) == ([], [], [])


def test_the_apis_error_feed_is_refused_with_its_reason(fixture_text, context):
    with pytest.raises(ParseError) as raised:
        parse(fixture_text("arxiv/error.xml"), context)
    assert raised.value.line == 0
    assert raised.value.reason == "the arXiv API refused the query: incorrect id format for 1234.12345"


def test_an_entry_listed_twice_is_kept_once(fixture_text, context):
    text = fixture_text("arxiv/turing.xml")
    entry = text[text.index("  <entry>") : text.index("</entry>") + len("</entry>\n")]
    result = parse(text.replace("</feed>", entry + "</feed>"), context)
    assert [paper.arxiv_id for paper in result.papers] == ["2501.00042", "2412.12345"]
    assert [error.reason for error in result.errors] == ["arXiv 2501.00042 appears twice (first at line 10)"]


def test_an_entry_without_an_arxiv_id_or_dates_or_authors(context):
    feed = '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:x</id><title>T</title></entry>'
    feed += "<entry><id>http://arxiv.org/abs/2101.00001v1</id><title>T</title><published>soon</published>"
    feed += "<author><name> </name></author></entry></feed>"
    result = parse(feed, context)
    assert [error.reason for error in result.errors] == ["the entry has no arXiv id (its id is 'urn:x')"]
    (paper,) = result.papers
    assert (paper.year, paper.date, paper.authors, paper.authors_complete) == (None, "", [], False)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Rate exceeded.", "not well-formed XML"),
        ("<feed xmlns='http://www.w3.org/2005/Atom'><entry>", "not well-formed XML"),
        ("<rss><channel/></rss>", "not an arXiv API feed: the root element is <rss>"),
        ('<!DOCTYPE feed [<!ENTITY x "x">]><feed>&x;</feed>', "declares an entity"),
    ],
)
def test_unreadable_input_is_refused_as_a_whole(context, text, reason):
    with pytest.raises(ParseError, match=reason):
        parse(text, context)


# Detection


def test_arxiv_feeds_are_detected(fixture_text):
    for name in ARXIV_FIXTURES:
        assert sniff(fixture_text(name)) == 100
        assert detect_format(fixture_text(name)) == "arxiv"


def test_no_other_fixture_and_no_other_atom_feed_is_taken_for_arxiv():
    others = [
        path
        for path in FIXTURES_DIR.rglob("*")
        if path.is_file() and path.parent.name != "arxiv" and not path.name.startswith("arxiv_")
    ]
    assert others
    for path in others:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert sniff(text) == 0, path
        assert detect_format(text) != "arxiv", path
    blog = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title></feed>'
    assert sniff(blog) == 0


def test_auto_reads_an_arxiv_feed_with_the_arxiv_parser(fixture_text):
    assert parse_any(fixture_text("arxiv/turing.xml"), "auto").format == "arxiv"


# Through the pipeline


@pytest.mark.django_db
def test_an_arxiv_feed_ingests_its_preprints(fixture_text):
    from ingest.choices import RunStatus
    from papers.models import Paper
    from tests.ingest.helpers import ingest

    run = ingest(fixture_text("arxiv/lovelace.xml"), "auto")
    assert (run.detected_format, run.status, run.rejected) == ("arxiv", RunStatus.PARTIAL, 1)
    papers = {paper.arxiv_id: paper for paper in Paper.objects.prefetch_related("authorships")}
    assert set(papers) == {"2301.01234", "math/0601001", "2405.06789", "2309.11111"}
    cvpr = papers["2301.01234"]
    assert (cvpr.title, cvpr.doi, cvpr.year, cvpr.kind, cvpr.venue_edition.venue.acronym) == (
        "Sparse Prompts for Dense Matching: A Title That Wraps Across Two Lines",
        "10.1109/cvpr52729.2023.01234", 2023, "conference", "CVPR",
    )  # fmt: skip
    assert [a.name for a in cvpr.authorships.order_by("position")] == ["Ada Lovelace", "Charles Babbage"]
    old = papers["math/0601001"]
    assert (old.kind, old.year, old.date, old.categories) == ("preprint", 2006, "2006-01-01", ["math.HO"])


@pytest.mark.django_db
def test_an_empty_feed_ingests_nothing_and_succeeds(fixture_text):
    from ingest.choices import RunStatus
    from tests.ingest.helpers import ingest

    run = ingest(fixture_text("arxiv/empty.xml"), "arxiv")
    assert (run.status, run.records, run.error, run.warnings) == (RunStatus.SUCCEEDED, 0, "", [])
