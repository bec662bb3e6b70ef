"""Filters of paper lists, shared by the API and the pages."""

import django_filters

from core.filters import IntegerFilter, SlugFilter, StrictBooleanFilter, TextFilter
from papers.choices import PaperKind
from papers.models import Paper
from papers.selectors import has_code, written_by


class PaperFilter(django_filters.FilterSet):
    """`author` and `venue` take slugs; `q` searches titles, abstracts and author names."""

    author = SlugFilter(method="filter_author", help_text="A person's slug.")
    venue = SlugFilter(field_name="venue_edition__venue__slug", help_text="A venue's slug.")
    year = IntegerFilter(field_name="year")
    year_min = IntegerFilter(field_name="year", lookup_expr="gte")
    year_max = IntegerFilter(field_name="year", lookup_expr="lte")
    kind = django_filters.ChoiceFilter(choices=PaperKind.choices)
    has_code = StrictBooleanFilter(
        method="filter_has_code", help_text="Has code (a code link, its URL known or not): true or false."
    )
    q = TextFilter(method="filter_q", help_text="Full-text search.")

    class Meta:
        model = Paper
        fields = ["author", "venue", "year", "year_min", "year_max", "kind", "has_code", "q"]

    def filter_author(self, queryset, name, value):
        return queryset.filter(written_by(value))

    def filter_has_code(self, queryset, name, value):
        return queryset.filter(has_code() if value else ~has_code())

    def filter_q(self, queryset, name, value):
        found = queryset.search(value)
        if "ordering" not in self.data:  # the query string, for the API and the pages alike
            found = found.order_by("-rank", "-year", "title")  # best matches first
        return found
