"""The site's own pages, which show every kind of record: the home page and the search page."""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from papers.filters import PaperFilter
from papers.models import Paper
from papers.selectors import paper_list, paper_rows
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
RECENT_PAPERS = 10
HOME_LABS = 20


def home(request: HttpRequest) -> HttpResponse:
    """Search, the labs, the most recent papers and the totals."""
    recent = paper_list().order_by("-year", "-created_at", "-pk")[:RECENT_PAPERS]
    context = {
        "labs": lab_list()[:HOME_LABS],
        "recent_papers": paper_rows(recent),
        "totals": {
            "people": Person.objects.count(),
            "papers": Paper.objects.count(),
            "venues": Venue.objects.count(),
        },
    }
    return render(request, "home.html", context)


def search(request: HttpRequest) -> HttpResponse:
    """People, labs, papers and venues matching GET q, the best first; a blank q shows the form."""
    q = " ".join(request.GET.get("q", "").split())[:SEARCH_MAX_LENGTH]
    context = {"q": q, "search_q": q}
    if q:
        context.update(search_results(q))
    return render(request, "search.html", context)


def search_results(q: str) -> dict:
    """The results of q of each kind ({rows, count}), found through the filters the API uses."""
    people = Person.objects.search(q).order_by("-rank", "full_name", "pk")
    labs = LabFilter({"q": q}, queryset=lab_list()).qs.order_by("name", "pk")
    papers = PaperFilter({"q": q}, queryset=paper_list()).qs  # ordered by rank
    venues = VenueFilter({"q": q}, queryset=venue_list()).qs.order_by("acronym", "pk")
    found_papers = top(papers)
    found_papers["rows"] = paper_rows(found_papers["rows"])
    return {"people": top(people), "labs": top(labs), "papers": found_papers, "venues": top(venues)}


def top(queryset: QuerySet) -> dict:
    """The first SEARCH_LIMIT rows and how many there are (counted only when there are more)."""
    rows = list(queryset[: SEARCH_LIMIT + 1])
    count = len(rows) if len(rows) <= SEARCH_LIMIT else queryset.count()
    return {"rows": rows[:SEARCH_LIMIT], "count": count}
