"""The profile parser: an aggregator's researcher page, metrics header then paper entries."""

from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.text import decode
from ingest.parsers import profile
from ingest.parsers.drafts import LinkDraft, MetricsDraft, ParseContext, ParseError

# The real page shows no year on dates of the year it was scraped in ("Jan 12", "Jan 27")
# and a year on all others, the latest being "Dec 8, 2025": it was scraped in 2026, after
# Jan 27 (the latest date without a year). Any day from then on resolves them the same way.
SCRAPED = ParseContext(observed_at=date(2026, 2, 1))
# Invented fixtures: a day in the middle of a year.
OBSERVED = ParseContext(observed_at=date(2025, 6, 1))


@pytest.fixture
def aggregator(shared_listing):
    return profile.parse(shared_listing("profile_aggregator.txt"), SCRAPED)


def by_line(result):
    return {paper.line: paper for paper in result.papers}


def test_real_page_gives_the_person_with_field_and_metrics(aggregator):
    [person] = aggregator.people
    assert (person.line, person.name, person.research_field) == (1, "Shiming Ge", "CV")
    assert person.metrics == MetricsDraft(h_index=15, paper_count=54, citation_count=1706)


def test_real_page_gives_every_listed_entry_and_no_errors(aggregator):
    # The page claims "54 Papers" but lists 50 entries.
    assert len(aggregator.papers) == 50
    assert aggregator.errors == []
    assert {paper.kind for paper in aggregator.papers} == {"preprint"}
    assert Counter(paper.categories[0] for paper in aggregator.papers) == {
        "cs.CV": 37,
        "cs.LG": 12,
        "cs.HC": 1,
    }


@pytest.mark.parametrize(
    ("line", "title", "authors", "found", "category"),
    [
        (
            12,
            "Selective-Supervised Contrastive Learning with Noisy Labels",
            ["Shikun Li", "Xiaobo Xia", "Shiming Ge"],
            "2022-03-08",
            "cs.CV",
        ),
        (
            47,
            "Transferring Annotator- and Instance-dependent Transition Matrix for Learning from Crowds",
            ["Shikun Li", "Xiaobo Xia", "Jiankang Deng"],
            "2023-06-05",
            "cs.HC",
        ),
        (
            131,
            "How Far are Modern Trackers from UAV-Anti-UAV? A Million-Scale Benchmark and New Baseline",
            ["Chunhui Zhang", "Li Liu", "Zhipeng Zhang"],
            "2025-12-08",
            "cs.CV",
        ),
        (
            180,
            "PKI: Prior Knowledge-Infused Neural Network for Few-Shot Class-Incremental Learning",
            ["Kexin Baoa", "Fanzhao Lin", "Zichen Wang"],  # the page's typo, kept as written
            "2026-01-13",
            "cs.CV",
        ),
        (
            355,
            "Predicting Aesthetic Score Distribution through Cumulative Jensen-Shannon Divergence",
            ["Xin Jin", "Le Wu", "Xiaodong Li"],
            "2017-08-23",
            "cs.CV",
        ),
    ],
)
def test_real_entries_give_title_authors_date_and_category(aggregator, line, title, authors, found, category):
    paper = by_line(aggregator)[line]
    assert paper.title == title
    assert [author.name for author in paper.authors] == authors
    assert (paper.date, paper.year, paper.categories) == (found, int(found[:4]), [category])
    assert paper.raw.splitlines()[1] == title


def test_dates_without_a_year_resolve_to_the_scrape_year(aggregator):
    yearless = {line: paper.date for line, paper in by_line(aggregator).items() if paper.year == 2026}
    assert yearless == {
        173: "2026-01-12",
        180: "2026-01-13",
        208: "2026-01-13",
        215: "2026-01-27",
        264: "2026-01-13",
    }


def test_code_flag_gives_a_code_link_with_the_github_url_of_the_abstract(aggregator):
    coded = {paper.line: paper.links for paper in aggregator.papers if paper.links}
    assert len(coded) == 9
    assert coded[12] == [LinkDraft(kind="code", url="https://github.com/ShikunLi/Sel-CL")]
    assert coded[26] == [LinkDraft(kind="code", url="https://github.com/wnma3mz/FedLMD")]
    # "{\color{magenta}{https://…}}." and "\url{https://…}.": no brace or dot in the URL.
    assert coded[96][0].url == "https://github.com/983632847/Awesome-Multimodal-Object-Tracking"
    assert coded[229][0].url == "https://github.com/983632847/WebUAV-3M"
    assert by_line(aggregator)[278].links == []  # a github.io page, and no "Code" flag


