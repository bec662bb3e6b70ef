"""Filters of ingestion runs and review items."""

import django_filters

from core.filters import SlugFilter
from ingest.choices import ReviewKind, ReviewStatus, RunStatus
from ingest.formats import Format
from ingest.models import IngestionRun, ReviewItem


class RunFilter(django_filters.FilterSet):
    # Not "format": that query parameter chooses the response's format.
    status = django_filters.ChoiceFilter(choices=RunStatus.choices)
    listing_format = django_filters.ChoiceFilter(field_name="format", choices=Format.choices)

    class Meta:
        model = IngestionRun
        fields = ["status", "listing_format"]


class ReviewItemFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ReviewStatus.choices,
        method="filter_status",
        help_text="open (the default), accepted or rejected.",
    )
    kind = django_filters.ChoiceFilter(choices=ReviewKind.choices)
    lab = SlugFilter(field_name="lab__slug")

    class Meta:
        model = ReviewItem
        fields = ["status", "kind", "lab"]

    @property
    def qs(self):
        found = super().qs
        if not self.data.get("status"):
            found = found.filter(status=ReviewStatus.OPEN)
        return found

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)
