"""Read queries on people and labs, shaped once for pages and the API."""

from django.db.models import Count, Prefetch, Q, QuerySet

from people.models import Lab, Membership, MetricReport, Person, PersonAlias


def lab_list() -> QuerySet[Lab]:
    """Labs with their PI, institution and count of current members."""
    return Lab.objects.select_related("pi", "institution").annotate(
        current_member_count=Count("memberships", filter=Q(memberships__end=""))
    )


def person_list() -> QuerySet[Person]:
    """People with their aliases, latest metric report and number of papers known here."""
    return Person.objects.prefetch_related(
        Prefetch("aliases", queryset=PersonAlias.objects.order_by("name")),
        Prefetch("metric_reports", queryset=MetricReport.objects.order_by("-observed_on")),
    ).annotate(paper_count=Count("authorships", distinct=True))


def membership_list(lab: Lab) -> QuerySet[Membership]:
    """A lab's members, past and present, with what a member row shows."""
    return (
        lab.memberships.select_related("person", "institution")
        .prefetch_related(Prefetch("co_advisors", queryset=Person.objects.order_by("full_name")))
        .order_by("role", "order", "start", "person__full_name", "pk")
    )
