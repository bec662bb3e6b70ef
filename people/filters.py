"""Filters of people, labs and memberships, shared by the API and the pages."""

import django_filters
from django.db.models import Exists, OuterRef, Q

from core.filters import SlugFilter, StrictBooleanFilter, TextFilter
from people.choices import Role
from people.models import Lab, Membership, Person


class PersonFilter(django_filters.FilterSet):
    q = TextFilter(method="filter_q", help_text="Search names and aliases.")
    lab = SlugFilter(method="filter_lab", help_text="A lab's slug: its members, past and present.")

    class Meta:
        model = Person
        fields = ["q", "lab"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_lab(self, queryset, name, value):
        return queryset.filter(Exists(Membership.objects.filter(person=OuterRef("pk"), lab__slug=value)))


class LabFilter(django_filters.FilterSet):
    q = TextFilter(method="filter_q", help_text="Words of the lab's name.")
    institution = SlugFilter(field_name="institution__slug", help_text="An institution's slug.")

    class Meta:
        model = Lab
        fields = ["q", "institution"]

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(name__icontains=word) | Q(pi__full_name__icontains=word))
        return queryset


class MembershipFilter(django_filters.FilterSet):
    current = StrictBooleanFilter(method="filter_current", help_text="Members now (true) or alumni (false).")
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["current", "role"]

    def filter_current(self, queryset, name, value):
        return queryset.filter(end="") if value else queryset.exclude(end="")
