"""The proceedings parser: markdown lists of a conference's papers to paper drafts."""

from datetime import date

import pytest

from ingest.parsers import parse as parse_any
from ingest.parsers import proceedings
from ingest.parsers.drafts import LinkDraft, PaperDraft, ParseContext, ParseError, ParseResult
from ingest.parsers.proceedings import parse

CVPR_LISTING = "proceedings_cvpr2023_part.md"


@pytest.fixture
def context(venue_aliases) -> ParseContext:
    return ParseContext(observed_at=date(2025, 6, 1), venue_aliases=venue_aliases)


@pytest.fixture
def cvpr(shared_listing, context) -> ParseResult:
    return parse(shared_listing(CVPR_LISTING), context)


@pytest.fixture
def variants(fixture_text, context) -> ParseResult:
    return parse(fixture_text("proceedings_variants.md"), context)


def by_title(result: ParseResult, start: str) -> PaperDraft:
    return next(paper for paper in result.papers if paper.title.startswith(start))


def names(paper: PaperDraft) -> list[str]:
    return [author.name for author in paper.authors]


# The real listing (../shared/listings)


def test_real_listing_gives_one_paper_per_entry_and_no_errors(cvpr):
    assert len(cvpr.papers) == 100
    assert cvpr.errors == []
    assert len({paper.doi for paper in cvpr.papers}) == 100


def test_first_entry_without_indentation_is_read_whole(cvpr):
    paper = cvpr.papers[0]
    assert paper.line == 1
    assert (
        paper.title == "Weakly Supervised Temporal Sentence Grounding with Uncertainty-Guided Self-training"
    )
    assert names(paper) == ["Yifei Huang", "Lijin Yang", "Yoichi Sato"]
    assert paper.authors_complete
    assert (paper.venue_text, paper.venue_acronym, paper.year, paper.date) == (
        "cvpr 2023",
        "CVPR",
        2023,
        "2023",
    )
    assert paper.kind == "conference"
    assert paper.doi == "10.1109/cvpr52729.2023.01813"
    assert paper.links == [LinkDraft("doi", "https://doi.org/10.1109/CVPR52729.2023.01813")]
    assert paper.abstract.startswith("The task of weakly supervised temporal sentence grounding aims at")
    assert paper.raw.startswith("## [1800] Weakly Supervised") and paper.raw.endswith(
        "multiple backbone methods."
    )


def test_indented_entries_keep_the_line_of_their_heading(cvpr):
    assert [paper.line for paper in cvpr.papers[:3]] == [1, 15, 29]
    assert by_title(cvpr, "HIER: Metric Learning").line == 1354
    last = cvpr.papers[-1]
    assert (last.line, last.title) == (
        1438,
        "Balanced Product of Calibrated Experts for Long-Tailed Recognition",
    )
    assert last.doi == "10.1109/cvpr52729.2023.01912"


def test_accented_author_names_are_kept_as_written(cvpr):
    assert names(by_title(cvpr, "AutoAD: Movie Description in Context")) == [
        "Tengda Han", "Max Bain", "Arsha Nagrani", "Gül Varol", "Weidi Xie", "Andrew Zisserman",
    ]  # fmt: skip
    assert "Farid Boussaïd" in names(by_title(cvpr, "Learning Multi-Modal Class-Specific Tokens"))


def test_a_125_author_list_is_kept_whole(cvpr):
    paper = by_title(cvpr, "Why is the Winner the Best?")
    assert len(paper.authors) == 125
    assert (paper.authors[0].name, paper.authors[-1].name) == ("Matthias Eisenmann", "Lena Maier-Hein")
    assert "Paul F. Jäger" in names(paper)


def test_every_entry_has_cvpr_2023_and_a_cvpr_doi(cvpr):
    assert {(paper.venue_acronym, paper.year) for paper in cvpr.papers} == {("CVPR", 2023)}
    assert all(paper.doi.startswith("10.1109/cvpr52729.2023.") for paper in cvpr.papers)
    assert sum(len(paper.authors) for paper in cvpr.papers) == 661


def test_mathml_markup_is_dropped_and_its_text_kept(cvpr):
    paper = by_title(cvpr, "$R^{2}$ Former: Unified Retrieval")
    assert "named $R^{2}$ Former. The proposed reranking module" in paper.abstract
    assert "feature correlation, attention value, and $xy$ coordinates" in paper.abstract
    for paper in cvpr.papers:
        assert "<" not in paper.abstract and "xmlns" not in paper.abstract


def test_tags_on_lines_of_their_own_join_the_words_around_them(cvpr):
    abstracts = " ".join(paper.abstract for paper in cvpr.papers)
    assert "our method ranks 1st and sets a new record" in abstracts
    assert "Experiments on Pascal-5i and COCO-20i demonstrate" in abstracts
    assert "a simple but effective L2-norm based feature normalization" in abstracts
    assert "we propose D2Zero with Semantic-Promoted Debiasing" in abstracts


def test_title_with_ampersand_is_kept(cvpr):
    paper = by_title(cvpr, "Distilling Self-Supervised Vision Transformers")
    assert paper.title.endswith("Few-Shot Classification & Segmentation")


# Small fixtures written for these tests


