"""Read queries on venues."""

from django.db.models import Count, Prefetch, QuerySet

from ingest.normalize import venue_key
from venues.models import Venue, VenueEdition


def venue_by_spelling(text: str) -> Venue | None:
    """The venue one of whose aliases matches text, whatever its year: "CVPR '23" -> CVPR."""
    key = venue_key(text)
    if not key:
        return None
    return Venue.objects.filter(aliases__key=key).first()


def venue_list() -> QuerySet[Venue]:
    """Venues with their count of papers."""
    return Venue.objects.annotate(paper_count=Count("editions__papers"))


def venue_detail() -> QuerySet[Venue]:
    """Venues with their editions (newest first) and count of papers."""
    editions = VenueEdition.objects.annotate(paper_count=Count("papers")).order_by("-year")
    return venue_list().prefetch_related(Prefetch("editions", queryset=editions))
