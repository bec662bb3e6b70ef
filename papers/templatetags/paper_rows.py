"""A paper row of a publication list, built in Python: `{% paper_row paper %}`.

A profile or a proceedings page shows a hundred rows of a dozen parts each; as template
includes they were three quarters of the page's time (bench/bench_pages.py). A row is three
format_markup calls (core.html: format_html's text at a fraction of its cost): its parts add our
own markup, with a {} for every value, to a format string, and the values to a list, and
format_markup escapes every value once (the abstract goes through its sanitizer first). No value
from the database ever becomes part of the format string. A format call costs several f-strings,
so one per stretch of the row rather than one per part (an author, a link, a badge). The
stretches are the row's <li> opening, chosen by the template, and what comes before and after its
venue badge, which papers.cache keeps (row_parts); the badge is made once per page for all the
rows that share it.
"""

from django import template
from django.utils.safestring import SafeString

from core.html import format_markup
from papers.choices import LinkKind, Presentation
from papers.models import Paper
from papers.templatetags.papers_tags import clean_abstract, safe_url

register = template.Library()

# A list longer than this is cut after SHOWN_AUTHORS names, the rest behind a "more" toggle.
LONG_LIST = 10
SHOWN_AUTHORS = 8
NOTHING = SafeString("")
# An author's name as shown, by their mark on this page: (markup, the values it takes).
AUTHOR_FORMATS = {
    "self": ('<strong class="self">{}</strong>', ("name",)),
    "member": ('<span class="member"><a href="/people/{}/">{}</a></span>', ("slug", "name")),
    "linked": ('<a href="/people/{}/">{}</a>', ("slug", "name")),
    "plain": ("<span>{}</span>", ("name",)),
}
EQUAL = '<sup class="equal" title="Equal contribution">*</sup>'
# Kinds and labels are our own choices, so they belong in the markup; only the URL varies.
LINK_FORMATS = {
    kind.value: f'<a class="link {kind.value}" href="{{}}" rel="nofollow noopener">{kind.label}</a>\n'
    for kind in LinkKind
}
# A link whose URL is unknown (a "[code]" label alone): its label as text, not a link.
LABEL_FORMATS = {
    kind.value: f'<span class="link {kind.value}" title="Address not known">{kind.label}</span>\n'
    for kind in LinkKind
}


class Markup:
    """Our own markup with a {} for each value, and the values: one format_markup call at the end."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.values: list = []

    def add(self, markup: str, *values) -> None:
        self.parts.append(markup)
        self.values.extend(values)

    def html(self) -> SafeString:
        return format_markup("".join(self.parts), *self.values)


@register.simple_tag(takes_context=True)
def paper_row(context, paper: Paper, prefix: str = "paper") -> SafeString:
    """The row of a paper read by papers.selectors.paper_rows (its parts from the cache when it has them)."""
    badges = context.render_context.setdefault("venue_badges", {})
    key = (paper.venue_edition_id, paper.year, paper.kind)
    if key not in badges:  # every row of a proceedings page has the same one
        badges[key] = venue_badge(paper)
    head, tail = getattr(paper, "row_parts", None) or row_parts(paper)
    # head, the badge and tail are format_markup's output (SafeStrings, kept so by the cache's pickle):
    # format_markup leaves them as they are, and would escape any text that was not.
    return format_markup(
        '<li class="paper" id="{}-{}" data-year="{}">\n{}{}{}',
        prefix,
        paper.pk,
        paper.year or "",
        head,
        badges[key],
        tail,
    )


def row_parts(paper: Paper) -> tuple[SafeString, SafeString]:
    """A paper's row less what a page chooses or reads anew: its <li> opening (the template's prefix)
    and its venue badge. (Up to the badge, after it): what papers.cache keeps."""
    head = Markup()
    slug = paper.slug or "paper"
    head.add('<a class="paper-title" href="/papers/{}/{}/">{}</a>\n', paper.pk, slug, paper.title)
    head.add('<div class="authors">')
    authors_add(head, paper.author_rows, paper.authors_complete)
    head.add('</div>\n<div class="meta">')
    tail = Markup()
    tail.add("\n")
    badges_add(tail, paper)
    citations_add(tail, getattr(paper, "citation_rows", ()))
    links_add(tail, paper)
    tail.add('<a class="link bibtex" href="/papers/{}/bibtex/" data-bibtex>BibTeX</a></div>\n', paper.pk)
    if paper.abstract:
        abstract = clean_abstract(paper.abstract)
        tail.add('<details class="abstract"><summary>Abstract</summary><p>{}</p></details>', abstract)
    tail.add("</li>")
    return head.html(), tail.html()


def authors_add(row: Markup, authors: list[dict], complete: bool) -> None:
    cut = SHOWN_AUTHORS if len(authors) > LONG_LIST else len(authors)
    for index, author in enumerate(authors):
        if index == cut:
            more = len(authors) - cut
            row.add(', <details class="more-authors"><summary>{} more authors</summary>', more)
        elif index:
            row.add(", ")
        author_add(row, author)
    if cut < len(authors):
        row.add("</details>")
    if not complete:
        row.add(' <span class="muted">et al.</span>')


def author_add(row: Markup, author: dict) -> None:
    shape = author["mark"] if author["slug"] or author["mark"] == "self" else ""
    markup, names = AUTHOR_FORMATS[shape or ("linked" if author["slug"] else "plain")]
    row.add(markup + (EQUAL if author["equal"] else ""), *(author[name] for name in names))


def links_add(row: Markup, paper: Paper) -> None:
    for link in paper.link_rows:
        url = safe_url(link["url"])
        if url:
            row.add(LINK_FORMATS[link["kind"]], url)
        elif not link["url"]:
            row.add(LABEL_FORMATS[link["kind"]])


def citations_add(row: Markup, citations: list[dict]) -> None:
    """Each source's count apart, "Cited by 41 (Crossref) · 38 (OpenAlex)": they are never summed."""
    for index, cited in enumerate(citations):
        row.add('<span class="citations">Cited by ' if index == 0 else " · ")
        day = cited["observed_on"].isoformat()
        row.add('<span title="{}, {}">{} ({})</span>', cited["label"], day, cited["count"], cited["label"])
    if citations:
        row.add("</span>\n")


def badges_add(row: Markup, paper: Paper) -> None:
    if paper.presentation and paper.presentation != Presentation.POSTER:
        row.add('<span class="badge presentation">{}</span>\n', paper.get_presentation_display())
    for honor in paper.honors:
        row.add('<span class="badge honor">{}</span>\n', honor)


@register.simple_tag
def venue_badge(paper: Paper) -> SafeString:
    """The venue and year of a paper as a badge linking to the proceedings."""
    edition = paper.venue_edition
    if edition is not None:
        venue = edition.venue
        return format_markup(
            '<a class="badge venue" href="/venues/{}/{}/" title="{}">{} {}</a>',
            venue.slug,
            edition.year,
            venue.name,
            venue.acronym,
            edition.year,
        )
    if paper.year:
        preprint = "Preprint " if paper.kind == "preprint" else ""
        return format_markup('<span class="badge venue">{}{}</span>', preprint, paper.year)
    return NOTHING
