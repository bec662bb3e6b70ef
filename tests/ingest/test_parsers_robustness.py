"""Any input, however broken, gives drafts or a ParseError naming the line and the reason."""

import subprocess
import sys
from datetime import date

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from ingest.parsers import PARSERS, Format, detect_format, parse
from ingest.parsers.drafts import ParseContext, ParseError, ParseResult

CONTEXT = ParseContext(observed_at=date(2025, 6, 1))
FORMAT_NAMES = sorted(PARSERS)
TWENTY_MB = 20 * 1024 * 1024


@pytest.fixture(autouse=True)
def no_hang(hang_guard):
    """Every test here runs under the hang guard."""


def parse_or_error(data: bytes | str, format: str) -> ParseResult | ParseError:
    try:
        return parse(data, format, observed_at=CONTEXT.observed_at)
    except ParseError as error:
        assert error.reason
        return error


NASTY = {
    "empty": "",
    "blank lines": "\n\n   \n\t\n",
    "one huge line": "a" * TWENTY_MB,
    "unbalanced braces": "@article{broken, title={Never {closed, author={A and B}\n" * 50,
    "script tags": '<script>alert("x")</script> Title\nAuthor One, Author Two\n',
    "thousand authors": "@article{many, title={Big Science}, author={"
    + " and ".join(f"Author{n} Person{n}" for n in range(1000))
    + "}, year={2024}}\n",
    "lone angle brackets": "Abstract: " + "<a " * 50_000 + "\n" + "<" + " " * 20_000 + "b>\n",
    "deep nesting": "{" * 5000 + "}" * 10 + "(" * 5000,
    "control characters": "\x01\x02\x03Title\x1b[31m\nAbstract: \x07 bell\n",
}


@pytest.mark.parametrize("format", FORMAT_NAMES)
@pytest.mark.parametrize("name", list(NASTY))
def test_nasty_inputs_give_drafts_or_a_parse_error(format, name):
    outcome = parse_or_error(NASTY[name], format)
    assert isinstance(outcome, ParseResult | ParseError)


@pytest.mark.parametrize("format", FORMAT_NAMES)
def test_binary_data_is_refused_with_a_reason(format):
    with pytest.raises(ParseError, match="binary"):
        parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 100, format)


def test_an_unknown_format_is_refused_with_the_known_ones():
    with pytest.raises(ParseError, match="unknown format 'xml'"):
        parse("text", "xml")
    assert set(Format.values) == {
        "auto", "homepage", "profile", "proceedings", "abstracts", "bibtex",
        "orcid", "dblp", "crossref", "openalex", "s2", "arxiv", "ris", "csl",
    }  # fmt: skip


def test_every_format_has_its_parser_and_its_rank_and_nothing_else_does():
    from ingest.merge import FORMAT_RANK

    readable = set(Format) - {Format.AUTO}
    assert set(PARSERS) == readable and set(FORMAT_RANK) == readable


def test_script_tags_in_a_title_are_kept_as_plain_text_for_pages_to_escape():
    entry = '@article{x, title={<script>alert("x")</script> Robust}, author={A. Author}, year={2024}}'
    assert parse(entry, "bibtex").papers[0].title == '<script>alert("x")</script> Robust'


def test_twenty_megabytes_of_bibtex_parse_completely():
    entry = (
        "@article{{key{n}, title={{Paper {n}}}, author={{Ada Lovelace and Alan Turing}}, year={{2020}}}}\n"
    )
    text = "".join(entry.format(n=n) for n in range(250_000))
    assert len(text) > TWENTY_MB * 0.9
    result = parse(text, "bibtex")
    assert len(result.papers) == 250_000
    assert not result.errors


@pytest.mark.parametrize("format", FORMAT_NAMES)
@given(text=st.text(max_size=2000))
def test_any_text_gives_drafts_or_a_parse_error(format, text):
    outcome = parse_or_error(text, format)
    if isinstance(outcome, ParseResult):
        for error in outcome.errors:
            assert error.line >= 0 and error.reason


@given(data=st.binary(max_size=2000))
def test_any_bytes_give_drafts_or_a_parse_error(data):
    for format in FORMAT_NAMES:
        parse_or_error(data, format)


LINE_PIECES = st.sampled_from(
    [
        "@article{k,", "title={A {B} C},", "author={Sun, Qianru and Q. Sun},", "}", "## [12] A Title",
        "**Authors**: *A B, C D*", "**Abstract**:", "Abstract: text", "CVMar 8, 2022Code", "Ph.D. Students",
        "Since Aug 2020", "(with Bernt Schiele)", "2023", "[paper] [code]", "• Mar 2023, Award (Giver)",
        "h-index15", "et al.", "----", "", "    ", "CVPR '23. (Oral Presentation, 2.7%)",
    ]
)  # fmt: skip


