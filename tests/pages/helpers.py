"""Many papers at once for the query-count tests of pages (factories would take minutes)."""

import re
from html.parser import HTMLParser

from papers.models import Authorship, Paper, PaperLink

PAPER_ROW_RE = re.compile(r'<li class="paper" id="paper-(\d+)" data-year="(\d*)"')


def papers_by(person, count: int, *, coauthors=(), edition=None, start: int = 0) -> list[Paper]:
    """`count` papers written by person (first) and coauthors, with a code link each."""
    papers = Paper.objects.bulk_create(
        Paper(
            title=f"Scaled Paper {start + index}",
            title_key=f"scaled paper {start + index}",
            slug=f"scaled-paper-{start + index}",
            year=2000 + index % 25,
            abstract="An abstract." if index % 2 else "",
            venue_edition=edition,
        )
        for index in range(count)
    )
    authors = [person, *coauthors]
    Authorship.objects.bulk_create(
        Authorship(paper=paper, person=author, position=position, name=author.full_name)
        for paper in papers
        for position, author in enumerate(authors, start=1)
    )
    PaperLink.objects.bulk_create(
        PaperLink(paper=paper, kind="code", url=f"https://example.org/{paper.pk}") for paper in papers
    )
    return papers


def shown_rows(html: str) -> list[tuple[int, str]]:
    """(paper id, year) of every row of the page's publication list (id "publications")."""
    html = html.split('id="publications"', 1)[-1]
    return [(int(pk), year) for pk, year in PAPER_ROW_RE.findall(html)]


class ActiveContent(HTMLParser):
    """Collects what a browser would run: inline scripts, on* handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "script" and not dict(attrs).get("src"):
            self.found.append("<script> inline")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def active_content(html: str) -> list[str]:
    """Everything on the page that would run in a browser, apart from our own script files."""
    parser = ActiveContent()
    parser.feed(html)
    return parser.found
