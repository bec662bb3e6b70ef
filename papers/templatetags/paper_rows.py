"""A paper row of a publication list, built in Python: `{% paper_row paper %}`.

A profile or a proceedings page shows a hundred rows of a dozen parts each; as template
includes they were three quarters of the page's time (bench/bench_pages.py). Every piece is
built with format_html, which escapes every value from the database (the abstract goes through
its sanitizer), and pieces are put together by adding safe strings, which stays safe. Each row
makes about ten format_html calls: a call costs ten times an f-string, so pieces that repeat
across the rows of one page (the owner in every author list, the edition on every row of a
proceedings page) are built once per render.
"""

from functools import reduce

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from papers.choices import LinkKind, Presentation
from papers.models import Paper
from papers.templatetags.papers_tags import clean_abstract, safe_url

register = template.Library()

# A list longer than this is cut after SHOWN_AUTHORS names, the rest behind a "more" toggle.
LONG_LIST = 10
SHOWN_AUTHORS = 8
NOTHING = format_html("{}", "")
COMMA = format_html("{}", ", ")
ET_AL = format_html(' <span class="muted">{}</span>', "et al.")
EQUAL = '<sup class="equal" title="Equal contribution">*</sup>'
# An author's name as shown, by their mark on this page.
AUTHOR_FORMATS = {
    "self": '<strong class="self">{name}</strong>',
    "member": '<span class="member"><a href="/people/{slug}/">{name}</a></span>',
    "linked": '<a href="/people/{slug}/">{name}</a>',
    "plain": "<span>{name}</span>",
}
# Kinds and labels are our own choices, so they belong in the format string; only the URL varies.
LINK_FORMATS = {
    kind.value: f'<a class="link {kind.value}" href="{{}}" rel="nofollow noopener">{kind.label}</a>\n'
    for kind in LinkKind
}
ROW = (
    '<li class="paper" id="{prefix}-{pk}" data-year="{year}">\n'
    '<a class="paper-title" href="/papers/{pk}/{slug}/">{title}</a>\n'
    '<div class="authors">{authors}</div>\n'
    '<div class="meta">{venue}\n{badges}{links}'
    '<a class="link bibtex" href="/papers/{pk}/bibtex/" data-bibtex>BibTeX</a></div>\n'
    "{abstract}</li>"
)


def joined(pieces, separator: SafeString = NOTHING) -> SafeString:
    """Safe pieces one after the other (adding safe strings gives a safe string)."""
    pieces = list(pieces)
    if not pieces:
        return NOTHING
    return reduce(lambda done, piece: done + separator + piece, pieces)


@register.simple_tag(takes_context=True)
def paper_row(context, paper: Paper, prefix: str = "paper") -> SafeString:
    """The row of a paper read by papers.selectors.paper_rows."""
    built = context.render_context.setdefault("paper_rows", {})
    abstract = NOTHING
    if paper.abstract:
        abstract = format_html(
            '<details class="abstract"><summary>Abstract</summary><p>{}</p></details>',
            clean_abstract(paper.abstract),
        )
    return format_html(
        ROW,
        prefix=prefix,
        pk=paper.pk,
        year="" if paper.year is None else paper.year,
        slug=paper.slug or "paper",
        title=paper.title,
        authors=authors_html(paper.author_rows, paper.authors_complete, built),
        venue=cached(built, ("venue", paper.venue_edition_id, paper.year, paper.kind), venue_badge, paper),
        badges=badges_html(paper),
        links=links_html(paper),
        abstract=abstract,
    )


def cached(built: dict, key: tuple, build, *args) -> SafeString:
    """build(*args), once per render for each key."""
    if key not in built:
        built[key] = build(*args)
    return built[key]


def authors_html(authors: list[dict], complete: bool, built: dict) -> SafeString:
    names = [
        cached(built, (author["name"], author["slug"], author["mark"], author["equal"]), author_html, author)
        for author in authors
    ]
    if len(names) > LONG_LIST:
        line = format_html(
            '{}{}<details class="more-authors"><summary>{} more authors</summary>{}</details>',
            joined(names[:SHOWN_AUTHORS], COMMA),
            COMMA,
            len(names) - SHOWN_AUTHORS,
            joined(names[SHOWN_AUTHORS:], COMMA),
        )
    else:
        line = joined(names, COMMA)
    return line if complete else line + ET_AL


def author_html(author: dict) -> SafeString:
    shape = author["mark"] if author["slug"] or author["mark"] == "self" else ""
    shape = shape or ("linked" if author["slug"] else "plain")
    equal = EQUAL if author["equal"] else ""
    return format_html(AUTHOR_FORMATS[shape] + equal, name=author["name"], slug=author["slug"] or "")


def links_html(paper: Paper) -> SafeString:
    urls = ((link["kind"], safe_url(link["url"])) for link in paper.link_rows)
    return joined(format_html(LINK_FORMATS[kind], url) for kind, url in urls if url)


def badges_html(paper: Paper) -> SafeString:
    pieces = []
    if paper.presentation and paper.presentation != Presentation.POSTER:
        pieces.append(
            format_html('<span class="badge presentation">{}</span>\n', paper.get_presentation_display())
        )
    pieces.extend(format_html('<span class="badge honor">{}</span>\n', honor) for honor in paper.honors)
    return joined(pieces)


@register.simple_tag
def venue_badge(paper: Paper) -> SafeString:
    """The venue and year of a paper as a badge linking to the proceedings."""
    edition = paper.venue_edition
    if edition is not None:
        venue = edition.venue
        return format_html(
            '<a class="badge venue" href="/venues/{}/{}/" title="{}">{} {}</a>',
            venue.slug,
            edition.year,
            venue.name,
            venue.acronym,
            edition.year,
        )
    if paper.year:
        preprint = "Preprint " if paper.kind == "preprint" else ""
        return format_html('<span class="badge venue">{}{}</span>', preprint, paper.year)
    return NOTHING
