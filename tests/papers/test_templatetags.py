"""What shows scraped text on pages: sanitized abstracts, safe links, partial dates, paper rows."""

import pytest
from django.template import Context
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from papers.models import Paper
from papers.templatetags.paper_rows import paper_row
from papers.templatetags.papers_tags import clean_abstract, partial_date, safe_url
from tests.pages.helpers import active_content


@pytest.mark.parametrize(
    ("abstract", "shown"),
    [
        ("CO<sub>2</sub> and x<sup>2</sup>", "CO<sub>2</sub> and x<sup>2</sup>"),
        (
            "<i>in situ</i> <em>a</em> <b>b</b> <strong>c</strong>",
            "<i>in situ</i> <em>a</em> <b>b</b> <strong>c</strong>",
        ),
        ('<sub onclick="x()">1</sub>', "<sub>1</sub>"),
        ("<script>alert(1)</script>Text", "Text"),
        ('<a href="javascript:alert(1)">link</a>', "link"),
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ("{0} x<sub>{}</sub> &amp; {name}", "{0} x<sub>{}</sub> &amp; {name}"),
        ("<SUB>2</SUB><b title='x'>3</b>", "<sub>2</sub><b>3</b>"),
    ],
)
def test_abstracts_keep_only_the_allow_list(abstract, shown):
    assert clean_abstract(abstract) == shown


@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdehiklmnoprstuvx():;")), max_size=80))
def test_no_abstract_comes_out_active(text):
    assert active_content(f"<p>{clean_abstract(text)}</p>") == []


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://github.com/x/y", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example", False),
        ("", False),
    ],
)
def test_only_http_links_become_hrefs(url, kept):
    assert safe_url(url) == (url if kept else "")


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2018", "2018"), ("2020-08", "Aug 2020"), ("2024-01-12", "12 Jan 2024"), ("", "")],
)
def test_partial_dates_keep_their_precision(value, shown):
    assert partial_date(value) == shown


def row_of(title: str, name: str, honor: str, url: str) -> str:
    """The row of an unsaved paper whose scraped parts are the given texts."""
    paper = Paper(pk=7, title=title, slug="p", year=2024, kind="conference", honors=[honor], abstract=name)
    paper.author_rows = [{"name": name, "slug": None, "equal": False, "mark": ""}]
    paper.link_rows = [{"kind": "code", "url": url}]
    return paper_row(Context(), paper)


@given(st.text(max_size=40), st.text(max_size=40), st.text(max_size=40))
def test_a_row_shows_scraped_text_as_text_braces_and_markup_included(title, name, honor):
    row = row_of(title, name, honor, "https://example.org/{0}{}")
    assert f">{escape(title)}</a>" in row
    assert f"<span>{escape(name)}</span>" in row
    assert f'<span class="badge honor">{escape(honor)}</span>' in row
    assert 'href="https://example.org/{0}{}"' in row
    assert active_content(row) == []


def test_a_hostile_row_is_inert():
    row = row_of("<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "{x}", "javascript:alert(1)")
    assert "&lt;script&gt;" in row and "<script" not in row and "javascript:" not in row
    assert active_content(row) == []
