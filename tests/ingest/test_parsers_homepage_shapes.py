"""The homepage reader's rules, one shape at a time: citation styles, author lists, headings,
menus and members as labs write them. Every case is a shape that many pages share."""

from datetime import date

import pytest

from ingest.parsers.drafts import ParseContext, ParseError
from ingest.parsers.homepage import parse
from ingest.parsers.homepage.authors import read_authors, read_citation
from ingest.parsers.homepage.lines import Line
from ingest.parsers.homepage.sections import heading

CONTEXT = ParseContext(observed_at=date(2025, 6, 1), owner_name="Jane Doe")

# One reference per line, in the styles of the common citation tools and hand-written CVs.
CITATIONS = [
    ("A. Lopes, B. Keller, and J. Doe. Sorting socks at scale. In CVPR, 2023.",
     ["A. Lopes", "B. Keller", "J. Doe"], "Sorting socks at scale", 2023),
    ('A. Lopes and J. Doe, "Sorting socks at scale," in Proc. IEEE ICCV, 2019, pp. 1–10.',
     ["A. Lopes", "J. Doe"], "Sorting socks at scale", 2019),
    ('Lopes, A., Keller, B., & Doe, J. (2021). Sorting socks at scale. Journal of Laundry, 4(2), 1–9.',
     ["Lopes, A.", "Keller, B.", "Doe, J."], "Sorting socks at scale", 2021),
    ("Ana Lopes, Jane Doe: Sorting Socks at Scale. CVPR 2022: 101-110",
     ["Ana Lopes", "Jane Doe"], "Sorting Socks at Scale", 2022),
    ("Lopes A, Keller B, Doe J. Sorting socks at scale. Nat Methods. 2020;17(3):1-9.",
     ["Lopes A", "Keller B", "Doe J"], "Sorting socks at scale", 2020),
    ("Sorting Socks at Scale. Ana Lopes, Bruno Keller, Jane Doe. NeurIPS 2024.",
     ["Ana Lopes", "Bruno Keller", "Jane Doe"], "Sorting Socks at Scale", 2024),
    ("Ana Lopes, Jane Doe (2018). Sorting Socks at Scale. In Proceedings of ICML.",
     ["Ana Lopes", "Jane Doe"], "Sorting Socks at Scale", 2018),
    ('Recommended citation: Doe, J. (2017). "Sorting socks at scale." Journal of Laundry. 1(1).',
     ["Doe, J."], "Sorting socks at scale", 2017),
    ("SMITH, J., LEE, A. Sorting socks at scale. Journal of Laundry Science, 12(3), 2020.",
     ["SMITH, J.", "LEE, A"], "Sorting socks at scale", 2020),
    ("Folding Shirts Quickly – A. Lee and J. Smith (ICRA 2019)",
     ["A. Lee", "J. Smith"], "Folding Shirts Quickly", 2019),
    ("[CVPR 2023] Sorting Socks at Scale. John Smith, Ana Lopes.",
     ["John Smith", "Ana Lopes"], "Sorting Socks at Scale", 2023),
    ('"Sorting Socks at Scale" by John Smith and Ana Lopes, in CVPR 2023',
     ["John Smith", "Ana Lopes"], "Sorting Socks at Scale", 2023),
    # The same styles as other sites and tools write them: a hyphen and full names, an em dash
    # and initials, "by" before a list with commas, a short year in brackets, ABNT's semicolons.
    ("Robust Grasping in Clutter - Yu Chen and Kenji Ito (IROS 2022).",
     ["Yu Chen", "Kenji Ito"], "Robust Grasping in Clutter", 2022),
    ("Robust Grasping in Clutter — Y. Chen, K. Ito, M. Rossi (RSS 2021)",
     ["Y. Chen", "K. Ito", "M. Rossi"], "Robust Grasping in Clutter", 2021),
    ("“Robust Grasping in Clutter” by Yu Chen, Kenji Ito, Maria Rossi, in ICRA 2020",
     ["Yu Chen", "Kenji Ito", "Maria Rossi"], "Robust Grasping in Clutter", 2020),
    ('"Robust Grasping in Clutter", by Yu Chen and Kenji Ito. In Proceedings of RSS 2021.',
     ["Yu Chen", "Kenji Ito"], "Robust Grasping in Clutter", 2021),
    ("[NeurIPS'21] Robust Grasping in Clutter. Y. Chen and K. Ito.",
     ["Y. Chen", "K. Ito"], "Robust Grasping in Clutter", 2021),
    ("CHEN, Yu; ITO, Kenji. Robust grasping in clutter. IEEE Transactions on Robotics, v. 37, n. 2, 2021.",
     ["CHEN, Yu", "ITO, Kenji"], "Robust grasping in clutter", 2021),
]  # fmt: skip


