"""The Semantic Scholar parser: Academic Graph papers (an author's, a search's, a batch, one) to drafts."""

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ingest.choices import RunStatus
from ingest.parsers import detect_format
from ingest.parsers.drafts import AuthorDraft, LinkDraft, PaperDraft, ParseContext, ParseError
from ingest.parsers.s2 import parse, sniff
from papers.models import CitationCount, Paper
from tests.ingest.helpers import ingest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGE = "s2/author_papers_page1.json"
LAST = "s2/author_papers_last.json"
SEARCH = "s2/search.json"
PAPER = "s2/paper.json"
BATCH = "s2/batch.json"
S2_FIXTURES = [PAGE, LAST, SEARCH, PAPER, BATCH]
MIRA = AuthorDraft("Mira Castellanos", ids={"s2": "2100000001"})


@pytest.fixture
def context(venue_aliases) -> ParseContext:
    return ParseContext(observed_at=date(2025, 6, 1), venue_aliases=venue_aliases)


@pytest.fixture
def page(fixture_text, context) -> list[PaperDraft]:
    result = parse(fixture_text(PAGE), context)
    assert result.errors == []
    return result.papers


def bare(paper: PaperDraft) -> PaperDraft:
    """The draft without its raw text (checked on its own)."""
    return replace(paper, raw="")


def one(context: ParseContext, **fields) -> PaperDraft:
    """The draft of a one-paper response with the fields given over a minimal paper."""
    record = {"paperId": "0123456789abcdef0123456789abcdef01234567", "title": "A Title", **fields}
    [paper] = parse(json.dumps(record), context).papers
    return paper


def test_a_conference_paper_gives_every_field(page):
    paper = page[0]
    assert json.loads(paper.raw)["paperId"] == "3a1f0c9e2b7d4e6f8a0b1c2d3e4f5a6b7c8d9e0f"
    assert bare(paper) == PaperDraft(
        line=1,
        title="Fast k-NN Matching of CO2 Plumes & Ocean Fronts",
        authors=[AuthorDraft("Wen-Li Zhao", ids={"s2": "2100000004"}), MIRA],
        venue_text="Computer Vision and Pattern Recognition",
        venue_acronym="CVPR",
        year=2023,
        date="2023-06-01",
        kind="conference",
        doi="10.1109/cvpr52729.2023.00412",
        arxiv_id="2303.04567",
        links=[LinkDraft("pdf", "https://arxiv.org/pdf/2303.04567")],
        abstract="We match plumes to fronts with a k-NN index & a learned metric.",
        pages="4121-4130",
        ids={
            "s2": "3a1f0c9e2b7d4e6f8a0b1c2d3e4f5a6b7c8d9e0f",
            "dblp": "conf/cvpr/ZhaoC23",
            "mag": "4385000002",
            "s2_corpus": "257000001",
        },
        citation_counts={"s2": 6},
        owner_listed=True,
    )


def test_an_arxiv_only_paper_is_a_preprint_without_abs_volume_or_empty_pdf(page):
    paper = page[1]
    assert (paper.kind, paper.venue_text, paper.venue_acronym) == ("preprint", "arXiv.org", "arXiv")
    assert (paper.arxiv_id, paper.doi) == ("2405.06789", "10.48550/arxiv.2405.06789")
    assert (paper.volume, paper.abstract, paper.links) == ("", "", [])  # null abstract, "" PDF url


def test_a_journal_paper_with_a_null_date_keeps_its_year_and_its_spaced_pages(page):
    paper = page[2]
    assert paper.title == "Wave Height Estimation from Monocular Video"
    assert (paper.year, paper.date, paper.kind) == (2022, "2022", "journal")  # publicationTypes null
    assert (paper.venue_acronym, paper.volume, paper.pages) == ("IJCV", "130", "45-59")
    assert paper.ids == {
        "s2": "c0ffee00112233445566778899aabbccddeeff00",
        "mag": "4300000003",
        "s2_corpus": "250000003",
    }


