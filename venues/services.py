"""Writes on venues."""

from venues.models import Venue, VenueEdition


def venue_edition_get_or_create(*, venue: Venue, year: int) -> VenueEdition:
    """The venue's edition of that year; the unique constraint makes this safe under races."""
    edition, _ = VenueEdition.objects.get_or_create(venue=venue, year=year)
    return edition
