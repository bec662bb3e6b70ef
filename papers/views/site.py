"""The site's own pages, which show every kind of record: the home page and the search page."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.counts import table_totals
from papers.filters import PaperFilter
from papers.models import Paper
from papers.selectors import facet_counts, paper_list, paper_rows
from people.filters import LabFilter
from people.models import Person
from people.selectors import lab_list
from venues.filters import VenueFilter
from venues.models import Venue
from venues.selectors import venue_list

# How many results of each kind the search page shows: a search is refined, not paged.
SEARCH_LIMIT = 20
# Longer queries are cut: nobody types more, and a huge one would only cost the database.
SEARCH_MAX_LENGTH = 200
# The filters of the papers' facets on the search page (papers.filters.PaperFilter reads them).
PAPER_FACETS = ("year", "venue", "kind")
RECENT_PAPERS = 10
TOTALS = {"people": Person, "papers": Paper, "venues": Venue}
HOME_LABS = 20


def home(request: HttpRequest) -> HttpResponse:
    """Search, the labs, the most recent papers and the totals."""
    recent = paper_list().order_by("-year", "-created_at", "-pk")[:RECENT_PAPERS]
    context = {
        "labs": lab_list()[:HOME_LABS],
        "recent_papers": paper_rows(recent),
        "totals": totals(),
    }
    return render(request, "home.html", context)


def totals() -> dict[str, dict]:
    """How many people, papers and venues there are ({count, estimate}): estimated past
    core.counts.ESTIMATE_FROM rows, where an exact count would read a million papers."""
    found = table_totals(*TOTALS.values())
    return {
        name: {"count": count, "estimate": estimate}
        for name, (count, estimate) in zip(TOTALS, found, strict=True)
    }


def search(request: HttpRequest) -> HttpResponse:
    """People, labs, papers and venues matching GET q, the best first; a blank q shows the form.
    The papers can be narrowed to a year, a venue or a kind (their facets, counted for q)."""
    q = " ".join(request.GET.get("q", "").split())[:SEARCH_MAX_LENGTH]
    narrowed = {name: request.GET[name] for name in PAPER_FACETS if request.GET.get(name)}
    context = {"q": q, "search_q": q, "narrowed": narrowed}
    if q:
        context.update(search_results(q, narrowed))
    return render(request, "search.html", context)


def search_results(q: str, narrowed: dict | None = None) -> dict:
    """The results of q of each kind ({rows, count}), found through the filters the API uses, and
    the facets of its papers (before narrowing them to a year, a venue or a kind)."""
    people = Person.objects.search(q).order_by("-rank", "full_name", "pk")
    labs = LabFilter({"q": q}, queryset=lab_list()).qs.order_by("name", "pk")
    papers = PaperFilter({"q": q}, queryset=paper_list()).qs  # ordered by rank
    venues = VenueFilter({"q": q}, queryset=venue_list()).qs.order_by("acronym", "pk")
    papers_shown = PaperFilter({"q": q, **narrowed}, queryset=paper_list()).qs if narrowed else papers
    found_papers = top(papers_shown)
    found_papers["rows"] = paper_rows(found_papers["rows"])
    facets = facet_counts(papers) if found_papers["rows"] or narrowed else {}
    return {
        "people": top(people),
        "labs": top(labs),
        "papers": found_papers,
        "venues": top(venues),
        "facets": facets,
    }


def top(queryset: QuerySet) -> dict:
    """The first SEARCH_LIMIT rows and how many there are (counted only when there are more)."""
    rows = list(queryset[: SEARCH_LIMIT + 1])
    count = len(rows) if len(rows) <= SEARCH_LIMIT else queryset.count()
    return {"rows": rows[:SEARCH_LIMIT], "count": count}