def test_an_author_without_an_id_keeps_the_name(page):
    assert page[2].authors == [
        MIRA,
        AuthorDraft("R. Adeyemi"),
        AuthorDraft("Sofía Marín", ids={"s2": "2100000009"}),
    ]
    assert page[2].authors_complete


def test_the_pages_of_an_author_are_listings_of_the_author(fixture_text, context):
    first, last = parse(fixture_text(PAGE), context), parse(fixture_text(LAST), context)
    assert [paper.owner_listed for paper in first.papers + last.papers] == [True] * 4
    assert [paper.line for paper in first.papers] == [1, 2, 3]


def test_the_last_page_reads_alone_and_rejects_a_title_less_and_a_repeated_paper(fixture_text, context):
    result = parse(fixture_text(LAST), context)
    assert [(error.line, error.reason) for error in result.errors] == [
        (2, "the paper e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f2 has no title"),
        (3, "duplicate paper d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e1 (first at record 1)"),
    ]
    assert json.loads(result.errors[0].raw)["corpusId"] == 240000005
    [paper] = result.papers
    assert bare(paper) == PaperDraft(
        line=1,
        title="Coastal Notes, Part II",
        authors_complete=False,  # the source lists no author
        year=2021,
        date="2021",
        ids={"s2": "d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e1", "s2_corpus": "240000004"},
        citation_counts={"s2": 0},
        owner_listed=True,
    )


def test_a_search_is_no_listing_of_one_author_and_reads_pubmed_ids(fixture_text, context):
    result = parse(fixture_text(SEARCH), context)
    assert result.errors == []
    census, shoreline = result.papers
    assert not census.owner_listed and not shoreline.owner_listed
    assert census.ids == {
        "s2": "f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a3",
        "pmid": "37700001",
        "s2_corpus": "261000006",
        "pmcid": "PMC10500001",
    }
    assert (census.kind, census.venue_acronym, census.volume, census.pages) == (
        "journal",
        "Nature",
        "621",
        "512-518",
    )
    assert census.links == [LinkDraft("pdf", "https://www.nature.com/articles/s41586-023-99999-1.pdf")]
    # No publicationVenue: the free-text venue and the publication types tell.
    assert (shoreline.venue_text, shoreline.venue_acronym, shoreline.kind) == (
        "European Conference on Computer Vision",
        "ECCV",
        "conference",
    )
    assert (shoreline.pages, shoreline.ids["dblp"], shoreline.doi) == (
        "201-217",
        "conf/eccv/CastellanosL22",
        "",
    )


def test_a_single_paper_is_read_as_one_record(fixture_text, context):
    result = parse(fixture_text(PAPER), context)
    [paper] = result.papers
    assert (paper.line, paper.owner_listed, paper.doi) == (1, False, "10.1016/j.rse.2023.113601")
    assert (paper.venue_text, paper.kind, paper.volume, paper.pages) == (
        "Remote Sensing of Environment",
        "journal",
        "291",
        "113601",
    )
    assert paper.authors == [AuthorDraft("Lucía Ferreira-Smith", ids={"s2": "2100000008"}), MIRA]


def test_a_batch_rejects_the_ids_it_did_not_find(fixture_text, context):
    result = parse(fixture_text(BATCH), context)
    assert [paper.title for paper in result.papers] == [
        "Monitoring Salt Marsh Loss with Multi-Temporal Radar"
    ]
    assert not result.papers[0].owner_listed
    assert result.papers[0].kind == ""  # neither venue type nor publication types: the venue decides later
    assert [(error.line, error.reason, error.raw) for error in result.errors] == [
        (2, "the record is null (an id the source did not find)", "null")
    ]


def test_an_alternate_name_gives_the_acronym_the_venue_name_does_not(context):
    place = {
        "name": "Annual Vision and Pattern Conference",
        "type": "conference",
        "alternate_names": ["ArXiv", "CVPR"],
    }
    paper = one(context, publicationVenue=place, venue="Annual Vision and Pattern Conference")
    assert (paper.venue_text, paper.venue_acronym, paper.kind) == (
        "Annual Vision and Pattern Conference",
        "CVPR",
        "conference",
    )


