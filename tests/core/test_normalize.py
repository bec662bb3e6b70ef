"""Normalizers: names, dates, identifiers, venue lines and markup, as listings write them."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.dates import parse_date, parse_span
from core.identifiers import normalize_arxiv_id, normalize_doi, normalize_email
from core.keys import fold, name_key, title_key, venue_key
from core.names import display_name, initials_key, name_marks, split_authors, split_name
from core.text import UnreadableText, decode, latex_to_text, strip_markup
from venues.names import parse_venue_line

SCRAPED = date(2024, 11, 1)


@pytest.mark.parametrize(
    ("written", "given_name", "family"),
    [
        ("LOH Yi Lin", "Yi Lin", "Loh"),
        ("AW Khai Loong", "Khai Loong", "Aw"),
        ("Sun, Qianru", "Qianru", "Sun"),
        ("Luc Van Gool", "Luc", "Van Gool"),
        ("Q. Sun", "Q.", "Sun"),
        ("Steven C.H. Hoi", "Steven C.H.", "Hoi"),
        ("Rodol{\\`a}, Emanuele", "Emanuele", "Rodolà"),
        ('L{\\"a}hner, Zorah', "Zorah", "Lähner"),
        ("Zhongqi Yue*", "Zhongqi", "Yue"),
        ("Martin Luther King Jr.", "Martin Luther", "King"),
    ],
)
def test_names_split_into_given_and_family(written, given_name, family):
    parts = split_name(written)
    assert (parts.given, parts.family) == (given_name, family)


def test_both_orders_of_a_name_share_a_key_and_initials_match_the_full_name():
    assert name_key("Lv Hui") == name_key("Hui Lv")
    assert initials_key("Q. Sun") == initials_key("Qianru Sun") == initials_key("Sun, Qianru") == "q sun"
    assert display_name("LOH Yi Lin") == "Yi Lin Loh"


def test_marks_after_a_name_flag_equal_contribution_and_corresponding_author():
    assert name_marks("Zhongqi Yue*") == (True, False)
    assert name_marks("Hanwang Zhang†") == (False, True)
    assert name_marks("Qianru Sun") == (False, False)


@pytest.mark.parametrize(
    ("written", "names", "complete"),
    [
        ("Zhongqi Yue, Pan Zhou, and Qianru Sun", ["Zhongqi Yue", "Pan Zhou", "Qianru Sun"], True),
        ("Zhaozheng Chen and Qianru Sun", ["Zhaozheng Chen", "Qianru Sun"], True),
        ("Shikun Li, Xiaobo Xia, Shiming Ge et al.", ["Shikun Li", "Xiaobo Xia", "Shiming Ge"], False),
        ("A. One; B. Two & C. Three", ["A. One", "B. Two", "C. Three"], True),
    ],
)
def test_author_lists_split_and_cut_lists_are_marked(written, names, complete):
    assert split_authors(written) == (names, complete)


@pytest.mark.parametrize(
    ("written", "span"),
    [
        ("2018 - 2022", ("2018", "2022")),
        ("Since Aug 2020", ("2020-08", "")),
        ("Jan 2020-Dec 2021", ("2020-01", "2021-12")),
        ("Mar 2023-July 2023", ("2023-03", "2023-07")),
        ("Mar 2023, ...", ("2023-03", "")),
        ("2022-2024", ("2022", "2024")),
        ("Sept 2019 – present", ("2019-09", "")),
        ("no date here", ("", "")),
    ],
)
def test_date_spans_keep_their_precision(written, span):
    assert parse_span(written, SCRAPED) == span


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("Mar 8, 2022", "2022-03-08"),
        ("29 Apr 2022", "2022-04-29"),
        ("June 2023", "2023-06"),
        ("2024-01-12", "2024-01-12"),
        ("Jan 12", "2024-01-12"),
        ("Dec 30", "2023-12-30"),  # later than the scrape day: it was last year's
        ("Feb 30, 2021", "2021-02"),  # no such day: keep what is sure
    ],
)
def test_dates_resolve_against_the_scrape_day_when_the_year_is_missing(written, iso):
    assert parse_date(written, SCRAPED) == iso


@pytest.mark.parametrize(
    ("written", "doi"),
    [
        ("https://doi.org/10.1109/CVPR52729.2023.01813", "10.1109/cvpr52729.2023.01813"),
        ("doi:10.1016/j.inffus.2025.104007.", "10.1016/j.inffus.2025.104007"),
        ("http://dx.doi.org/10.1145/3730943", "10.1145/3730943"),
        ("not a doi", ""),
    ],
)
def test_dois_bare_or_as_urls_become_one_lower_case_form(written, doi):
    assert normalize_doi(written) == doi


@pytest.mark.parametrize(
    ("written", "arxiv_id"),
    [
        ("ArXiv 2311.17486, 2024.", "2311.17486"),
        ("arXiv preprint arXiv:2407.14280v2", "2407.14280"),
        ("https://arxiv.org/abs/2506.13212", "2506.13212"),
        ("https://arxiv.org/pdf/2506.23630v1.pdf", "2506.23630"),
        ("2506.23630", "2506.23630"),
        ("arXiv:cs/0601001", "cs/0601001"),
        ("https://doi.org/10.1109/CVPR52729.2023.01813", ""),
    ],
)
def test_arxiv_ids_are_found_wherever_they_are_written(written, arxiv_id):
    assert normalize_arxiv_id(written) == arxiv_id


@pytest.mark.parametrize(
    ("written", "email"),
    [
        ("yaoyao.liu[at]mpi-inf.mpg.de", "yaoyao.liu@mpi-inf.mpg.de"),
        ("scyu.2018 [at] phdcs [dot] smu [dot] edu [dot] sg", "scyu.2018@phdcs.smu.edu.sg"),
        ("xwwu(at)smu.edu.sg", "xwwu@smu.edu.sg"),
        ("SMU", ""),
    ],
)
def test_obfuscated_emails_are_read(written, email):
    assert normalize_email(written) == email


def test_venue_lines_split_into_venue_year_presentation_and_rate(venue_aliases):
    line = parse_venue_line(
        "2023 Conference on Computer Vision and Pattern Recognition, CVPR '23. (Highlight, 2.5%)",
        venue_aliases,
    )
    assert (line.acronym, line.year, line.presentation, line.acceptance_rate) == (
        "CVPR",
        2023,
        "highlight",
        "2.5%",
    )
    oral = parse_venue_line(
        "European Conference on Computer Vision 2022, ECCV '22. (Oral Presentation, 2.7%)", venue_aliases
    )
    assert (oral.acronym, oral.year, oral.presentation) == ("ECCV", 2022, "oral")
    track = parse_venue_line(
        "The 29th ACM International Conference on Multimedia, ACM MM '21. (Main Track)", venue_aliases
    )
    assert (track.acronym, track.year, track.notes) == ("ACM MM", 2021, ["Main Track"])
    assert (
        parse_venue_line(
            "The 31st Annual Conference on Neural Information Processing, NIPS'17.", venue_aliases
        ).acronym
        == "NeurIPS"
    )


def test_an_unknown_venue_keeps_its_text_and_year_without_an_acronym(venue_aliases):
    line = parse_venue_line("Workshop on Things Nobody Heard Of, WTNHO '22.", venue_aliases)
    assert (line.acronym, line.year, line.text) == ("", 2022, "Workshop on Things Nobody Heard Of, WTNHO '22")


def test_titles_share_a_key_across_case_punctuation_braces_and_unicode_variants():
    assert title_key("{Implicit-ARAP}: Efficient Handle-Guided") == title_key(
        "Implicit ARAP – efficient handle guided"
    )
    assert title_key("Naïve Transformers") == title_key("Naive transformers")
    assert fold("Østby Straße") == "ostby strasse"
    assert venue_key("CVPR ’23") == venue_key("cvpr 2023") == "cvpr"


def test_markup_is_dropped_and_its_text_kept():
    mathml = "loss <math><mi>L</mi><mo>=</mo><mn>0</mn></math> holds &amp; <script>alert(1)</script>works"
    assert strip_markup(mathml) == "loss L=0 holds & works"
    assert strip_markup("a <b>bold</b> claim") == "a bold claim"
    assert latex_to_text(r"the \emph{pair-wise} manner, Rodol{\`a}") == "the pair-wise manner, Rodolà"


def test_a_bare_percent_sign_does_not_swallow_the_rest_of_the_line():
    assert latex_to_text('gains 5% on {\\"u}ber data') == "gains 5% on über data"


def test_angle_brackets_that_open_no_tag_are_kept_as_text():
    assert strip_markup("a < b and <i>c</i>") == "a < b and c"
    assert strip_markup("<a " * 3) == "<a <a <a"


def test_text_is_decoded_from_utf8_with_bom_utf16_and_windows_1252():
    assert decode("\ufeffTitle\r\nLine".encode()) == "Title\nLine"
    assert decode("Zoë\r".encode("utf-16")) == "Zoë\n"
    assert decode("Caf\xe9 \x93quoted\x94".encode("latin-1")) == "Café “quoted”"
    with pytest.raises(UnreadableText):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00")


@given(st.text(max_size=300))
def test_normalizers_take_any_text_without_failing(text):
    parse_span(text, SCRAPED)
    parse_date(text, SCRAPED)
    normalize_doi(text)
    normalize_arxiv_id(text)
    normalize_email(text)
    split_authors(text)
    split_name(text)
    strip_markup(text)
    assert name_key(text) == name_key(" ".join(reversed(text.split())))
    assert venue_key(text) == venue_key(text.upper()) or not text.isascii()
