"""Each source's citation count on paper pages and publication lists, and a person's identifiers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import CitationCount
from tests.factories import AuthorshipFactory, CitationCountFactory, PaperFactory, PersonFactory
from tests.pages.helpers import active_content, papers_by

pytestmark = pytest.mark.django_db

CROSSREF = '<li>41 citations — Crossref, <time datetime="2026-11-30">2026-11-30</time></li>'
OPENALEX = '<li>38 citations — OpenAlex, <time datetime="2026-11-28">2026-11-28</time></li>'
ROW_COUNTS = (
    '<span class="citations">Cited by <span title="Crossref, 2026-11-30">41 (Crossref)</span>'
    ' · <span title="OpenAlex, 2026-11-28">38 (OpenAlex)</span></span>'
)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def cited_by_two_sources(paper) -> None:
    CitationCountFactory(paper=paper, source="openalex", count=38, observed_on="2026-11-28")
    CitationCountFactory(paper=paper, source="crossref", count=41, observed_on="2026-11-30")


def citations_of(html: str) -> str:
    """The paper page's citations entry."""
    return html.split("<dt>Citations</dt>", 1)[1].split("</dd>", 1)[0]


def test_the_paper_page_shows_each_source_on_its_own_line_never_a_total(client):
    paper = PaperFactory(title="Deep Residual Learning", citation_count=None)
    cited_by_two_sources(paper)
    shown = citations_of(page(client, f"/papers/{paper.pk}/{paper.slug}/"))
    assert shown == f'<dd><ul class="citation-counts">{CROSSREF}{OPENALEX}</ul>'
    assert "79" not in shown


def test_one_citation_is_singular_and_a_paper_without_source_counts_shows_its_own(client):
    once = PaperFactory()
    CitationCountFactory(paper=once, source="s2", count=1, observed_on="2026-01-05")
    counted = PaperFactory(citation_count=12)
    assert citations_of(page(client, f"/papers/{once.pk}/{once.slug}/")) == (
        '<dd><ul class="citation-counts"><li>1 citation — Semantic Scholar, '
        '<time datetime="2026-01-05">2026-01-05</time></li></ul>'
    )
    assert citations_of(page(client, f"/papers/{counted.pk}/{counted.slug}/")) == "<dd>12"
    uncounted = PaperFactory()
    assert "<dt>Citations</dt>" not in page(client, f"/papers/{uncounted.pk}/{uncounted.slug}/")


def test_a_source_name_not_known_here_is_shown_escaped(client):
    person = PersonFactory()
    paper = AuthorshipFactory(person=person).paper
    CitationCountFactory(paper=paper, source="<b>evil</b>", count=5, observed_on="2026-02-01")
    record = page(client, f"/papers/{paper.pk}/{paper.slug}/")
    assert "<li>5 citations — &lt;b&gt;evil&lt;/b&gt;, " in record and "<b>evil" not in record
    profile = page(client, f"/people/{person.slug}/")
    assert (
        '<span class="citations">Cited by <span title="&lt;b&gt;evil&lt;/b&gt;, 2026-02-01">'
        "5 (&lt;b&gt;evil&lt;/b&gt;)</span></span>"
    ) in profile
    assert "<b>evil" not in profile


def test_the_publication_list_shows_each_paper_s_counts_apart(client):
    person = PersonFactory()
    cited = AuthorshipFactory(person=person, paper__title="Cited Paper").paper
    cited_by_two_sources(cited)
    uncited = AuthorshipFactory(person=person, paper__title="Uncited Paper").paper
    html = page(client, f"/people/{person.slug}/")
    rows = {
        pk: html.split(f'<li class="paper" id="paper-{pk}"', 1)[1].split("</li>", 1)[0]
        for pk in (cited.pk, uncited.pk)
    }
    assert ROW_COUNTS in rows[cited.pk]
    # No sum (41 + 38) among the counts; the row's other numbers (a factory's "TV679") are not looked at.
    counts = rows[cited.pk].split('<span class="citations">', 1)[1].split("</span></span>", 1)[0]
    assert "Cited by" not in rows[uncited.pk] and "79" not in counts


