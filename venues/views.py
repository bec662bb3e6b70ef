"""Venue pages: the venues by kind, a venue's editions (papers.views.venues shows an edition's papers)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from venues import selectors
from venues.filters import VenueFilter


def venue_list(request: HttpRequest) -> HttpResponse:
    """Every venue grouped by kind, with its count of papers; GET q, kind, verified narrow it."""
    filters = VenueFilter(request.GET or None, queryset=selectors.venue_list())
    context = {
        "filters": filters,
        "groups": selectors.venues_by_kind(filters.qs),
        "q": request.GET.get("q", ""),
    }
    return render(request, "venues/venue_list.html", context)


def venue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A venue: what it is, the spellings it goes by, its editions by year with their counts."""
    venue = get_object_or_404(selectors.venue_page(), slug=slug)
    context = {"venue": venue, "editions": list(venue.editions.all()), "aliases": list(venue.aliases.all())}
    return render(request, "venues/venue_detail.html", context)
