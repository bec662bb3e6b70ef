"""The homepage parser: a faculty page as text in, drafts out (pure; no database)."""

from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.parsers.drafts import ParseContext, ParseError, ParseResult
from ingest.parsers.homepage import parse

OBSERVED = date(2024, 5, 1)


@pytest.fixture
def context(venue_aliases) -> ParseContext:
    return ParseContext(observed_at=OBSERVED, venue_aliases=venue_aliases)


@pytest.fixture
def faculty(shared_listing, context) -> ParseResult:
    return parse(shared_listing("homepage_faculty.txt"), context)


@pytest.fixture
def small_text(fixture_text) -> str:
    return fixture_text("homepage_small.txt")


@pytest.fixture
def small(small_text, context) -> ParseResult:
    return parse(small_text, context)


def member(result: ParseResult, name: str):
    return next(draft for draft in result.memberships if draft.name == name)


def paper(result: ParseResult, key: str):
    return next(draft for draft in result.papers if draft.citation_key == key)


def entries(result: ParseResult, kind: str):
    return [entry for entry in result.entries if entry.kind == kind]


def digest(result: ParseResult) -> tuple:
    """What a layout variant must not change: everything but line numbers and raw text."""
    members = [(m.name, m.section, m.role, m.title, m.start, m.end, m.co_advisors, m.institution, m.email)
               for m in result.memberships]  # fmt: skip
    papers = [(p.citation_key, p.title, [a.name for a in p.authors], p.venue_text, p.venue_acronym, p.year,
               p.presentation, p.honors, [link.label for link in p.links], p.abstract, p.kind, p.arxiv_id)
              for p in result.papers]  # fmt: skip
    found = [(e.kind, e.text, e.date, e.end, [link.label for link in e.links]) for e in result.entries]
    people = [(p.name, p.bio, p.position, p.affiliation) for p in result.people]
    return members, papers, found, people, [error.reason for error in result.errors]


# The real listing: members ----------------------------------------------------------------------


def test_faculty_members_are_counted_per_section(faculty):
    sections = Counter(draft.section for draft in faculty.memberships)
    assert sections == {"Ph.D. Students": 5, "Master Students": 2, "Research Fellows/Assistants": 17}
    assert faculty.errors == []


def test_faculty_phd_student_keeps_co_advisor_institution_and_inline_email(faculty):
    yaoyao = member(faculty, "Yaoyao Liu")
    assert (yaoyao.role, yaoyao.title, yaoyao.start, yaoyao.end) == ("phd", "", "2018", "2022")
    assert yaoyao.co_advisors == ["Bernt Schiele"]
    assert yaoyao.institution == "MPI for Informatics"
    assert yaoyao.email == "yaoyao.liu@mpi-inf.mpg.de"
    assert yaoyao.line == 42


def test_faculty_email_on_its_own_line_is_deobfuscated(faculty):
    assert member(faculty, "Sicheng Yu").email == "scyu.2018@phdcs.smu.edu.sg"
    assert member(faculty, "Sicheng Yu").institution == "SMU"


def test_faculty_since_date_is_an_open_membership(faculty):
    tan = member(faculty, "Tan Wang")
    assert (tan.start, tan.end, tan.co_advisors) == ("2020-08", "", ["Hanwang Zhang"])
    assert member(faculty, "Qing Wang").start == "2021-01"


def test_faculty_master_student_name_keeps_its_capitals(faculty):
    loh = member(faculty, "LOH Yi Lin")
    assert (loh.role, loh.start, loh.end, loh.institution, loh.email) == (
        "master",
        "2022-01",
        "2022-11",
        "SMU",
        "",
    )


def test_faculty_fellows_take_their_role_from_the_role_line(faculty):
    roles = {draft.name: (draft.role, draft.title) for draft in faculty.memberships}
    assert roles["Xin Fu"] == ("research_assistant", "Research Assistant")
    assert roles["Muhammad Naufal"] == ("research_student", "Research Student")
    assert roles["Xiongwei Wu"] == ("postdoc", "PostDoc")
    assert roles["Lv Hui"] == ("postdoc", "Postdoc")
    assert roles["Xin Zhao"] == ("visiting", "Visiting")
    assert roles["Zichen Tian"] == ("research_engineer", "Research Engineer")
    assert roles["Binhui Liu"] == ("visiting_phd", "Visiting PhD Student")
    assert roles["AW Khai Loong"] == ("research_assistant", "Research Assistant")