def test_selected_publications_show_their_counts_too(client):
    person = PersonFactory()
    selected = AuthorshipFactory(person=person, paper__title="Selected Paper").paper
    AuthorshipFactory(person=person, paper__title="Another Paper")
    person.selected_papers.add(selected)
    cited_by_two_sources(selected)
    html = page(client, f"/people/{person.slug}/")
    row = html.split(f'<li class="paper" id="selected-{selected.pk}"', 1)[1].split("</li>", 1)[0]
    assert ROW_COUNTS in row


def test_the_person_page_links_every_identifier(client):
    person = PersonFactory(
        orcid="0000-0002-1825-0097",
        dblp_pid="35/7092-1",
        dblp_name="Wei Wang 0001",
        openalex_id="A5023888391",
        s2_id="1741101",
        scholar_id="fY3dXl0AAAAJ",
    )
    ids = page(client, f"/people/{person.slug}/").split('<ul class="ids">', 1)[1].split("</ul>", 1)[0]
    assert [line.strip() for line in ids.split("<li") if 'class="identifier"' in line] == [
        'class="identifier">ORCID <a href="https://orcid.org/0000-0002-1825-0097">0000-0002-1825-0097</a></li>',
        'class="identifier">DBLP <a href="https://dblp.org/pid/35/7092-1.html">Wei Wang 0001</a></li>',
        'class="identifier">OpenAlex <a href="https://openalex.org/authors/A5023888391">A5023888391</a></li>',
        'class="identifier">Semantic Scholar '
        '<a href="https://www.semanticscholar.org/author/1741101">1741101</a></li>',
        'class="identifier">Google Scholar '
        '<a href="https://scholar.google.com/citations?user=fY3dXl0AAAAJ">fY3dXl0AAAAJ</a></li>',
    ]


def test_hostile_identifiers_are_escaped_in_text_and_quoted_in_addresses(client):
    person = PersonFactory(
        dblp_name='<script>alert("x")</script>', s2_id='"><b>x</b>', openalex_id="javascript:alert(1)"
    )
    html = page(client, f"/people/{person.slug}/")
    assert '<li class="identifier">DBLP &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</li>' in html
    assert (
        '<li class="identifier">Semantic Scholar <a href="https://www.semanticscholar.org/author/'
        '%22%3E%3Cb%3Ex%3C%2Fb%3E">&quot;&gt;&lt;b&gt;x&lt;/b&gt;</a></li>'
    ) in html
    assert '<a href="https://openalex.org/authors/javascript%3Aalert%281%29">' in html
    assert active_content(html) == [] and "<b>x</b>" not in html


def test_a_person_without_identifiers_lists_none(client):
    person = PersonFactory()
    assert 'class="identifier"' not in page(client, f"/people/{person.slug}/")


def test_the_profile_runs_the_same_queries_for_10_or_1000_cited_papers(client, django_assert_num_queries):
    small, big = PersonFactory(), PersonFactory()
    for person, count, start in ((small, 10, 0), (big, 1000, 10)):
        papers = papers_by(person, count, start=start)
        CitationCount.objects.bulk_create(
            CitationCount(paper=paper, source=source, count=index, observed_on="2026-11-30")
            for index, paper in enumerate(papers)
            for source in ("crossref", "openalex", "s2")
        )
    with CaptureQueriesContext(connection) as small_queries:
        small_page = page(client, f"/people/{small.slug}/")
    with django_assert_num_queries(len(small_queries)):
        big_page = page(client, f"/people/{big.slug}/")
    assert small_page.count('<span class="citations">') == 10
    assert big_page.count('<span class="citations">') == 100  # a page of the list
