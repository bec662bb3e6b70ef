"""Read queries on people and labs, shaped once for pages and the API."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, NullIf, Substr

from people.choices import MergeKind
from people.models import Lab, Membership, MetricReport, Person, PersonAlias, PersonMerge, ProfileEntry


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
    ).annotate(paper_count=paper_count())


def paper_count() -> Coalesce:
    """How many papers the person wrote, counted for each row a list shows (a correlated count on
    the (person, paper) index): a GROUP BY over every authorship would count 300,000 people's
    papers for a page of 100."""
    # Through the relation papers gives Person, by its name: people imports no app above it.
    authorships = Person._meta.get_field("authorships").related_model._default_manager
    written = authorships.filter(person_id=OuterRef("pk")).order_by().values("person_id")
    return Coalesce(Subquery(written.annotate(count=Count("paper_id", distinct=True)).values("count")), 0)


def membership_list(lab: Lab) -> QuerySet[Membership]:
    """A lab's members, past and present, with what a member row shows."""
    return (
        lab.memberships.select_related("person", "institution")
        .prefetch_related(Prefetch("co_advisors", queryset=Person.objects.order_by("full_name")))
        .order_by("role", "order", "start", "person__full_name", "pk")
    )


# Pages


def person_page() -> QuerySet[Person]:
    """People with what their page shows besides papers: aliases, metrics, entries, memberships."""
    return Person.objects.select_related("institution").prefetch_related(
        Prefetch("aliases", queryset=PersonAlias.objects.order_by("name")),
        Prefetch("metric_reports", queryset=MetricReport.objects.order_by("source", "-observed_on")),
        Prefetch("profile_entries", queryset=ProfileEntry.objects.order_by("kind", "-date", "order", "pk")),
        Prefetch("memberships", queryset=Membership.objects.select_related("lab").order_by("-start", "pk")),
    )


def latest_metrics(person: Person) -> list[MetricReport]:
    """The newest report of each source (from the prefetch of person_page)."""
    latest = {}
    for report in person.metric_reports.all():
        latest.setdefault(report.source, report)
    return list(latest.values())


def lab_mates(person: Person) -> set[int]:
    """Ids of everyone who is or was in a lab the person is or was in, or leads."""
    labs = Lab.objects.filter(Q(pi=person) | Q(memberships__person=person)).values("pk")
    return set(Membership.objects.filter(lab__in=labs).values_list("person_id", flat=True))


def stint_years(queryset: QuerySet[Membership]) -> QuerySet[Membership]:
    """Memberships annotated with first_year and last_year: 0 and 9999 when open."""
    return queryset.annotate(
        first_year=Coalesce(Cast(NullIf(Substr("start", 1, 4), Value("")), IntegerField()), 0),
        last_year=Coalesce(Cast(NullIf(Substr("end", 1, 4), Value("")), IntegerField()), 9999),
    )


def led_lab_members(person: Person) -> QuerySet[Membership]:
    """The memberships of the labs this person leads, with each member and lab, for their profile."""
    memberships = Membership.objects.filter(lab__pi=person).exclude(person=person)
    return memberships.select_related("person", "lab").order_by("lab__name", "order", "start", "pk")


# Lab admins


def administered_labs(user) -> QuerySet[Lab]:
    """The labs this user is an admin of."""
    return Lab.objects.filter(admins=user)


def lab_people(labs: QuerySet[Lab]) -> QuerySet[Person]:
    """Everyone who is or was a member of these labs, or leads one."""
    member = Exists(Membership.objects.filter(person=OuterRef("pk"), lab__in=labs))
    leader = Exists(Lab.objects.filter(pi=OuterRef("pk"), pk__in=labs))
    return Person.objects.filter(member | leader)


def lab_paper_ids(labs: QuerySet[Lab]) -> QuerySet:
    """Ids of the papers written by the people of these labs (a lab admin's papers).

    Through the people's authorships, the relation papers gives Person: people imports no app above it.
    """
    return lab_people(labs).filter(authorships__isnull=False).values("authorships__paper_id")


def merged_into(slug: str) -> Person | None:
    """The person that the person once at slug was merged into (their old address leads there)."""
    merges = PersonMerge.objects.filter(kind=MergeKind.MERGE, other_slug=slug, undone_at=None)
    merge = merges.filter(person__isnull=False).select_related("person").order_by("-created_at").first()
    return merge.person if merge else None