def test_a_published_venue_wins_over_arxiv_in_any_field(context):
    place = {"name": "arXiv.org", "alternate_names": ["ArXiv"]}
    journal = {"name": "International Journal of Computer Vision", "volume": "131", "pages": "1 – 20"}
    paper = one(
        context, publicationVenue=place, venue="arXiv.org", journal=journal,
        externalIds={"ArXiv": "2201.00002"}, publicationTypes=["JournalArticle"],
    )  # fmt: skip
    assert (paper.venue_acronym, paper.kind, paper.volume, paper.pages) == ("IJCV", "journal", "131", "1-20")
    assert paper.arxiv_id == "2201.00002"


def test_a_paper_typed_both_journal_article_and_conference_is_a_conference_paper(context):
    assert one(context, publicationTypes=["JournalArticle", "Conference"]).kind == "conference"
    assert one(context, publicationTypes=["Book"]).kind == "book"
    assert one(context, publicationTypes=["Review", 3, None]).kind == ""


def test_external_ids_may_be_numbers_and_pmc_ids_take_their_prefix(context):
    external = {
        "MAG": 2963000000,
        "PubMed": 31000001,
        "PubMedCentral": "PMC6500001",
        "CorpusId": 7,
        "ACL": "W12-3903",
    }
    paper = one(context, externalIds=external, corpusId=7)
    assert paper.ids == {
        "s2": "0123456789abcdef0123456789abcdef01234567",
        "mag": "2963000000",
        "pmid": "31000001",
        "s2_corpus": "7",
        "pmcid": "PMC6500001",
    }


def test_values_of_the_wrong_type_are_ignored(context):
    paper = one(
        context, externalIds=["DOI"], year="n.d.", publicationDate="2020-02-30x", authors={"name": "A"},
        journal="Nature", publicationVenue=[], citationCount=-1, openAccessPdf={"url": 5}, abstract=["x"],
    )  # fmt: skip
    assert (paper.year, paper.date, paper.authors, paper.authors_complete) == (None, "", [], False)
    assert (paper.venue_text, paper.citation_counts, paper.links, paper.abstract) == ("", {}, [], "")


def test_an_author_without_a_name_is_left_out_and_the_list_is_not_complete(context):
    paper = one(
        context, authors=[{"authorId": "1", "name": ""}, None, {"authorId": 2, "name": "Ada  Lovelace"}]
    )
    assert (paper.authors, paper.authors_complete) == ([AuthorDraft("Ada Lovelace", ids={"s2": "2"})], False)


def test_html_in_a_title_is_dropped(context):
    assert one(context, title="Learning <i>in situ</i> &amp; <b>fast</b>").title == "Learning in situ & fast"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{not json", "not a Semantic Scholar response: the text is not JSON"),
        ('{"error": "Requested object not found"}', "is an error: Requested object not found"),
        ('{"message": "Too Many Requests"}', "is an error: Too Many Requests"),
        ('{"results": [1]}', "not a Semantic Scholar response"),
        ("[]", "lists no papers"),
        ("[" * 100_000, "not JSON"),
    ],
)
def test_an_input_that_is_no_papers_response_is_refused_with_a_reason(context, text, reason):
    with pytest.raises(ParseError) as caught:
        parse(text, context)
    assert caught.value.line == 0 and reason in caught.value.reason


# Detection


@pytest.mark.parametrize("name", S2_FIXTURES)
def test_s2_responses_are_detected(fixture_text, name):
    assert sniff(fixture_text(name)) == 100
    assert detect_format(fixture_text(name)) == "s2"


def test_recommended_papers_are_read_but_are_no_listing_of_one_author(context):
    text = json.dumps({"recommendedPapers": [{"paperId": "r1", "title": "Tides of the Inner Sea"}]})
    [paper] = parse(text, context).papers
    assert (paper.title, paper.ids["s2"], paper.owner_listed) == ("Tides of the Inner Sea", "r1", False)
    assert sniff(text) == 100


