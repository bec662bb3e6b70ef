"""The venues endpoints: the catalogue, and each venue with its editions."""

from django.db.models import QuerySet
from rest_framework import viewsets

from core.slugs import SLUG_RE
from venues.api.serializers import VenueDetailSerializer, VenueSerializer
from venues.filters import VenueFilter
from venues.models import Venue
from venues.selectors import venue_detail, venue_list


class VenueViewSet(viewsets.ReadOnlyModelViewSet):
    """Conferences, journals, workshops and preprint servers; a venue's detail lists its editions."""

    queryset = venue_list()
    serializer_class = VenueSerializer
    filterset_class = VenueFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_RE
    ordering_fields = ["acronym", "name", "paper_count"]
    ordering = ["acronym"]

    def get_queryset(self) -> QuerySet[Venue]:
        return venue_detail() if self.action == "retrieve" else venue_list()

    def get_serializer_class(self) -> type[VenueSerializer]:
        return VenueDetailSerializer if self.action == "retrieve" else VenueSerializer