def test_et_al_marks_the_author_list_as_cut(aggregator):
    complete = [paper.line for paper in aggregator.papers if paper.authors_complete]
    assert complete == [138, 166, 243]
    assert sum(not paper.authors_complete for paper in aggregator.papers) == 47


def test_affiliation_after_the_authors_is_not_taken_for_a_name(aggregator):
    paper = by_line(aggregator)[68]
    assert [author.name for author in paper.authors] == ["Shikun Li", "Xiaobo Xia", "Hansong Zhang"]
    assert not paper.authors_complete
    assert all("tsinghua" not in author.name for author in paper.authors)


def test_latex_in_abstracts_becomes_text(aggregator):
    papers = by_line(aggregator)
    assert "works in a pair-wise manner" in papers[12].abstract
    assert "called Trustable Co-label Learning (TCL)" in papers[19].abstract
    assert "termed Constrained Dataset Distillation (CD" in papers[208].abstract
    assert "underwater environments, e.g., coral reefs" in papers[96].abstract
    assert "the 2nd Anti-UAV Workshop & Challenge" in papers[278].abstract
    assert "we cluster the “annotator groups” who" in papers[159].abstract
    assert "Spatial Predictive Module (SPM)" in papers[124].abstract
    assert all("\\" not in paper.abstract for paper in aggregator.papers)


def test_percent_signs_and_tildes_in_plain_abstracts_are_kept(aggregator):
    papers = by_line(aggregator)
    assert "96.2%@Rank-1 or 90.0%@mAP on the challenging Market-1501 benchmark." in papers[299].abstract
    assert "up to 14,705, ~934 and 763 faces" in papers[61].abstract


def test_small_page_gives_person_papers_links_and_affiliation_free_authors(fixture_text):
    result = profile.parse(fixture_text("profile_small.txt"), OBSERVED)
    [person] = result.people
    assert (person.name, person.research_field) == ("Mira Okafor", "CV")
    assert person.metrics == MetricsDraft(h_index=7, paper_count=23, citation_count=412)
    assert result.errors == []
    assert [paper.line for paper in result.papers] == [12, 19, 26, 33, 40]
    first, calibrated, fog, grasping, gaze = result.papers
    assert first.links == [LinkDraft(kind="code", url="https://github.com/mokafor/sparse-routing")]
    assert fog.links == [LinkDraft(kind="code")]  # flagged, but no URL given
    assert calibrated.date == "2025-01-09"
    assert [author.name for author in calibrated.authors] == ["Priya Raman", "Mira Okafor"]
    assert calibrated.authors_complete
    assert [author.name for author in grasping.authors] == ["Jonas Eklund", "Mira Okafor", "Sven de la Cruz"]
    assert (gaze.abstract, gaze.authors_complete, gaze.categories) == ("", True, ["cs.HC"])


def test_latex_macros_and_percent_in_one_abstract_keep_the_text_after_the_percent(fixture_text):
    first = profile.parse(fixture_text("profile_small.txt"), OBSERVED).papers[0]
    assert "to a sparse subset of decoder layers and keep 97% of the accuracy at a third" in first.abstract
    assert first.abstract.endswith("e.g., on ADE20K. Code: https://github.com/mokafor/sparse-routing.")


@pytest.mark.parametrize(
    ("line", "title", "names", "complete"),
    [
        (
            "Robust Weight Perturbation for Adversarial TrainingChaojian Yu, Bo Han, Mingming Gong et al.",
            "Robust Weight Perturbation for Adversarial Training",
            ["Chaojian Yu", "Bo Han", "Mingming Gong"],
            False,
        ),
        (
            "Depth Completion for GlassJonas Eklund, Sven de la Cruz",
            "Depth Completion for Glass",
            ["Jonas Eklund", "Sven de la Cruz"],
            True,
        ),
        ("Ranking with CLIPJonas Eklund et al. · kth", "Ranking with CLIP", ["Jonas Eklund"], False),
        ("Spotting DeepFakesYann LeCun, Bo Han", "Spotting DeepFakes", ["Yann LeCun", "Bo Han"], True),
        (
            "Look, Listen and GraspAiko Tanaka, Bo Han",
            "Look, Listen and Grasp",
            ["Aiko Tanaka", "Bo Han"],
            True,
        ),
        ("Tracking with SAM2Chunhui Zhang et al.", "Tracking with SAM2", ["Chunhui Zhang"], False),
    ],
)
def test_title_and_authors_run_together_are_split(line, title, names, complete):
    text = f"Ada Example\nh-index1\nCVMar 8, 2022\n{line}\nAn abstract.\n"
    [paper] = profile.parse(text, OBSERVED).papers
    assert (paper.title, [author.name for author in paper.authors]) == (title, names)
    assert paper.authors_complete is complete
    assert paper.abstract == "An abstract."