def test_a_search_that_found_nothing_is_an_empty_result_known_by_its_shape(context):
    # The search leaves "data" out when nothing matches.
    result = parse('{"total": 0, "offset": 0}', context)
    assert (result.papers, result.errors) == ([], [])
    assert sniff('{"total": 0, "offset": 0}') == 100
    assert sniff('{"total": 3, "offset": 0}') == 0


@pytest.mark.parametrize(
    ("records", "reason"),
    [
        ([{"citingPaper": {"paperId": "c1", "title": "A Later Paper"}}], "citations or references"),
        ([{"citedPaper": {"paperId": "c2", "title": "An Earlier Paper"}}], "citations or references"),
        ([{"authorId": "7", "name": "Ada Lovelace"}], "lists authors, not papers"),
    ],
)
def test_a_page_of_citations_or_of_authors_is_refused_with_a_reason(context, records, reason):
    with pytest.raises(ParseError) as caught:
        parse(json.dumps({"offset": 0, "next": 1, "data": records}), context)
    assert caught.value.line == 0 and reason in caught.value.reason


def test_an_empty_page_of_an_author_is_still_known_by_its_shape():
    assert sniff('{"offset": 100, "next": 200, "data": []}') == 100
    assert sniff('{"data": []}') == 0


def other_fixtures() -> list[str]:
    """Every fixture but the s2 responses (in a folder of that name, or named "s2_…")."""
    return sorted(
        str(path.relative_to(FIXTURES))
        for path in FIXTURES.rglob("*")
        if path.is_file()
        and "s2" not in path.relative_to(FIXTURES).parts[:-1]
        and not path.name.startswith("s2_")
    )


@pytest.mark.parametrize("name", other_fixtures())
def test_no_other_fixture_is_taken_for_s2(name):
    text = (FIXTURES / name).read_text(encoding="utf-8", errors="replace")
    assert sniff(text) == 0
    assert detect_format(text) != "s2"


# Through the pipeline


@pytest.mark.django_db
def test_an_author_page_ingests_its_papers_with_ids_and_counts(fixture_text):
    run = ingest(fixture_text(PAGE), "s2")
    assert run.status == RunStatus.SUCCEEDED, run.error
    stored = {paper.title: paper for paper in Paper.objects.all()}
    assert sorted(stored) == [
        "Fast k-NN Matching of CO2 Plumes & Ocean Fronts",
        "Tide Tables Are All You Need",
        "Wave Height Estimation from Monocular Video",
    ]
    flow = stored["Fast k-NN Matching of CO2 Plumes & Ocean Fronts"]
    assert (flow.doi, flow.arxiv_id, flow.year, flow.kind) == (
        "10.1109/cvpr52729.2023.00412",
        "2303.04567",
        2023,
        "conference",
    )
    assert (flow.venue_edition.venue.acronym, flow.venue_edition.year) == ("CVPR", 2023)
    assert flow.external_ids["dblp"] == "conf/cvpr/ZhaoC23"
    assert CitationCount.objects.get(paper=flow).count == 6
    tide = stored["Tide Tables Are All You Need"]
    assert (tide.kind, tide.arxiv_id) == ("preprint", "2405.06789")
    wave = stored["Wave Height Estimation from Monocular Video"]
    assert wave.venue_edition.venue.acronym == "IJCV"
    assert [a.name for a in wave.authorships.order_by("position")] == [
        "Mira Castellanos",
        "R. Adeyemi",
        "Sofía Marín",
    ]


@pytest.mark.django_db
def test_the_same_paper_from_s2_after_openalex_merges_into_one(fixture_text):
    ingest(fixture_text("openalex/work.json"), "openalex")
    run = ingest(fixture_text(PAPER))
    assert (run.detected_format, run.status) == ("s2", RunStatus.SUCCEEDED)
    paper = Paper.objects.get()
    assert paper.external_ids == {
        "mag": "4367000010",
        "openalex": "W4367000010",
        "pmcid": "PMC10200010",
        "pmid": "37200010",
        "s2": "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c",
        "s2_corpus": "258000008",
    }
    assert dict(CitationCount.objects.filter(paper=paper).values_list("source", "count")) == {
        "openalex": 9,
        "s2": 8,
    }