def test_faculty_fellow_dates_co_advisors_and_institutions(faculty):
    lv = member(faculty, "Lv Hui")
    assert (lv.start, lv.end, lv.institution) == ("2023-03", "2024-02", "SMU")
    zichen = member(faculty, "Zichen Tian")
    assert (zichen.start, zichen.end) == ("2023-03", "2023-07")
    wu = member(faculty, "Xiongwei Wu")
    assert (wu.co_advisors, wu.email) == (["Ee-Peng Lim"], "xwwu@smu.edu.sg")
    assert member(faculty, "Ning Han").institution == "Hunan University"
    assert member(faculty, "Binhui Liu").institution == "Nanjing University of Science and Technology"


# The real listing: publications -----------------------------------------------------------------


def test_faculty_selected_publications_are_counted_per_year(faculty):
    assert len(faculty.papers) == 44
    assert all(draft.selected for draft in faculty.papers)
    per_year = Counter(draft.year for draft in faculty.papers)
    assert per_year == {2024: 5, 2023: 10, 2022: 7, 2021: 9, 2020: 6, 2019: 2, 2018: 3, 2017: 2}


def test_faculty_paper_has_title_authors_venue_links_and_abstract(faculty):
    tif = paper(faculty, "tif_cvpr2024")
    assert tif.title == "Few-shot Learner Parameterization by Diffusion Time-steps"
    assert [author.name for author in tif.authors] == [
        "Zhongqi Yue",
        "Pan Zhou",
        "Richang Hong",
        "Hanwang Zhang",
        "Qianru Sun",
    ]
    assert tif.authors_complete
    assert tif.venue_text == "The IEEE/CVF Computer Vision and Pattern Recognition Conference, CVPR '24"
    assert (tif.venue_acronym, tif.year, tif.kind) == ("CVPR", 2024, "")
    assert [(link.kind, link.url, link.label) for link in tif.links] == [
        ("pdf", "", "[paper]"),
        ("code", "", "[code]"),
    ]
    assert tif.abstract.startswith("Even when using large multi-modal foundation models")
    assert tif.abstract.endswith("customized few-shot learning tasks.")
    assert tif.line == 177
    assert (
        tif.raw.splitlines()[0].strip()
        == "tif_cvpr2024 Few-shot Learner Parameterization by Diffusion Time-steps"
    )
    assert tif.raw.splitlines()[-1].strip().startswith("Even when using")


def test_faculty_venue_year_wins_over_a_disagreeing_citation_key(faculty):
    ifsl = paper(faculty, "NeurIPS2021_IFSL")
    assert (ifsl.title, ifsl.year, ifsl.venue_acronym) == (
        "Interventional Few-Shot Learning",
        2020,
        "NeurIPS",
    )
    assert ifsl.venue_text == "Neural Information Processing Systems, NeurIPS '20"


def test_faculty_presentations_and_acceptance_rates(faculty):
    freestyle = paper(faculty, "CVPR2023_Freestyle")
    assert (freestyle.presentation, freestyle.honors) == ("highlight", ["Acceptance rate 2.5%"])
    assert freestyle.venue_text == "2023 Conference on Computer Vision and Pattern Recognition, CVPR '23"
    face = paper(faculty, "ECCV2022_FACE")
    assert (face.presentation, face.honors) == ("oral", ["Acceptance rate 2.7%"])
    ipirm = paper(faculty, "NeurIPS2021_IPIRM")
    assert (ipirm.presentation, ipirm.honors) == ("spotlight", ["Acceptance rate 3%"])
    assert paper(faculty, "AAAI2022_RED").honors == ["Acceptance rate 15%"]
    assert paper(faculty, "CVPR2018_DPIG").presentation == "spotlight"


