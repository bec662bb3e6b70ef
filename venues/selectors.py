"""Read queries on venues."""

from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Prefetch, QuerySet

from core.keys import venue_key
from venues.choices import VenueKind
from venues.index import VenueAliases
from venues.models import Venue, VenueAlias, VenueEdition
from venues.names import parse_venue_line

if TYPE_CHECKING:  # django-stubs-ext is a type-checking tool, not a runtime dependency.
    from django_stubs_ext import WithAnnotations


class PaperCount(TypedDict):
    """The count venue_list() annotates each venue with."""

    paper_count: int


def venue_spellings() -> VenueAliases:
    """Folded spelling -> acronym of the verified venues, with each one's kind: the catalogue as
    venue lines are matched against it."""
    rows = VenueAlias.objects.filter(venue__verified=True).exclude(venue__acronym="")
    kinds = Venue.objects.filter(verified=True).exclude(acronym="").values_list("acronym", "kind")
    return VenueAliases(rows.values_list("key", "venue__acronym"), kinds=dict(kinds))


def venue_by_spelling(text: str) -> Venue | None:
    """The venue text names, whatever its year or abbreviations: "CVPR '23" -> CVPR, "Proc. IEEE
    Int. Conf. on Computer Vision (ICCV)" -> ICCV, "CVPR Workshops" -> CVPRW (never CVPR)."""
    key = venue_key(text)
    if not key:
        return None
    venue = Venue.objects.filter(aliases__key=key).first()
    if venue is None:
        acronym = parse_venue_line(text, venue_spellings()).acronym
        venue = Venue.objects.filter(verified=True, acronym=acronym).first() if acronym else None
    return venue


def venue_list() -> QuerySet[Venue]:
    """Venues with their count of papers and the conference a workshop is held at."""
    return Venue.objects.select_related("parent").annotate(paper_count=Count("editions__papers"))


def venue_detail() -> QuerySet[Venue]:
    """Venues with their editions (newest first) and count of papers."""
    editions = VenueEdition.objects.annotate(paper_count=Count("papers")).order_by("-year")
    return venue_list().prefetch_related(Prefetch("editions", queryset=editions))


# Pages


def venue_page() -> QuerySet[Venue]:
    """A venue as its page shows it: editions with their counts, and its spellings."""
    return venue_detail().prefetch_related(Prefetch("aliases", queryset=VenueAlias.objects.order_by("text")))


def edition_page() -> QuerySet[VenueEdition]:
    """Editions with their venue, as an edition's page shows them."""
    return VenueEdition.objects.select_related("venue")


def other_years(edition: VenueEdition) -> list[int]:
    """The years of the venue's other editions, newest first."""
    editions = VenueEdition.objects.filter(venue_id=edition.venue_id).exclude(pk=edition.pk)
    return list(editions.order_by("-year").values_list("year", flat=True))


# The heading of each kind's group on the venue list.
KIND_HEADINGS: dict[str, str] = {
    VenueKind.CONFERENCE: "Conferences",
    VenueKind.JOURNAL: "Journals",
    VenueKind.WORKSHOP: "Workshops",
    VenueKind.PREPRINT: "Preprint servers",
    VenueKind.OTHER: "Other venues",
}


def venues_by_kind(venues: "QuerySet[WithAnnotations[Venue, PaperCount]]") -> list[dict]:
    """The venues grouped by kind, in VenueKind's order, no empty group:
    [{kind, heading, venues, with_papers, without_papers}]."""
    groups: dict[str, list[WithAnnotations[Venue, PaperCount]]] = {kind.value: [] for kind in VenueKind}
    for venue in venues.order_by("acronym", "pk"):
        groups.setdefault(venue.kind, []).append(venue)
    return [
        {
            "kind": kind,
            "heading": KIND_HEADINGS.get(kind, kind.title()),
            "venues": found,
            # Catalogue venues with no paper yet: folded away under the ones that have papers.
            "with_papers": [venue for venue in found if venue.paper_count],
            "without_papers": [venue for venue in found if not venue.paper_count],
        }
        for kind, found in groups.items()
        if found
    ]
