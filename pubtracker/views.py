"""Site-wide pages: the home page and the health check."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from papers.models import Paper
from people.models import Person
from people.selectors import lab_list
from venues.models import Venue


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "labs": lab_list()[:20],
        "recent_papers": Paper.objects.select_related("venue_edition__venue").order_by(
            "-year", "-created_at"
        )[:10],
        "totals": {
            "people": Person.objects.count(),
            "papers": Paper.objects.count(),
            "venues": Venue.objects.count(),
        },
    }
    return render(request, "home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and docker-compose: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