def test_faculty_honor_before_the_link_labels_is_kept(faculty):
    mtl = paper(faculty, "CVPR2019_MTL")
    assert mtl.honors == ["Top 200 Most Cited CVPR Paper over the Last Five Years"]
    assert [link.label for link in mtl.links] == ["[paper]", "[poster]", "[code]"]
    pg2 = paper(faculty, "NeurIPS2017_PG2")
    assert pg2.honors == ["Top 100 Most Cited NIPS (NeurIPS) Paper over the Last Five Years"]
    assert (pg2.venue_acronym, pg2.year) == ("NeurIPS", 2017)


def test_faculty_arxiv_paper_is_a_preprint_with_its_id(faculty):
    sar = paper(faculty, "sar_arxiv_zichen")
    assert (sar.arxiv_id, sar.kind, sar.year) == ("2311.17486", "preprint", 2024)
    assert [(link.kind, link.label) for link in sar.links] == [("pdf", "[pre-print]"), ("code", "[code]")]


def test_faculty_link_labels_map_to_link_kinds(faculty):
    kinds = {link.label: link.kind for draft in faculty.papers for link in draft.links}
    assert kinds == {
        "[paper]": "pdf",
        "[pre-print]": "pdf",
        "[code]": "code",
        "[decoder code]": "code",
        "[PDM code]": "code",
        "[supp]": "supplement",
        "[supp.]": "supplement",
        "[appendix]": "appendix",
        "[video]": "video",
        "[slides]": "slides",
        "[poster]": "poster",
        "[project]": "project",
        "[challenge]": "other",
    }


def test_faculty_keys_with_dashes_and_short_years_are_citation_keys(faculty):
    assert paper(faculty, "CVPR2020_VC-RCNN").title == "Visual Commonsense R-CNN"
    assert paper(faculty, "ICCV23_Point").venue_acronym == "ICCV"
    assert paper(faculty, "MM2021_FoodSef").venue_text == (
        "The 29th ACM International Conference on Multimedia, ACM MM '21"
    )


# The real listing: owner and entries ------------------------------------------------------------


def test_faculty_owner_is_the_author_of_every_paper_named_by_the_possessive_headings(faculty):
    [owner] = faculty.people
    assert owner.name == "Qianru Sun"
    assert owner.bio.startswith("I am an assistant professor")
    assert owner.bio.endswith("computer vision and machine learning.")
    assert owner.position == "assistant professor of computer science"
    assert owner.affiliation == "Singapore Management University"


def test_faculty_entries_are_counted_per_kind(faculty):
    counts = Counter(entry.kind for entry in faculty.entries)
    assert counts == {
        "news": 33,
        "award": 6,
        "funding": 4,
        "service": 12,
        "talk": 7,
        "seminar": 10,
        "collaboration": 3,
        "teaching": 5,
    }


def test_faculty_section_headings_written_as_bullets_are_not_entries(faculty):
    texts = {entry.text for entry in faculty.entries}
    assert not texts & {"Ph.D. Students", "Qianru's Services", "Qianru's Talks", "Group Seminars", "Teaching"}


def test_faculty_news_keep_their_labels_and_have_no_date(faculty):
    news = entries(faculty, "news")
    assert news[0].text.startswith("We are looking for local Ph.D. applicants")
    assert [link.label for link in news[0].links] == ["[info]", "[call]"]
    assert all(entry.date == "" for entry in news)
    assert news[-1].text == "Our paper about few-shot learning is accepted by CVPR '19."


def test_faculty_awards_and_grants_are_dated(faculty):
    awards, funding = entries(faculty, "award"), entries(faculty, "funding")
    assert (awards[0].date, awards[0].text) == (
        "2023-03",
        "Chinese Young Female Scholars in AI (Baidu Talent Program)",
    )
    assert (funding[0].date, funding[0].text) == ("2022-08", "DSO Research Grant (DSO National Laboratories)")
    assert awards[-1].date == "2016-03"


