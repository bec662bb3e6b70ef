"""The demo listings (ingest/demo_listings/): each parses cleanly, and together they overlap as designed.

The demo goes in through the real pipeline from these files, so they must read without errors
and share papers across formats: that is what the demo's merging shows.
"""

from collections import Counter
from datetime import date

import pytest
from django.conf import settings

from core.keys import name_key, title_key
from ingest.parsers import ParseResult, parse
from ingest.parsers.drafts import MembershipDraft

LISTINGS_DIR = settings.BASE_DIR / "ingest" / "demo_listings"
# The day the demo's pages were "scraped": the profile's dates without a year are of 2025.
OBSERVED_AT = date(2025, 6, 1)
FORMATS = {
    "okafor_homepage.txt": "homepage",
    "vll_papers.bib": "bibtex",
    "okafor_profile.txt": "profile",
    "cvpr_demo_proceedings.md": "proceedings",
    "okafor_abstracts.txt": "abstracts",
}
# (papers, people, memberships, entries, abstracts) of each listing, as designed.
COUNTS = {
    "homepage": (42, 1, 14, 22, 0),
    "bibtex": (63, 0, 0, 0, 0),
    "profile": (17, 1, 0, 0, 0),
    "proceedings": (13, 0, 0, 0, 0),
    "abstracts": (0, 0, 0, 0, 5),
}
DEMO_VENUES = {"CVPR", "ICCV", "ECCV", "NeurIPS", "ICML", "ICLR", "AAAI", "ACM MM", "WACV", "BMVC"}
DEMO_VENUES |= {"TPAMI", "IJCV", "TIP", "TMM", "arXiv"}
# 14 stints of 13 people: Qiyue Tan was a master student, then a Ph.D. student.
MEMBER_ROLES = {"phd": 7, "master": 2, "research_assistant": 2, "postdoc": 1, "research_engineer": 1}
MEMBER_ROLES |= {"visiting_phd": 1}


