"""The filters that show scraped text on pages: sanitized abstracts, safe links, partial dates."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