def test_faculty_talks_and_seminars_are_dated_with_their_slides(faculty):
    talk = entries(faculty, "talk")[0]
    assert talk.date == "2023-06"
    assert talk.text == 'Invited Talk, NJUST & NJUPT. "Learning from limited data for visual recognition"'
    assert [(link.kind, link.label) for link in talk.links] == [("slides", "[slides]")]
    seminar = entries(faculty, "seminar")[0]
    assert (seminar.date, seminar.text) == (
        "2022-04-29",
        'AW Khai Loong. "Unsupervised Semantic Segmentation"',
    )
    assert entries(faculty, "seminar")[-1].date == ""


def test_faculty_teaching_spans_years(faculty):
    teaching = entries(faculty, "teaching")
    assert (teaching[0].date, teaching[0].end, teaching[0].text) == (
        "2022",
        "2024",
        "CS601 - Introduction to AI (MITB)",
    )
    assert (teaching[-1].date, teaching[-1].end, teaching[-1].text) == (
        "2020",
        "",
        "IS112 - Data Management (UG)",
    )


def test_faculty_records_come_out_in_line_order(faculty):
    lines = [draft.line for draft in faculty.records()]
    assert lines == sorted(lines)
    assert faculty.format == "homepage"


# The small fixture -------------------------------------------------------------------------------


def test_small_members_with_two_co_advisors_and_section_roles(small):
    maren = member(small, "Maren Okafor")
    assert maren.co_advisors == ["Tomas Lindqvist", "Ada Ruiz"]
    assert (maren.institution, maren.email) == (
        "Lakeside Institute of Technology",
        "maren.okafor@lit.example.edu",
    )
    assert (member(small, "Priya Nandakumar").start, member(small, "Priya Nandakumar").end) == ("2021-09", "")
    assert member(small, "DIAZ Marco Antonio").role == "master"
    assert member(small, "Felix Brandt").role == "postdoc"
    assert member(small, "Wen Zhuo").role == "visiting_phd"
    assert len(small.memberships) == 5


def test_small_papers_with_honors_preprint_and_a_key_without_underscore(small):
    assert [draft.citation_key for draft in small.papers] == [
        "voxel_cvpr24",
        "frugal_arxiv",
        "Okafor2022",
        "NeurIPS2023_DRIFT",
    ]
    counting = paper(small, "Okafor2022")
    assert counting.honors == ["Best Paper Honorable Mention", "Acceptance rate 2.7%"]
    assert (counting.presentation, counting.year, counting.venue_acronym) == ("oral", 2022, "ECCV")
    assert paper(small, "frugal_arxiv").kind == "preprint"
    assert paper(small, "frugal_arxiv").arxiv_id == "2402.01234"
    assert paper(small, "NeurIPS2023_DRIFT").year == 2022
    assert [link.kind for link in paper(small, "voxel_cvpr24").links] == ["pdf", "code", "supplement"]


def test_small_owner_from_author_lists_and_possessive_heading(small):
    [owner] = small.people
    assert (owner.name, owner.position, owner.affiliation) == (
        "Jane Holloway",
        "associate professor of information systems",
        "Lakeside Institute of Technology",
    )


def test_small_entries_and_a_news_date_without_year(small):
    news = entries(small, "news")
    assert (news[1].date, news[1].text) == (
        "2024-02-03",
        "Our workshop on frugal learning is accepted at ECCV '24.",
    )
    assert [link.kind for link in news[0].links] == ["pdf", "code"]
    assert [entry.kind for entry in small.entries if entry.kind not in ("news",)] == [
        "funding",
        "award",
        "service",
        "talk",
        "seminar",
        "collaboration",
        "teaching",
        "teaching",
    ]
    assert entries(small, "seminar")[0].date == "2023-05-03"


def test_a_yearless_date_resolves_to_the_year_before_when_it_would_be_in_the_future(
    small_text, venue_aliases
):
    early = parse(small_text, ParseContext(observed_at=date(2024, 1, 15), venue_aliases=venue_aliases))
    assert entries(early, "news")[1].date == "2023-02-03"


# Layout variants ---------------------------------------------------------------------------------