def read(name: str) -> str:
    return (LISTINGS_DIR / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(venue_aliases) -> dict[str, ParseResult]:
    """Every demo listing parsed with its own format, once for the module."""
    return {
        fmt: parse(read(name), fmt, observed_at=OBSERVED_AT, venue_aliases=venue_aliases)
        for name, fmt in FORMATS.items()
    }


def titles(result: ParseResult) -> set[str]:
    return {title_key(paper.title) for paper in result.papers}


def member(result: ParseResult, name: str, role: str) -> MembershipDraft:
    return next(m for m in result.memberships if m.name == name and m.role == role)


@pytest.mark.parametrize("name", FORMATS)
def test_demo_listing_parses_without_errors(parsed, name):
    assert parsed[FORMATS[name]].errors == []


@pytest.mark.parametrize("name", FORMATS)
def test_auto_detection_finds_the_intended_format(venue_aliases, name):
    result = parse(read(name), "auto", observed_at=OBSERVED_AT, venue_aliases=venue_aliases)
    assert result.format == FORMATS[name]


@pytest.mark.parametrize("fmt", COUNTS)
def test_each_listing_holds_the_records_it_was_written_with(parsed, fmt):
    result = parsed[fmt]
    counts = (len(result.papers), len(result.people), len(result.memberships))
    assert (*counts, len(result.entries), len(result.abstracts)) == COUNTS[fmt]


@pytest.mark.parametrize("fmt", ["homepage", "bibtex", "profile", "proceedings"])
def test_no_listing_repeats_a_title(parsed, fmt):
    keys = [title_key(paper.title) for paper in parsed[fmt].papers]
    assert len(keys) == len(set(keys))


def test_homepage_and_bibtex_together_hold_the_eighty_demo_papers(parsed):
    homepage, bibtex = titles(parsed["homepage"]), titles(parsed["bibtex"])
    assert len(homepage & bibtex) == 25
    assert len(homepage | bibtex) == 80


def test_every_profile_entry_is_a_bibtex_paper_and_some_are_on_the_homepage(parsed):
    profile = titles(parsed["profile"])
    assert profile <= titles(parsed["bibtex"])
    assert len(profile & titles(parsed["homepage"])) == 6


def test_proceedings_hold_the_labs_three_cvpr_2024_papers_among_others(parsed):
    proceedings = titles(parsed["proceedings"])
    assert len(proceedings & titles(parsed["homepage"])) == 3
    assert len(proceedings & titles(parsed["bibtex"])) == 3
    assert all(paper.venue_acronym == "CVPR" and paper.year == 2024 for paper in parsed["proceedings"].papers)


def test_all_dois_use_the_test_prefix(parsed):
    dois = [paper.doi for result in parsed.values() for paper in result.papers if paper.doi]
    assert len(dois) == 28 + 13  # bibtex, proceedings
    assert all(doi.startswith("10.5555/") for doi in dois)


@pytest.mark.parametrize("fmt", ["homepage", "bibtex", "proceedings"])
def test_every_venue_line_resolves_to_a_catalogue_venue(parsed, fmt):
    for paper in parsed[fmt].papers:
        assert paper.venue_acronym in DEMO_VENUES, (paper.title, paper.venue_text)
        assert (paper.venue_acronym == "arXiv") == (paper.kind == "preprint"), paper.title
        assert paper.year is not None


def test_homepage_members_have_their_roles_dates_and_co_advisors(parsed):
    homepage = parsed["homepage"]
    master, phd = member(homepage, "Qiyue Tan", "master"), member(homepage, "Qiyue Tan", "phd")
    assert (master.start, master.end, phd.start, phd.end) == ("2019-08", "2020-12", "2021-08", "")
    teo = member(homepage, "TEO Shu Min", "phd")
    assert (teo.start, teo.end, teo.title) == ("2018-08", "2023-06", "Ph.D. Student")
    karadag = member(homepage, "Elif Karadağ", "phd")
    assert (karadag.start, karadag.co_advisors) == ("2023-08", ["Clara Montague"])
    assert member(homepage, "Priya Raghunathan", "phd").co_advisors == ["Ingrid Halvorsen"]
    assert member(homepage, "Wielgosz Tomasz", "phd").end == "2020-12"


def test_homepage_staff_and_visitors_keep_their_institution_and_email(parsed):
    homepage = parsed["homepage"]
    assert member(homepage, "Kenji Moriyama", "research_engineer").start == "2018-06"
    assert member(homepage, "Jonas Brenneke", "postdoc").title == "Postdoctoral Researcher"
    ferraro = member(homepage, "Luca Ferraro", "visiting_phd")
    assert (ferraro.start, ferraro.end) == ("2023-09", "2024-02")
    assert ferraro.institution == "Politecnico di Valmarena"
    kowalczyk = member(homepage, "Hana Kowalczyk", "master")
    assert kowalczyk.institution == "Technische Hochschule Ellerau"
    assert kowalczyk.email == "hana.kowalczyk@nbu.example.org"
    assert Counter(membership.role for membership in homepage.memberships) == MEMBER_ROLES


def test_members_listed_in_another_name_order_are_authors_of_homepage_papers(parsed):
    homepage = parsed["homepage"]
    authors = {name_key(author.name) for paper in homepage.papers for author in paper.authors}
    members = {membership.name for membership in homepage.memberships}
    assert {"TEO Shu Min", "Wielgosz Tomasz"} <= members
    assert {name_key(name) for name in members} <= authors


def test_homepage_owner_entries_and_selected_papers(parsed):
    homepage = parsed["homepage"]
    owner = homepage.people[0]
    assert (owner.name, owner.position) == ("Mira Okafor", "Associate Professor of Computer Science")
    assert owner.affiliation == "Northbridge University"
    kinds = Counter(entry.kind for entry in homepage.entries)
    assert kinds == {"news": 10, "award": 3, "funding": 2, "service": 3, "talk": 2, "teaching": 2}
    assert sum(paper.selected for paper in homepage.papers) == 9


def test_profile_reports_metrics_and_cuts_long_author_lists(parsed):
    profile = parsed["profile"]
    metrics = profile.people[0].metrics
    assert (metrics.h_index, metrics.citation_count, metrics.paper_count) == (31, 7864, 97)
    cut = [paper for paper in profile.papers if not paper.authors_complete]
    assert len(cut) == 16
    assert all(len(paper.authors) == 3 for paper in cut)
    assert all(paper.categories in (["cs.CV"], ["cs.LG"]) for paper in profile.papers)


def test_a_cut_profile_author_list_has_a_full_one_in_bibtex(parsed):
    bibtex = {title_key(paper.title): paper for paper in parsed["bibtex"].papers}
    cut = [paper for paper in parsed["profile"].papers if not paper.authors_complete]
    longer = [paper for paper in cut if bibtex[title_key(paper.title)].authors_complete]
    assert len(longer) == 13
    assert all(len(bibtex[title_key(paper.title)].authors) > 3 for paper in longer)


def test_bibtex_keeps_four_papers_whose_only_author_list_is_cut(parsed):
    cut = [paper for paper in parsed["bibtex"].papers if not paper.authors_complete]
    assert len(cut) == 4


def test_abstracts_complete_cut_profile_abstracts_and_one_matches_no_paper(parsed):
    cut = [paper.abstract for paper in parsed["profile"].papers]
    full = [abstract.text for abstract in parsed["abstracts"].abstracts]
    completing = [text for text in full if any(text.startswith(start) and text != start for start in cut)]
    assert len(completing) == 4
    known = {paper.abstract for result in parsed.values() for paper in result.papers}
    assert sum(text not in known and text not in completing for text in full) == 1
