"""Filters of venues, shared by the API and the pages."""

import django_filters
from django.db.models import Q, QuerySet

from core.filters import StrictBooleanFilter, TextFilter
from venues.choices import VenueKind
from venues.models import Venue


class VenueFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=VenueKind.choices)
    verified = StrictBooleanFilter(help_text="In the catalogue (true) or created by ingestion (false).")
    q = TextFilter(method="filter_q", help_text="Words of the acronym, name or a spelling.")

    class Meta:
        model = Venue
        fields = ["kind", "verified", "q"]

    def filter_q(self, queryset: QuerySet[Venue], name: str, value: str) -> QuerySet[Venue]:
        for word in value.split():
            spelled = Venue.objects.filter(aliases__text__icontains=word).values("pk")
            queryset = queryset.filter(
                Q(acronym__icontains=word) | Q(name__icontains=word) | Q(pk__in=spelled)
            )
        return queryset