def test_glued_page_without_scores_or_blank_lines_parses(fixture_text):
    result = profile.parse(fixture_text("profile_glued.txt"), OBSERVED)
    [person] = result.people
    assert person.metrics == MetricsDraft(h_index=4, paper_count=11, citation_count=1200)
    assert result.errors == []
    assert [(paper.line, paper.title) for paper in result.papers] == [
        (6, "Learning to Push Deformable Bags"),
        (11, "Depth Completion for Glass"),
        (17, "Look, Listen and Grasp: Multimodal Manipulation"),
        (20, "Zero-Shot Grasp Ranking with CLIP"),
    ]
    assert result.papers[1].links == [LinkDraft(kind="code", url="https://github.com/jeklund/glass-depth")]
    assert result.papers[2].abstract == ""


def test_title_with_a_comma_is_not_split_when_the_authors_have_their_own_line():
    text = "Ada Example\nh-index1\nROMay 5, 2022\nSeeing Glass, Hearing Steel\nJonas Eklund, Priya Raman\n"
    [paper] = profile.parse(text, OBSERVED).papers
    assert paper.title == "Seeing Glass, Hearing Steel"
    assert [author.name for author in paper.authors] == ["Jonas Eklund", "Priya Raman"]


def test_malformed_entries_become_errors_and_parsing_continues(fixture_text):
    result = profile.parse(fixture_text("profile_malformed.txt"), OBSERVED)
    assert [(error.line, error.reason) for error in result.errors] == [
        (6, "header line not understood: 'Follow'"),
        (8, "a category/date line without a title"),
        (16, "no title: an author list follows the category/date line"),
        (22, "a category/date line without a title"),
    ]
    assert result.errors[2].raw.startswith("CVJan 5, 2024\n\nAiko Tanaka, Jonas Eklund et al.")
    [paper] = result.papers
    assert (paper.line, paper.title, paper.date) == (9, "Gaze Heatmaps for Slide Design", "2024-03-01")


def test_crlf_input_decoded_by_the_caller_parses_like_lf(fixture_text):
    text = fixture_text("profile_small.txt")
    crlf = profile.parse(decode(text.replace("\n", "\r\n").encode("utf-8")), OBSERVED)
    assert crlf == profile.parse(text, OBSERVED)


def test_an_entry_without_an_author_line_keeps_the_paper_with_an_unknown_author_list():
    text = "Ada Example\nh-index1\nCVMar 8, 2022\nA Title\n\nDeep networks fail in fog. We fix that.\n"
    [paper] = profile.parse(text, OBSERVED).papers
    assert (paper.title, paper.authors, paper.authors_complete) == ("A Title", [], False)
    assert paper.abstract == "Deep networks fail in fog. We fix that."


@pytest.mark.parametrize("text", ["", " \n\n", "Just some notes\nabout nothing\n"])
def test_input_that_is_not_a_profile_raises_parse_error(text):
    with pytest.raises(ParseError):
        profile.parse(text, OBSERVED)


LINES = st.sampled_from(
    ["CVMar 8, 2022Code", "LGJan 12", "h-index15", "54papers", "A Title", "Ab Cd, Ef Gh et al. · x", ""]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES | st.text(max_size=40), max_size=30))
def test_any_text_gives_a_result_or_a_parse_error(lines):
    try:
        result = profile.parse("\n".join(lines), OBSERVED)
    except ParseError:
        return
    assert all(paper.line >= 1 for paper in result.papers)


@pytest.mark.parametrize(
    "unit", ["aB", "<a", "Ab Cd, ", "TitleAb Cd, ", "\\emph{x}~y 5% ", "$a", "h-index1,"]
)
def test_a_huge_single_line_gives_drafts_or_a_parse_error_without_hanging(unit, hang_guard):
    line = unit * (2_000_000 // len(unit))
    for text in (line, f"Ada\nh-index1\nCVMar 8, 2022\n{line}", f"Ada\nh-index1\nCVMar 8, 2022\nT\n{line}"):
        try:
            result = profile.parse(text, OBSERVED)
        except ParseError as error:
            assert error.line == 0
        else:
            assert result.papers or result.errors or result.people
