"""A paper row of a publication list, built in Python: `{% paper_row paper %}`.

A profile or a proceedings page shows a hundred rows of a dozen parts each; as template
includes they were three quarters of the page's time (bench/bench_pages.py). Every value
from the database goes through escape() here, or through the abstract's sanitizer. It is the
standard library's escape, which Django's own calls, without the lazy-string check around it
that cost a quarter of a row's time.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from papers.choices import Presentation
from papers.models import Paper
from papers.templatetags.papers_tags import clean_abstract, safe_url

register = template.Library()

# A list longer than this is cut after SHOWN_AUTHORS names, the rest behind a "more" toggle.
LONG_LIST = 10
SHOWN_AUTHORS = 8
EQUAL = '<sup class="equal" title="Equal contribution">*</sup>'


@register.simple_tag
def paper_row(paper: Paper, prefix: str = "paper") -> SafeString:
    """The row of a paper read by papers.selectors.paper_rows."""
    year = "" if paper.year is None else paper.year
    href = f"/papers/{paper.pk}/{escape(paper.slug or 'paper')}/"
    parts = [
        f'<li class="paper" id="{escape(prefix)}-{paper.pk}" data-year="{year}">',
        f'<a class="paper-title" href="{href}">{escape(paper.title)}</a>',
        authors_html(paper.author_rows, paper.authors_complete),
        meta_html(paper),
    ]
    if paper.abstract:
        parts.append(
            '<details class="abstract"><summary>Abstract</summary>'
            f"<p>{clean_abstract(paper.abstract)}</p></details>"
        )
    parts.append("</li>")
    return mark_safe("\n".join(parts))  # every part escaped above


def authors_html(authors: list[dict], complete: bool) -> str:
    names = [author_html(author) for author in authors]
    if len(names) > LONG_LIST:
        hidden = ", ".join(names[SHOWN_AUTHORS:])
        summary = f"<summary>{len(names) - SHOWN_AUTHORS} more authors</summary>"
        shown = "".join(f"{name}, " for name in names[:SHOWN_AUTHORS])
        line = f'{shown}<details class="more-authors">{summary}{hidden}</details>'
    else:
        line = ", ".join(names)
    cut = "" if complete else ' <span class="muted">et al.</span>'
    return f'<div class="authors">{line}{cut}</div>'


def author_html(author: dict) -> str:
    name = escape(author["name"])
    if author["mark"] == "self":
        shown = f'<strong class="self">{name}</strong>'
    elif author["slug"]:
        shown = f'<a href="/people/{escape(author["slug"])}/">{name}</a>'
        if author["mark"]:
            shown = f'<span class="member">{shown}</span>'
    else:
        shown = f"<span>{name}</span>"
    return shown + EQUAL if author["equal"] else shown


def meta_html(paper: Paper) -> str:
    parts = [venue_badge(paper)]
    if paper.presentation and paper.presentation != Presentation.POSTER:
        parts.append(f'<span class="badge presentation">{escape(paper.get_presentation_display())}</span>')
    parts.extend(f'<span class="badge honor">{escape(honor)}</span>' for honor in paper.honors)
    for link in paper.link_rows:
        url = safe_url(link["url"])
        if url:
            kind, label = escape(link["kind"]), escape(link["label"])
            parts.append(f'<a class="link {kind}" href="{escape(url)}" rel="nofollow noopener">{label}</a>')
    parts.append(f'<a class="link bibtex" href="/papers/{paper.pk}/bibtex/" data-bibtex>BibTeX</a>')
    return '<div class="meta">' + "\n".join(part for part in parts if part) + "</div>"


@register.simple_tag
def venue_badge(paper: Paper) -> SafeString:
    """The venue and year of a paper as a badge linking to the proceedings."""
    edition = paper.venue_edition
    if edition is not None:
        venue = edition.venue
        href = f"/venues/{escape(venue.slug)}/{edition.year}/"
        return mark_safe(
            f'<a class="badge venue" href="{href}" title="{escape(venue.name)}">'
            f"{escape(venue.acronym)} {edition.year}</a>"
        )
    if paper.year:
        preprint = "Preprint " if paper.kind == "preprint" else ""
        return mark_safe(f'<span class="badge venue">{preprint}{paper.year}</span>')
    return mark_safe("")