@pytest.mark.parametrize(("text", "authors", "title", "year"), CITATIONS)
def test_one_line_citations_in_every_common_style(text, authors, title, year):
    citation = read_citation(text)
    assert citation is not None
    assert (citation.authors, citation.title, citation.year) == (authors, title, year)


@pytest.mark.parametrize(
    "text",
    [
        "Our paper about sock sorting has been accepted to CVPR 2023!",
        "I am awarded the Outstanding Reviewer award by NeurIPS 2021.",
        "Area chair for CVPR 2024 and ICCV 2023.",
        "Deep Learning for Vision, Language and Robotics, 2023.",
        "Jan 2024 - Our paper on robust grasping was accepted at ICRA 2024.",
        "Teaching - Machine Learning (CS 4780), Fall 2023 and Spring 2024",
        "Reviewer - CVPR 2023, ICCV 2023, NeurIPS 2022 and ICML 2022",
    ],
)
def test_sentences_that_mention_venues_are_not_citations(text):
    assert read_citation(text) is None


@pytest.mark.parametrize(
    ("text", "names", "complete"),
    [
        ("Zhongqi Yue, Pan Zhou, and Qianru Sun", ["Zhongqi Yue", "Pan Zhou", "Qianru Sun"], True),
        ("Teo, Shu Min, Brenneke, Jonas, Tan, Q.", ["Teo, Shu Min", "Brenneke, Jonas", "Tan, Q."], True),
        ("Sun Q, Liu Y, Chua TS", ["Sun Q", "Liu Y", "Chua TS"], True),
        ("LOH Yi Lin, AW Khai Loong", ["LOH Yi Lin", "AW Khai Loong"], True),
        ("Alice Wong*, Bob Lee†, and Carol Ng", ["Alice Wong*", "Bob Lee†", "Carol Ng"], True),
        ("Luc Van Gool, Steven C.H. Hoi, J.-H. Kim", ["Luc Van Gool", "Steven C.H. Hoi", "J.-H. Kim"], True),
        ("Xian-Sheng Hua et al.", ["Xian-Sheng Hua"], False),
        ("Amina Diallo, Kwame Mensah, and 5 more authors", ["Amina Diallo", "Kwame Mensah"], False),
        ("山田 太郎, 佐藤 花子", ["山田 太郎", "佐藤 花子"], True),
        ("É. Durand, Ö. Yılmaz and Ł. Nowak", ["É. Durand", "Ö. Yılmaz", "Ł. Nowak"], True),
        ("Alice Wong1,2, Bob Lee2*, and Carol Ng1", ["Alice Wong", "Bob Lee*", "Carol Ng"], True),
    ],
)
def test_author_lists_as_pages_write_them(text, names, complete):
    assert read_authors(text) == (names, complete)


@pytest.mark.parametrize(
    "text",
    [
        "Deep Learning, Big Data",
        "Look, Listen and Learn",
        "Few-shot Learner Parameterization by Diffusion Time-steps",
        "Attention Is All You Need",
        "Email / CV / Scholar / Github",
    ],
)
def test_titles_are_not_author_lists(text):
    assert read_authors(text) is None or len(read_authors(text)[0]) < 2


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Research (Selected | Full List)", "publications"),
        ("Publications (all | selected)", "publications"),
        ("Recent Publications", "publications"),
        ("Selected Publications [Venues]", "selected"),
        ("Journal Articles", "publications"),
        ("Conference Papers", "publications"),
        ("Preprints", "publications"),
        ("Qianru's Talks", "talk"),
        ("Current PhD Students", "members"),
        ("Research Group", "members"),
        ("Research Interests", "ignored"),
        ("Awards and Honors", "award"),
        ("Home Publications News Teaching", ""),
        ("Research Assistant", ""),
    ],
)
def test_headings_of_any_naming(title, kind):
    found = heading(Line(1, title))
    assert (found.kind if found else "") == kind


def test_a_site_menu_is_not_taken_for_headings():
    page = "\n".join(
        ["Jane Doe", "Home", "Publications", "News", "Teaching", "", "News", "• Jan 2024, We moved.", "",
         "Publications", "Sorting Socks at Scale", "Ana Lopes and Jane Doe", "CVPR 2023", "[pdf]"]
    )  # fmt: skip
    result = parse(page, CONTEXT)
    assert [paper.title for paper in result.papers] == ["Sorting Socks at Scale"]
    assert [entry.text for entry in result.entries] == ["We moved."]


def test_publications_under_an_unknown_heading_are_found_by_their_shape():
    page = "Things I Wrote\n\nSorting Socks at Scale\nAna Lopes, Bruno Keller and Jane Doe\nCVPR 2023\n"
    result = parse(page, CONTEXT)
    assert [(paper.title, paper.year) for paper in result.papers] == [("Sorting Socks at Scale", 2023)]


