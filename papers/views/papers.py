"""Paper pages, and the filtered, paginated publication lists that person, lab and venue pages share."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render

from core.pages import query_without_page
from papers.export import papers_bibtex
from papers.filters import PaperFilter
from papers.models import Paper
from papers.provenance import provenance_rows
from papers.selectors import ROW_FIELDS, export_row, links_shown, paper_rows
from papers.selectors import paper_detail as paper_detail_query

# The filters a publication list offers on pages; the API's PaperFilter reads them.
LIST_FILTERS = ("q", "year", "year_min", "year_max", "venue", "kind", "has_code")


def list_filter(request: HttpRequest, papers: QuerySet[Paper]) -> tuple[PaperFilter, QueryDict]:
    """The list's filters as the request sets them, and their values: a page and its files share them."""
    data = QueryDict(mutable=True)
    for name in LIST_FILTERS:
        if request.GET.get(name):
            data[name] = request.GET[name]
    return PaperFilter(data, queryset=papers, request=request), data


def filtered_papers(request: HttpRequest, papers: QuerySet[Paper], **rows_options) -> dict:
    """The context of a filtered, paginated list: filters, page_obj, papers (rows), found, the query."""
    filters, data = list_filter(request, papers)
    found = filters.qs.only(*ROW_FIELDS)  # invalid values are left out and reported by filters.errors
    page = Paginator(found, settings.PAGES_PAPERS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "filters": filters,
        "filter_values": data,
        "page_obj": page,
        "papers": paper_rows(page.object_list, **rows_options),
        "found": page.paginator.count,
        "query_without_page": query_without_page(data),
    }


def paper_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    """A paper's full record: authors, venue, identifiers, citations by source, links, abstract, BibTeX,
    provenance."""
    paper = get_object_or_404(paper_detail_query(), pk=pk)
    if slug != (paper.slug or "paper"):
        return redirect("paper-detail", pk=paper.pk, slug=paper.slug or "paper", permanent=True)
    sources, runs = provenance_rows(paper)
    context = {
        "paper": paper,
        "authorships": list(paper.authorships.all()),
        "links": links_shown(paper.links.all()),
        "citation_counts": list(paper.citation_counts.all()),
        "bibtex": papers_bibtex([export_row(paper)]),
        "sources": sources,
        "runs": runs,
    }
    return render(request, "papers/paper_detail.html", context)
