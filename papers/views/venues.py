"""A venue edition's page: its proceedings, the papers that appeared there."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from papers.selectors import edition_papers
from papers.views.exports import file_links
from papers.views.papers import filtered_papers
from venues import selectors


def edition_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """An edition's proceedings: every paper, searchable and paginated."""
    edition = get_object_or_404(selectors.edition_page(), venue__slug=slug, year=year)
    # A search orders by rank instead of the proceedings' order.
    context = filtered_papers(request, edition_papers(edition))
    for paper in context["papers"]:
        paper.venue_edition = edition  # every row's edition is this one: no join, one instance
    context.update(
        files=file_links("edition-file", context["filter_values"], slug=slug, year=year),
        edition=edition,
        venue=edition.venue,
        ordinal=ordinal(edition.ordinal),
        other_years=selectors.other_years(edition),
    )
    return render(request, "venues/edition_detail.html", context)


def ordinal(number: int | None) -> str:
    """37 -> "37th", 21 -> "21st", None -> ""."""
    if not number:
        return ""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