def test_authors_before_the_title_hugo_style():
    page = (
        "Publications\n\nAna Lopes, Jane Doe\n(2024).\nSorting Socks at Scale.\nIn NeurIPS.\n"
        "PDF Cite Code\n\n"
        "Jane Doe, Bruno Keller\n(2022).\nFolding Shirts.\nIEEE Transactions on Robotics.\nPDF\n"
    )
    result = parse(page, CONTEXT)
    assert [(p.title, p.year, p.venue_text) for p in result.papers] == [
        ("Sorting Socks at Scale", 2024, "In NeurIPS"),
        ("Folding Shirts", 2022, "IEEE Transactions on Robotics"),
    ]
    assert [link.kind for link in result.papers[0].links] == ["pdf", "code"]


def test_a_paper_listed_as_selected_and_in_the_full_list_comes_out_once():
    entry = "Sorting Socks at Scale\nAna Lopes and Jane Doe\nCVPR 2023\n"
    result = parse(f"Selected Publications\n{entry}[code]\n\nAll Publications\n{entry}[pdf]\n", CONTEXT)
    [paper] = result.papers
    assert paper.selected
    assert [link.kind for link in paper.links] == ["code", "pdf"]


def test_members_with_and_without_dates():
    page = "\n".join(
        ["PhD Students", "Ana Lopes", "Bruno Keller (2021 - present)", "",
         "Master Students: Carla Dunn, Dev Patel", "", "Alumni", "Eva Rossi (PhD 2019, now at Google)",
         "Farid Haddad"]
    )  # fmt: skip
    result = parse(page, CONTEXT)
    members = {(m.name, m.role, m.start, m.end) for m in result.memberships}
    assert members == {
        ("Ana Lopes", "phd", "", ""),
        ("Bruno Keller", "phd", "2021", ""),
        ("Carla Dunn", "master", "", ""),
        ("Dev Patel", "master", "", ""),
        ("Eva Rossi", "phd", "2019", "2019"),
        ("Farid Haddad", "other", "", "2025"),
    }


def test_lines_not_understood_are_reported_not_lost():
    page = "Publications\n\nSorting Socks at Scale\nAna Lopes and Jane Doe\nCVPR 2023\n\n"
    page += "Some words we cannot read\n"
    result = parse(page, CONTEXT)
    assert [paper.title for paper in result.papers] == ["Sorting Socks at Scale"]
    assert result.unread == [(7, "Some words we cannot read")]


def test_html_uses_list_items_links_and_leaves_menus_out():
    page = """<!doctype html><html><body>
    <nav><a href="/">Home</a> <a href="/pubs">Publications</a> <a href="/news">News</a></nav>
    <h2>Publications</h2>
    <ul>
      <li><a href="https://example.org/socks.pdf">Sorting Socks at Scale</a><br>
          Ana Lopes, <b>Jane Doe</b><br><i>CVPR</i>, 2023
          [<a href="https://github.com/example/socks">code</a>] [<a href="https://arxiv.org/abs/2301.01234">arXiv</a>]</li>
      <li>Folding Shirts<br>Jane Doe and Bruno Keller<br>ICRA 2021 [code]</li>
    </ul>
    <footer>© 2025 Jane Doe. Powered by Jekyll.</footer>
    </body></html>"""
    result = parse(page, CONTEXT)
    socks, shirts = result.papers
    assert (socks.title, [a.name for a in socks.authors], socks.year) == (
        "Sorting Socks at Scale", ["Ana Lopes", "Jane Doe"], 2023,
    )  # fmt: skip
    assert {(link.kind, link.url) for link in socks.links} == {
        ("pdf", "https://example.org/socks.pdf"),
        ("code", "https://github.com/example/socks"),
        ("arxiv", "https://arxiv.org/abs/2301.01234"),
    }
    assert socks.arxiv_id == "2301.01234"
    assert [(link.kind, link.url) for link in shirts.links] == [("code", "")]
    assert result.unread == []


def test_a_page_without_any_section_or_publication_is_unreadable():
    with pytest.raises(ParseError):
        parse("just some words\nthat are not a homepage\n", CONTEXT)


def test_markdown_pasted_as_text():
    page = (
        "## Publications\n\n**“Sorting Socks at Scale”**\nAlice Wong1, Bob Lee2 and Jane Doe1\n*CVPR 2023*\n"
    )
    [paper] = parse(page, CONTEXT).papers
    assert (paper.title, [a.name for a in paper.authors], paper.venue_text, paper.year) == (
        "Sorting Socks at Scale", ["Alice Wong", "Bob Lee", "Jane Doe"], "CVPR 2023", 2023,
    )  # fmt: skip


def test_xhtml_with_an_xml_declaration_is_read():
    page = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
        '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        "<h2>Publications</h2><ul><li>Sorting Socks at Scale<br/>Ana Lopes and Jane Doe<br/>ICRA 2021"
        "</li></ul></body></html>"
    )
    assert [paper.title for paper in parse(page, CONTEXT).papers] == ["Sorting Socks at Scale"]
