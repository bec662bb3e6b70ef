"""The abstracts parser: "Abstract:" paragraphs without titles."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.parsers import abstracts
from ingest.parsers.drafts import AbstractDraft, ParseContext, ParseError

CONTEXT = ParseContext(observed_at=date(2025, 6, 1))


def parse(text: str):
    return abstracts.parse(text, CONTEXT)


def test_each_marker_starts_one_abstract_running_to_the_next(fixture_text):
    result = parse(fixture_text("abstracts_small.txt"))
    assert result.errors == []
    assert [abstract.line for abstract in result.abstracts] == [1, 4, 7, 9, 16, 18]
    assert result.abstracts[0] == AbstractDraft(
        line=1,
        text="We study how sparse prompts route through a segmentation decoder. "
        "Routing keeps 97% of the accuracy at a third of the cost.",
        raw="Abstract: We study how sparse prompts route through a segmentation decoder. Routing\n"
        "keeps 97% of the accuracy at a third of the cost.",
    )


def test_paragraphs_are_joined_with_spaces_and_separator_rules_dropped(fixture_text):
    gaze = parse(fixture_text("abstracts_small.txt")).abstracts[3]
    assert gaze.text == (
        "Gaze-aware captions help students follow video lectures. "
        "Captions placed near the speaker's gaze target were read 20% faster."
    )


def test_html_and_mathml_are_stripped_and_entities_decoded(fixture_text):
    glass, smoothing = parse(fixture_text("abstracts_small.txt")).abstracts[1:3]
    assert glass.text.endswith("with a single RGB-D frame and an ℓ1 prior.")
    assert "4 points" in smoothing.text.replace("\xa0", " ")


def test_latex_becomes_text(fixture_text):
    smoothing = parse(fixture_text("abstracts_small.txt")).abstracts[2]
    assert smoothing.text.startswith("Label smoothing with calibrated targets reduces over-fitting")


def test_a_wrapped_line_starting_with_the_word_abstract_is_not_a_marker(fixture_text):
    last = parse(fixture_text("abstracts_small.txt")).abstracts[-1]
    assert last.text == (
        "Lower-case markers count too; this abstract is abstract. "
        "That line above is a wrapped sentence, not a marker."
    )


@pytest.mark.parametrize(
    "marker",
    [
        "Abstract:",
        "abstract:",
        "ABSTRACT:",
        "Abstract :",
        "**Abstract**:",
        "**Abstract:**",
        "__Abstract__:",
        "Abstract.",
        "3. Abstract:",
        "12) Abstract:",
        "[3] Abstract:",
        "## Abstract:",
        "Abstract —",
        "Abstract -",
    ],
)
def test_marker_forms_are_recognised(marker):
    result = parse(f"{marker} Glass confuses depth sensors.\n")
    assert [(abstract.line, abstract.text) for abstract in result.abstracts] == [
        (1, "Glass confuses depth sensors.")
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Abstracts of the talks:",
        "Abstract-level reasoning helps.",
        "abstract. A wrapped sentence.",
        "The abstract:",
    ],
)
def test_lines_that_only_look_like_markers_continue_the_abstract(line):
    [abstract] = parse(f"Abstract: First part.\n{line}\n").abstracts
    assert abstract.text == f"First part. {line}"


@pytest.mark.parametrize("marker", ["ABSTRACT", "Abstract", "## Abstract", "**Abstract**"])
def test_marker_alone_on_its_line_takes_the_following_lines(marker):
    [abstract] = parse(f"{marker}\n\nGlass confuses\ndepth sensors.\n").abstracts
    assert (abstract.line, abstract.text) == (1, "Glass confuses depth sensors.")


def test_text_before_the_first_marker_and_empty_abstracts_are_errors(fixture_text):
    result = parse(fixture_text("abstracts_malformed.txt"))
    assert [(error.line, error.reason) for error in result.errors] == [
        (1, 'line 1 comes before the first "Abstract:" marker and belongs to no abstract'),
        (5, "empty abstract"),
        (9, "empty abstract"),
    ]
    assert result.errors[0].raw == "Collected abstracts, exported 2024-05-02\n(one per paper)"
    assert [(abstract.line, abstract.text) for abstract in result.abstracts] == [
        (4, "A fine abstract about pushing bags."),
        (7, "Another abstract about abstract reasoning, wrapped on a line that starts with the word."),
    ]


def test_blank_lines_before_the_first_marker_are_no_error():
    result = parse("\n\n   \nAbstract: Fine.\n")
    assert result.errors == []
    assert [abstract.line for abstract in result.abstracts] == [4]


@pytest.mark.parametrize("text", ["", "  \n\n", "A page of notes\nwithout a single marker.\n"])
def test_input_without_any_abstract_raises_parse_error(text):
    with pytest.raises(ParseError):
        parse(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Abstract:", "**Abstract**: x", "<i>a", "\\emph{", "%", ""]) | st.text(max_size=40)
    )
)
def test_any_text_gives_a_result_or_a_parse_error(lines):
    try:
        result = parse("\n".join(lines))
    except ParseError:
        return
    assert all(abstract.text for abstract in result.abstracts)


@pytest.mark.parametrize("unit", ["<a", "<i>x</i>", "aB ", "\\emph{x}~y 5% ", "$a", " ", "#"])
def test_a_huge_single_line_gives_drafts_or_a_parse_error_without_hanging(unit, hang_guard):
    line = unit * (2_000_000 // len(unit))
    for text in (line, f"Abstract: {line}", f"{line}\nAbstract: x"):
        try:
            result = parse(text)
        except ParseError as error:
            assert error.line == 0
        else:
            assert result.abstracts or result.errors