def test_small_listing_gives_three_papers_with_their_markup_removed(fixture_text, context):
    result = parse(fixture_text("proceedings_small.md"), context)
    assert [paper.line for paper in result.papers] == [1, 17, 35]
    first, second, third = result.papers
    assert (first.venue_acronym, first.year, first.doi) == ("ICCV", 2021, "10.1109/iccv48922.2021.00310")
    assert "so that a scene of $10^{6}$ points relights" in first.abstract
    assert (
        "the top rank (1st place) on two aerial benchmarks with an L1-penalised decoder & no"
        in second.abstract
    )
    assert names(second) == ["Aurélie Fontaine", "Tomasz Wiśniewski"]
    assert names(third) == ["Priya Raman", "Jonas Åkesson", "Li Wei"]
    assert result.errors == []


def test_flush_left_entry_is_read(variants):
    paper = by_title(variants, "Entry Without Indentation")
    assert (paper.line, names(paper), paper.doi) == (
        3,
        ["Hana Novak", "Oskar Lind"],
        "10.1109/iccv48922.2021.00400",
    )
    assert paper.abstract == "An entry written flush left, as some exports do."


def test_entry_without_url_has_no_doi_and_no_link(variants):
    paper = by_title(variants, "Entry Without a URL")
    assert (paper.doi, paper.links, names(paper)) == ("", [], ["Rafael Duarte"])
    assert paper.abstract == "The listing lost the link of this paper."


def test_authors_label_without_asterisks_and_a_bare_url_are_read(variants):
    paper = by_title(variants, "Authors Without Asterisks")
    assert names(paper) == ["Mei Tanaka", "Samuel Osei"]
    assert paper.doi == "10.1109/iccv48922.2021.00402"
    assert paper.links == [LinkDraft("doi", "https://doi.org/10.1109/ICCV48922.2021.00402")]


def test_entry_without_number_is_a_paper(variants):
    paper = by_title(variants, "Entry Without a Number")
    assert (paper.line, names(paper)) == (43, ["Ingrid Solberg", "Paulo Reis"])


def test_entry_without_title_is_reported_and_the_others_still_come_out(variants):
    assert variants.errors == [ParseError(57, "the entry [404] has no title")]
    assert "This entry lost its title" in variants.errors[0].raw
    assert len(variants.papers) == 5
    assert variants.papers[-1].title == "An Abstract in Two Paragraphs"


def test_abstract_paragraphs_stay_apart_and_wrapped_lines_join(variants):
    paper = by_title(variants, "An Abstract in Two Paragraphs")
    assert paper.abstract == (
        "The first paragraph states the problem. It wraps onto a second line.\n\n"
        "The second paragraph gives the result."
    )


def test_page_heading_is_not_a_paper(variants):
    assert not any("accepted papers" in paper.title for paper in variants.papers)


def test_crlf_input_reads_like_lf(fixture_text, context):
    text = fixture_text("proceedings_small.md")
    crlf = parse_any(
        text.replace("\n", "\r\n").encode("utf-8"), "proceedings", venue_aliases=context.venue_aliases
    )
    assert crlf.papers == parse(text, context).papers
    assert parse(text.replace("\n", "\r\n"), context).papers[1].abstract == crlf.papers[1].abstract


def test_fields_without_heading_after_an_abstract_are_reported_as_an_untitled_entry(context):
    text = (
        "## [1] A Titled Paper\n\n**Authors**: *Ada Lovelace*\n\n**Abstract**:\n\nText one.\n\n"
        "**Authors**: *Alan Turing*\n\n**Abstract**:\n\nText two.\n"
    )
    result = parse(text, context)
    assert [paper.title for paper in result.papers] == ["A Titled Paper"]
    assert result.papers[0].abstract == "Text one."
    assert result.errors == [ParseError(9, "the entry has no title")]


def test_code_label_inside_an_abstract_stays_text(context):
    text = "## [1] T\n\n**Authors**: *A B*\n\n**Abstract**:\n\nWe win.\nCode: https://github.com/x/y\n"
    assert parse(text, context).papers[0].abstract == "We win. Code: https://github.com/x/y"


def test_text_without_entries_is_unusable(context):
    with pytest.raises(ParseError) as caught:
        parse("Just a paragraph of text.\n\nAnother one.\n", context)
    assert caught.value.line == 0


HOSTILE = ["<a " * 50_000, "<a b='" * 30_000, "<!--" + "x" * 100_000, "</" * 50_000, "<i>x</i>" * 20_000]
HOSTILE += [" " * 200_000, "[" * 200_000, "[a](" * 50_000, "*" * 200_000]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_lines_are_read_without_hanging(context, hostile, hang_guard):
    text = f"## {' ' * 200_000}x\n**Authors**:{' *' * 100_000}\n**URL**: {hostile}\n**Abstract**:\n{hostile}"
    result = parse(text, context)
    assert result.papers[0].title == "x"


def test_an_entry_that_trips_a_normalizer_is_reported_and_the_others_still_come_out(context, monkeypatch):
    def fragile(text: str) -> str:
        if "boom" in text:
            raise ValueError("unexpected text")
        return ""

    monkeypatch.setattr(proceedings, "normalize_doi", fragile)
    text = "## [1] A\n\n**URL**: https://x.org/a\n\n----\n\n## [2] B\n\n**URL**: https://x.org/boom\n"
    result = parse(text, context)
    assert [paper.title for paper in result.papers] == ["A"]
    assert result.errors == [ParseError(7, "the entry could not be read: ValueError: unexpected text")]
