"""Writes on venues: unknown venues met in listings, their spellings and editions, merges."""

from django.db import transaction
from django.utils import timezone

from core.fields import cut_to_field
from core.keys import venue_key
from core.slugs import unique_slug
from venues.models import Venue, VenueAlias, VenueEdition

# Slugs of venues made from a spelling keep room for a number within the field's 80.
SLUG_LENGTH = 70


def venue_alias_key(text: str) -> str:
    """The key a spelling of a venue is found by (core.keys.venue_key), cut to VenueAlias.key."""
    return cut_to_field(VenueAlias, "key", venue_key(text))


@transaction.atomic
def venue_create(
    *, spelling: str, acronym: str = "", kind: str, parent: Venue | None = None, verified: bool = False
) -> Venue:
    """A venue first met as a spelling ("Proc. of the Workshop on X 2023"): named by it, its slug
    from its key, the spelling its first alias. The spelling must have a key (venue_key)."""
    key = venue_key(spelling)
    venue = Venue.objects.create(
        slug=unique_slug(Venue, key, SLUG_LENGTH),
        acronym=cut_to_field(Venue, "acronym", acronym),
        name=cut_to_field(Venue, "name", spelling),
        kind=kind,
        parent=parent,
        verified=verified,
    )
    text = cut_to_field(VenueAlias, "text", spelling)
    VenueAlias.objects.create(venue=venue, text=text, key=venue_alias_key(spelling))
    return venue


def spelling_order(spelling: str) -> tuple:
    """How a spelling ranks as the name of a venue made from spellings: one without a year
    first, then the shorter, then the first in alphabetical order. The name of a venue that
    several spellings reach is the first by this order: the same whichever came first."""
    return (any(char.isdigit() for char in spelling), len(spelling), spelling)


def venue_respelled_by(venue: Venue, spelling: str) -> bool:
    """Whether the spelling would rename the venue: an unverified one, by a spelling first in
    spelling_order. Verified venues keep their names."""
    name = cut_to_field(Venue, "name", spelling)
    return not venue.verified and spelling_order(name) < spelling_order(venue.name)


def venue_respell(*, venue: Venue, spelling: str, acronym: str, kind: str, parent: Venue | None) -> None:
    """Name the venue after the spelling, with what that spelling's record said of it (its
    acronym, kind and parent); called where venue_respelled_by says so."""
    venue.name = cut_to_field(Venue, "name", spelling)
    venue.acronym, venue.kind, venue.parent = cut_to_field(Venue, "acronym", acronym), kind, parent
    venue.save(update_fields=["name", "acronym", "kind", "parent"])
    text = cut_to_field(VenueAlias, "text", spelling)
    VenueAlias.objects.filter(venue=venue, key=venue_alias_key(spelling)).update(text=text)


def venue_edition_get_or_create(*, venue: Venue, year: int) -> VenueEdition:
    """The venue's edition of that year; the unique constraint makes this safe under races."""
    edition, _ = VenueEdition.objects.get_or_create(venue=venue, year=year)
    return edition


def venue_editions_get_or_create(*, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], VenueEdition]:
    """The editions (venue id, year) of every venue and year named, the missing pairs created.

    Two queries, three when some are missing; another run adding the same editions meanwhile is
    no conflict. The answer may hold more than was asked: every edition of those venues in those years.
    """
    if not pairs:
        return {}
    venues, years = {venue for venue, _ in pairs}, {year for _, year in pairs}
    known = VenueEdition.objects.filter(venue_id__in=venues, year__in=years)
    found = {(edition.venue_id, edition.year): edition for edition in known}
    missing = [VenueEdition(venue_id=v, year=y) for v, y in pairs if (v, y) not in found]
    if missing:
        VenueEdition.objects.bulk_create(missing, ignore_conflicts=True)
        known = VenueEdition.objects.filter(venue_id__in=venues, year__in=years)
        found.update({(edition.venue_id, edition.year): edition for edition in known})
    return found


@transaction.atomic
def venue_merge(*, venue: Venue, into: Venue) -> Venue:
    """The venue is into: its spellings move there, its papers to into's editions of the same
    years; then it is deleted (what else points at it must have moved first). Returns into."""
    VenueAlias.objects.filter(venue=venue).update(venue=into)
    for edition in VenueEdition.objects.filter(venue=venue):
        target = venue_edition_get_or_create(venue=into, year=edition.year)
        # Papers sit above venues: reached by the reverse relation, never imported.
        edition.papers.update(venue_edition=target, updated_at=timezone.now())
    VenueEdition.objects.filter(venue=venue).delete()
    venue.delete()
    return into