@pytest.mark.parametrize("format", FORMAT_NAMES)
@given(lines=st.lists(LINE_PIECES, max_size=60))
def test_shuffled_pieces_of_real_listings_give_drafts_or_a_parse_error(format, lines):
    parse_or_error("\n".join(lines), format)


@pytest.mark.parametrize(
    ("text", "format"),
    [
        ("@inproceedings{x,\n title={T},\n}\n", "bibtex"),
        ("## [1] A Title\n\n**Authors**: *A B*\n\n**Conference**: *cvpr 2023*\n", "proceedings"),
        (
            "Ada Example\n\nCV\nh-index15\n54papers\n\nCVMar 8, 2022Code\nTitle\n\nA B, C D et al.\n",
            "profile",
        ),
        ("Abstract: We study things.\n\nAbstract: We study other things.\n", "abstracts"),
        ("Bio\n\nI am a professor.\n\nNews\n\n• A paper.\n\nSelected Publications\n\n2024\n", "homepage"),
    ],
)
def test_each_format_is_detected(text, format):
    assert detect_format(text) == format


def test_text_that_fits_no_format_is_not_guessed():
    assert detect_format("just a shopping list\nmilk\neggs\n") == ""
    with pytest.raises(ParseError, match="could not be detected"):
        parse("just a shopping list\nmilk\n")


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("homepage_faculty.txt", "homepage"),
        ("profile_aggregator.txt", "profile"),
        ("proceedings_cvpr2023_part.md", "proceedings"),
        ("lab_papers.bib", "bibtex"),
    ],
)
def test_every_real_listing_is_detected_as_its_format(shared_listing, name, format):
    assert detect_format(shared_listing(name)) == format


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("homepage_small.txt", "homepage"),
        ("profile_small.txt", "profile"),
        ("profile_glued.txt", "profile"),
        ("proceedings_small.md", "proceedings"),
        ("proceedings_variants.md", "proceedings"),
        ("bibtex_small.bib", "bibtex"),
        ("abstracts_small.txt", "abstracts"),
    ],
)
def test_every_fixture_is_detected_as_its_format(fixture_text, name, format):
    assert detect_format(fixture_text(name)) == format


def test_auto_parses_a_listing_with_the_detected_parser(fixture_text):
    text = fixture_text("bibtex_small.bib")
    assert parse(text, "auto").papers == parse(text, "bibtex").papers


FIXTURE_FORMATS = [
    ("homepage_small.txt", "homepage"),
    ("profile_small.txt", "profile"),
    ("proceedings_small.md", "proceedings"),
    ("bibtex_small.bib", "bibtex"),
    ("abstracts_small.txt", "abstracts"),
]


def drafts(result: ParseResult) -> list:
    """The drafts without their raw text (whose line ends differ by design)."""
    return [{**vars(draft), "raw": ""} for draft in result.records()]


@pytest.mark.parametrize(("name", "format"), FIXTURE_FORMATS)
def test_crlf_line_ends_and_a_byte_order_mark_change_nothing(fixture_text, name, format):
    text = fixture_text(name)
    windows = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    assert drafts(parse(windows, format, observed_at=CONTEXT.observed_at)) == drafts(
        parse(text, format, observed_at=CONTEXT.observed_at)
    )


@pytest.mark.parametrize(("name", "format"), FIXTURE_FORMATS)
def test_windows_1252_text_reads_like_utf8(fixture_text, name, format):
    text = fixture_text(name)
    encodable = text.encode("cp1252", errors="replace").decode("cp1252")
    assert drafts(parse(encodable.encode("cp1252"), format, observed_at=CONTEXT.observed_at)) == drafts(
        parse(encodable, format, observed_at=CONTEXT.observed_at)
    )
    assert drafts(parse(encodable, format, observed_at=CONTEXT.observed_at))


def test_parsers_and_normalizers_import_no_django():
    code = "import sys, ingest.parsers; assert not any(m.startswith('django') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=settings.BASE_DIR)


@pytest.mark.parametrize(
    ("format", "text"),
    [
        ("orcid", '{"last-modified-date": null, "group": [], "path": "/0000-0002-1825-0097/works"}'),
        ("openalex", '{"meta": {"count": 0, "db_response_time_ms": 3, "next_cursor": null}, "results": []}'),
        ("s2", '{"offset": 0, "data": []}'),
        (
            "crossref",
            '{"status": "ok", "message-type": "work-list", "message": {"items": [], "total-results": 0}}',
        ),
    ],
)
def test_a_source_answering_no_works_yet_is_an_empty_listing_not_an_error(format, text):
    """A person followed before their first paper: the harvest reads nothing and fails nothing."""
    result = parse(text, format)
    assert (result.papers, result.errors, result.warnings) == ([], [], [])
