"""The floors of bench_api.py: the papers /api/v1/papers/ lists, read with .values() and sent as JSON.

The floor proper (the issue's) is the least a Django view does to answer with the same 100 rows:
one .values() query, no DRF, no pagination count, no authors or links. With `content=full` it also
sends what the API sends besides: the count (core.counts.total, as the API counts: PostgreSQL's
estimates past a bound), and each paper's authors, links and citation counts, read as rows (four
more queries, no model instances). The product's URLs follow, so the API runs in the same processes.
"""

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import path

from core.counts import total
from papers.models import Paper
from papers.selectors import API_FIELDS, API_VENUE_FIELDS, authors_and_links, citation_rows, has_code
from pubtracker.urls import urlpatterns as product_urlpatterns

# A paper's own columns that the API shows, and its venue's through the join: one row per paper.
COLUMNS = [*API_FIELDS, *API_VENUE_FIELDS.values()]
ORDERINGS = {"year", "-year", "title", "-title", "citation_count", "-citation_count"}


def floor_papers(request: HttpRequest) -> JsonResponse:
    """Papers as rows; year_min, kind, has_code and ordering read as the API reads them."""
    query = request.GET
    papers = filtered(Paper.objects.all(), query)
    if query.get("ordering") in ORDERINGS:
        papers = papers.order_by(query["ordering"])
    rows = list(papers.values(*COLUMNS)[: int(query.get("page_size", 100))])
    if query.get("content") != "full":
        return JsonResponse({"results": rows})
    with_authors_and_links(rows)
    count, is_estimate = total(papers)  # the API's count: the table's estimate when unfiltered at scale
    return JsonResponse({"count": count, "count_is_estimate": is_estimate, "results": rows})


def filtered(papers: QuerySet, query) -> QuerySet:
    if "year_min" in query:
        papers = papers.filter(year__gte=int(query["year_min"]))
    if "kind" in query:
        papers = papers.filter(kind=query["kind"])
    if query.get("has_code") in ("true", "false"):
        # The API's has_code filter.
        papers = papers.filter(has_code() if query["has_code"] == "true" else ~has_code())
    return papers


def with_authors_and_links(rows: list[dict]) -> None:
    """Each row gets its authors, links and citation counts as the API reads them (rows, not model
    instances)."""
    ids = [row["id"] for row in rows]
    authors, links = authors_and_links(ids)
    citations = citation_rows(ids)
    for row in rows:
        row["authors"], row["links"] = authors.get(row["id"], []), links.get(row["id"], [])
        row["citation_counts"] = citations.get(row["id"], [])


urlpatterns = [path("bench/floor/papers/", floor_papers), *product_urlpatterns]
