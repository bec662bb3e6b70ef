"""The RIS parser: exports of EndNote, Zotero, Mendeley and the digital libraries to paper drafts."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ingest.parsers import detect_format
from ingest.parsers import parse as parse_any
from ingest.parsers.drafts import AuthorDraft, LinkDraft, PaperDraft, ParseContext, ParseError
from ingest.parsers.ris import parse, sniff
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


def record(*lines: str) -> str:
    return "\n".join(["TY  - JOUR", *lines, "ER  - ", ""])


def one(text: str, context: ParseContext) -> PaperDraft:
    result = parse(text, context)
    assert result.errors == [] and len(result.papers) == 1
    return result.papers[0]


# A reference manager's export


def test_a_zotero_export_gives_every_record_with_its_fields(fixture_text, context):
    result = parse(fixture_text("ris/zotero.ris"), context)
    assert result.errors == [] and result.unread == []
    assert [bare(paper) for paper in result.papers] == [
        PaperDraft(
            line=1, title="Density Tokens for Counting Overlapping Objects",
            authors=authors("Mira Okafor", "Pieter Van Gool", "Sara Lindqvist"),
            venue_text="IEEE Transactions on Pattern Analysis and Machine Intelligence",
            venue_acronym="TPAMI", year=2022, date="2022-08-03", kind="journal",
            doi="10.1109/tpami.2022.3190001",
            links=[LinkDraft("other", "https://ieeexplore.ieee.org/document/9990001")],
            abstract="We count objects that overlap by predicting a small set of density tokens per image.",
            volume="45", number="3", pages="1201-1210",
        ),
        PaperDraft(
            line=22, title="Rolling-Shutter Depth from Sparse Lattice Priors",
            authors=authors("Priya Raman", "Kenji Okabe"),
            venue_text="Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition",
            venue_acronym="CVPR", year=2023, date="2023-06", kind="conference",
            doi="10.1109/cvpr52729.2023.09911",
            links=[
                LinkDraft("pdf", "https://openaccess.example.org/content/CVPR2023/papers/Raman_Rolling_Shutter.pdf"),
                LinkDraft("code", "https://github.com/example-lab/lattice-depth"),
            ],
            pages="659-669", publisher="IEEE",
        ),
        PaperDraft(
            line=38, title="Self-Supervised Depth from Event Streams",
            authors=authors("Marta Quintero", "Tomás de la Cruz"),
            year=2025, date="2025-02-06", kind="preprint", arxiv_id="2502.04321",  # its UR is its arXiv page
            abstract="Event cameras report brightness changes; we learn depth from them without labels.",
            publisher="arXiv",
        ),
        PaperDraft(
            line=50, title="Learning to See Through Fog", authors=authors("Sara Lindqvist"),
            year=2021, date="2021", kind="thesis", publisher="Example University",
        ),
        PaperDraft(
            line=58, title="Counting in Crowds", authors=authors("Mira Okafor"),  # the editor (A2) is not one
            venue_text="Handbook of Visual Counting", year=2020, date="2020", kind="book", pages="45-67",
            publisher="Springer",
        ),
    ]  # fmt: skip


def test_a_record_keeps_its_lines_from_ty_to_er_as_raw(fixture_text, context):
    first = parse(fixture_text("ris/zotero.ris"), context).papers[0]
    assert first.raw.startswith("TY  - JOUR\nTI  - Density Tokens")
    assert first.raw.endswith("KW  - density estimation\nER  - ")


# Awkward exports


@pytest.fixture
def awkward(fixture_text, context):
    return parse(fixture_text("ris/awkward.ris"), context)


def test_entities_tags_wrapped_lines_names_and_a_days_range_are_read(awkward):
    assert bare(awkward.papers[0]) == PaperDraft(
        line=4, title="Sparse & Dense Matching with k-Nearest Tokens",
        authors=authors("Shu Min Teo", "John Smith Jr.", "Ilse van der Berg"),
        venue_text="2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
        venue_acronym="CVPR", year=2023, date="2023-06", kind="conference",
        doi="10.1109/cvpr52729.2023.00100",
        abstract="We match sparse and dense features with a single set of tokens. The abstract was wrapped "
        "by the exporting tool onto lines without a tag.",
        pages="1001-1010",
    )  # fmt: skip


def test_one_space_before_the_hyphen_and_an_er_without_its_space_are_tags(awkward):
    paper = awkward.papers[1]
    assert bare(paper) == PaperDraft(
        line=21, title="One Space Before the Hyphen", authors=authors("Aiko Nakamura"),
        venue_text="Journal of Invented Results", year=2019, date="2019", kind="journal", volume="7",
    )  # fmt: skip
    assert paper.raw.endswith("DO  - \nER -")  # the empty VL and DO say nothing


def test_tags_without_a_ty_and_a_record_without_a_title_are_rejected_and_the_rest_goes_in(awkward):
    assert [(error.line, error.reason) for error in awkward.errors] == [
        (31, "tags outside a record: no TY line starts them"),
        (35, "the record has no title (TI or T1)"),
    ]
    assert awkward.errors[0].raw == "TI  - Orphan Tags Without a Type\nAU  - Nobody, Known\nER  - "
    assert awkward.errors[1].raw == "TY  - JOUR\nAU  - Untitled, Una\nPY  - 2020\nER  - "
    assert len(awkward.papers) == 6


def test_an_et_al_author_cuts_the_list_and_an_arxiv_journal_is_a_preprint(awkward):
    assert bare(awkward.papers[2]) == PaperDraft(
        line=40, title="Tokens All the Way Down", authors=authors("Priya Raman"), authors_complete=False,
        venue_text="arXiv preprint arXiv:2401.05678", venue_acronym="arXiv", year=2024, date="2024",
        kind="preprint", arxiv_id="2401.05678",
    )  # fmt: skip


def test_an_unknown_type_a_month_alone_a_doi_address_and_a_pdf_tag(awkward):
    assert bare(awkward.papers[3]) == PaperDraft(
        line=48, title="Notes on Fog Rendering", authors=authors("The Example Consortium"),
        year=1998, date="1998-07", kind="other", doi="10.5555/fog.1998.7",
        links=[LinkDraft("pdf", "https://files.example.org/fog-notes")],  # the DOI's address is no link
    )  # fmt: skip


def test_a_repeated_record_is_read_again_and_a_last_record_without_er_is_read(awkward):
    assert bare(awkward.papers[4]) == replace(bare(awkward.papers[1]), line=57)
    assert bare(awkward.papers[5]) == PaperDraft(
        line=65, title="A Record Cut Off Before Its End", authors_complete=False, year=2022, date="2022",
        kind="other",
    )  # fmt: skip


def test_an_exports_header_lines_are_left_unread(awkward):
    assert awkward.unread == [
        (1, "Provider: Example Digital Library"),
        (2, 'Content: text/plain; charset="UTF-8"'),
    ]


def test_crlf_line_ends_and_a_byte_order_mark_change_nothing(fixture_text, context):
    text = fixture_text("ris/awkward.ris")
    windows = "\ufeff" + text.removeprefix("\ufeff").replace("\n", "\r\n")
    plain = text.removeprefix("\ufeff")
    assert [bare(paper) for paper in parse(windows, context).papers] == [
        bare(paper) for paper in parse(plain, context).papers
    ]
    assert parse(windows, context).errors == parse(plain, context).errors


def test_a_very_long_abstract_is_kept_and_its_raw_text_is_cut(context):
    paper = one(record("TI  - Long", f"AB  - {'word ' * 30_000}"), context)
    assert len(paper.abstract) == len("word " * 30_000) - 1
    assert len(paper.raw) == 20_000


def test_text_without_any_record_is_unreadable_as_a_whole(context):
    with pytest.raises(ParseError, match="no RIS record"):
        parse("Just a shopping list\nmilk\n", context)


@pytest.mark.parametrize(
    ("lines", "year", "when"),
    [
        (["PY  - 2023/06/18/"], 2023, "2023-06-18"),
        (["PY  - 2023/06//"], 2023, "2023-06"),
        (["PY  - 2023///Spring"], 2023, "2023"),
        (["Y1  - 2023"], 2023, "2023"),
        (["PY  - 2023", "DA  - 2023-06-18"], 2023, "2023-06-18"),
        (["PY  - 2023", "DA  - 2023/02/30"], 2023, "2023-02"),
        (["PY  - 2023", "DA  - June 18, 2023"], 2023, "2023-06-18"),
        (["PY  - 2023", "DA  - 2022/11/02"], 2023, "2023"),  # another year's date (online first)
        (["DA  - 2021/04"], 2021, "2021-04"),
        ([], None, ""),
    ],
)
def test_dates_keep_the_precision_they_are_written_with(lines, year, when, context):
    paper = one(record("TI  - Dated", *lines), context)
    assert (paper.year, paper.date) == (year, when)


@pytest.mark.parametrize(
    ("lines", "pages"),
    [
        (["SP  - 123", "EP  - 130"], "123-130"),
        (["SP  - 123–130"], "123-130"),
        (["SP  - 12", "EP  - 12"], "12"),
        (["SP  - e0815"], "e0815"),
        (["EP  - 99"], "99"),
    ],
)
def test_start_and_end_pages_make_one_range(lines, pages, context):
    assert one(record("TI  - Paged", *lines), context).pages == pages


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Okafor, M.", "M. Okafor"),
        ("Smith,John", "John Smith"),
        ("Van Gool, Luc", "Luc Van Gool"),
        ("OKAFOR, Mira", "Mira Okafor"),
        ("ACME Consortium", "ACME Consortium"),  # no comma: not split, kept as written
        ("Tim Brothers", "Tim Brothers"),  # "others" inside a name cuts nothing
    ],
)
def test_family_given_names_are_read_in_reading_order(written, name, context):
    paper = one(record("TI  - Named", f"AU  - {written}"), context)
    assert (paper.authors, paper.authors_complete) == ([AuthorDraft(name)], True)


def test_editors_are_no_authors_and_a1_and_au_keep_the_files_order(context):
    paper = one(record("TI  - Edited", "A1  - One, Ada", "ED  - Editor, Eve", "AU  - Two, Bo"), context)
    assert paper.authors == authors("Ada One", "Bo Two")


@pytest.mark.parametrize(
    ("lines", "kind", "arxiv_id"),
    [
        (["TY  - CPAPER"], "conference", ""),
        (["TY  - EJOUR"], "journal", ""),
        (["TY  - UNPB", "UR  - https://arxiv.org/abs/2301.01234v3"], "preprint", "2301.01234"),
        (["TY  - UNPB"], "other", ""),
        (["TY  - ELEC", "DO  - 10.48550/arXiv.2301.01234"], "preprint", "2301.01234"),
        (["TY  - JOUR", "N1  - arXiv:2301.01234"], "journal", "2301.01234"),  # published, arXiv'd too
        (["TY  - EBOOK", "T2  - Lecture Notes in Computer Science"], "book", ""),
    ],
)
def test_types_give_kinds_and_arxiv_ids_make_preprints_of_unpublished_work(lines, kind, arxiv_id, context):
    text = "\n".join([*lines, "TI  - Typed", "ER  - ", ""])
    paper = one(text, context)
    assert (paper.kind, paper.arxiv_id) == (kind, arxiv_id)


def test_a_whole_books_series_is_not_its_venue_and_bt_can_be_its_title(context):
    paper = one("TY  - BOOK\nBT  - A Book of Tests\nT2  - Lecture Notes\nER  - \n", context)
    assert (paper.title, paper.venue_text, paper.kind) == ("A Book of Tests", "", "book")


def test_the_abbreviation_names_the_venue_when_the_full_name_does_not(context):
    paper = one(record("TI  - Abbreviated", "T2  - Some Proceedings of Somewhere", "J2  - CVPR"), context)
    assert (paper.venue_text, paper.venue_acronym) == ("Some Proceedings of Somewhere", "CVPR")


@pytest.mark.parametrize(
    ("kind_tag", "venue"),
    [("JOUR", "Lake Studies"), ("CONF", "Proceedings of the Lake Meeting")],
)
def test_c3_names_the_venue_only_of_a_conference_paper(kind_tag, venue, context):
    # Outside a conference paper C3 is a custom field (a database number, a PMCID), not the venue.
    text = f"TY  - {kind_tag}\nTI  - Custom Fields\nC3  - Proceedings of the Lake Meeting\n"
    paper = one(text + "JA  - Lake Studies\nER  - \n", context)
    assert paper.venue_text == venue


def test_the_pages_of_the_doi_and_the_arxiv_id_are_those_ids_and_other_urls_are_links(context):
    paper = one(
        record(
            "TI  - Linked", "DO  - 10.1000/x;y", "UR  - https://doi.org/10.1000/x%3By",
            "UR  - https://arxiv.org/abs/2301.01234v2", "UR  - https://arxiv.org/pdf/2301.01234",
            "UR  - https://doi.org/10.1000/another",
        ),
        context,
    )  # fmt: skip
    assert (paper.doi, paper.arxiv_id) == ("10.1000/x;y", "2301.01234")
    assert paper.links == [
        LinkDraft("pdf", "https://arxiv.org/pdf/2301.01234"),
        LinkDraft("doi", "https://doi.org/10.1000/another"),
    ]


def test_several_urls_on_one_line_are_split(context):
    paper = one(record("TI  - Linked", "UR  - https://a.example.org/x; https://github.com/x/y"), context)
    assert paper.links == [
        LinkDraft("other", "https://a.example.org/x"),
        LinkDraft("code", "https://github.com/x/y"),
    ]


# Detection


@pytest.mark.parametrize(
    "head",
    [
        "TY  - JOUR\nTI  - x\nER  - \n",
        "\n\nTY - CONF\nTI - x\n",
        "\ufeffTY  - JOUR\n",
        "1.\nTY  - JOUR\nID  - 12345\n",
        "Record #1 of 2\nProvider: Provider\nTY  - JOUR\n",
    ],
)
def test_a_text_opening_with_a_ty_line_is_ris(head):
    assert sniff(head) == 100


@pytest.mark.parametrize(
    "head",
    [
        "TI  - A title first\nTY  - JOUR\n",
        "@article{k, title={TY  - JOUR}}\n",
        '[{"type": "article-journal", "title": "x"}]',
        "Bio\nTY  - not a type after other lines\n",
        "TY  -\n",
        "a\nb\nc\nd\nTY  - JOUR\n",
    ],
)
def test_other_texts_are_not_ris(head):
    assert sniff(head) == 0


@pytest.mark.parametrize("name", ["ris/zotero.ris", "ris/awkward.ris"])
def test_the_ris_fixtures_are_detected_as_ris(fixture_text, name):
    assert detect_format(fixture_text(name)) == "ris"
    assert parse_any(fixture_text(name), "auto").format == "ris"


def test_no_other_fixture_is_detected_as_ris():
    others = [
        path
        for path in FIXTURES.rglob("*")
        if path.is_file() and "ris" not in path.parts and not path.name.startswith("ris_")
    ]
    assert others
    claimed = [path.name for path in others if sniff(path.read_text(encoding="utf-8", errors="replace"))]
    assert claimed == []


# Through the pipeline


@pytest.mark.django_db
def test_a_ris_export_is_stored_and_reingesting_it_changes_nothing(fixture_text):
    run = ingest(fixture_text("ris/zotero.ris"), "ris")
    assert counts(run) == {
        "records": 5,
        "created": 5,
        "merged": 0,
        "unchanged": 0,
        "needs_review": 0,
        "rejected": 0,
    }
    stored = {
        paper.title: paper
        for paper in Paper.objects.select_related("venue_edition__venue").prefetch_related("authorships")
    }
    journal = stored["Density Tokens for Counting Overlapping Objects"]
    assert (journal.doi, journal.year, journal.date, journal.kind) == (
        "10.1109/tpami.2022.3190001",
        2022,
        "2022-08-03",
        "journal",
    )
    assert (journal.venue_edition.venue.acronym, journal.venue_edition.year) == ("TPAMI", 2022)
    names = [row.name for row in sorted(journal.authorships.all(), key=lambda row: row.position)]
    assert names == ["Mira Okafor", "Pieter Van Gool", "Sara Lindqvist"]
    conference = stored["Rolling-Shutter Depth from Sparse Lattice Priors"]
    assert (conference.venue_edition.venue.acronym, conference.pages) == ("CVPR", "659-669")
    preprint = stored["Self-Supervised Depth from Event Streams"]
    assert (preprint.arxiv_id, preprint.kind, preprint.venue_edition) == ("2502.04321", "preprint", None)
    again = ingest(fixture_text("ris/zotero.ris"), "ris")
    assert counts(again)["unchanged"] == again.records == 5


@pytest.mark.django_db
def test_rejected_ris_records_are_counted_and_the_rest_is_stored(fixture_text):
    run = ingest(fixture_text("ris/awkward.ris").encode("utf-8"), "auto")
    assert run.detected_format == "ris"
    assert (run.records, run.rejected) == (8, 2)
    assert Paper.objects.filter(title="One Space Before the Hyphen").count() == 1  # the repeat is one paper
    assert Paper.objects.get(title="Notes on Fog Rendering").doi == "10.5555/fog.1998.7"