def test_missing_indentation_changes_nothing(small_text, small, context):
    flat = "\n".join(line.lstrip() for line in small_text.splitlines())
    assert digest(parse(flat, context)) == digest(small)


def test_tabs_for_indentation_and_separators_change_nothing(small_text, small, context):
    tabbed = small_text.replace("    ", "\t").replace("2021-2024   ", "2021-2024\t")
    assert digest(parse(tabbed, context)) == digest(small)


@pytest.mark.parametrize("bullet", ["-", "*"])
def test_dash_and_star_bullets_change_nothing(small_text, small, context, bullet):
    assert digest(parse(small_text.replace("•", bullet), context)) == digest(small)


def test_headings_with_trailing_colons_and_extra_blank_lines_change_nothing(small_text, small, context):
    text = small_text
    for heading in ("Bio", "News", "Master Students", "Awards and Funding", "Teaching"):
        text = text.replace(f"{heading}\n", f"{heading}:\n", 1)
    text = text.replace("\n", "\n\n")
    assert digest(parse(text, context)) == digest(small)


def test_a_missing_year_heading_takes_the_year_from_the_venue_line(small_text, context):
    result = parse(small_text.replace("    2022\n", ""), context)
    assert [draft.year for draft in result.papers] == [2024, 2024, 2022, 2022]


# Malformed input ---------------------------------------------------------------------------------


def test_broken_records_are_reported_and_the_others_still_come_out(fixture_text, context):
    result = parse(fixture_text("homepage_broken.txt"), context)
    assert [draft.citation_key for draft in result.papers] == ["good_one", "good_three"]
    # A member without a date line is a member all the same, with the institution under the name.
    assert [draft.name for draft in result.memberships] == ["Ana Lopes", "Bruno Keller", "Carla Dunn"]
    assert (member(result, "Bruno Keller").start, member(result, "Bruno Keller").end) == ("", "")
    assert member(result, "Bruno Keller").institution == "Hillcrest University"
    assert [(error.line, error.reason) for error in result.errors] == [
        (21, "publication 'broken_two' has no author line"),
    ]
    assert "A Record Without Authors" in result.errors[0].raw
    assert member(result, "Carla Dunn").start == "2022"
    assert result.people[0].name == "Jane Doe"


@pytest.mark.parametrize("text", ["", "   \n\n", "just some words\nthat are not a homepage\n"])
def test_input_without_any_homepage_section_is_unreadable(text, context):
    with pytest.raises(ParseError) as raised:
        parse(text, context)
    assert raised.value.line == 0


@pytest.mark.parametrize(
    "text",
    [
        "News\n• x " + "[a]" * 100_000,
        "News\n• Mar 2023" + " " * 100_000 + "x",
        "Selected Publications\n" + "k_1 T\n" * 50_000,
        "Ph.D. Students\n" + ("A B\n2020 - 2021\n" + " " * 500 + "x[at]y.org\n") * 2_000,
        "Bio\n" + "[" * 100_000 + "]" * 100_000,
    ],
    ids=["labels", "spaces", "empty-records", "members", "brackets"],
)
def test_pathological_input_gives_drafts_or_a_parse_error_without_hanging(text, context, hang_guard):
    try:
        result = parse(text, context)
    except ParseError as error:
        assert error.line == 0
    else:
        assert isinstance(result, ParseResult)


HOMEPAGE_WORDS = st.sampled_from(
    ["News", "Bio", "Ph.D. Students", "Selected Publications", "2023", "k_1 Title", "Ann Lee, Bo Chen",
     "CVPR '23. (Oral, 3%)", "[paper] [code]", "• Mar 2023, Prize", "Since Aug 2020", "SMU a[at]b.org",
     "(with X Y)", "Teaching", "- 2020-2021   CS1", "Qianru's Talks", "", "\t", "[", "]", "•"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(HOMEPAGE_WORDS, st.text(max_size=40)), max_size=40))
def test_any_text_gives_drafts_or_a_parse_error(lines):
    try:
        result = parse("\n".join(lines), ParseContext(observed_at=OBSERVED))
    except ParseError as error:
        assert error.line == 0
    else:
        assert isinstance(result, ParseResult)
