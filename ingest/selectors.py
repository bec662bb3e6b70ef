"""Read queries on ingestion runs and review items, shaped once for the API and the admin."""

from django.db.models import Count, Prefetch, Q, QuerySet

from ingest.choices import Outcome, ReviewKind
from ingest.models import IngestionRun, RecordOutcome, ReviewItem, Source
from papers.models import Authorship, Paper
from papers.selectors import author_rows, paper_list, paper_rows
from people.models import Membership, Person, PersonAlias
from people.selectors import administered_labs, lab_paper_ids, lab_people
from venues.models import Venue, VenueAlias

ERRORS_SHOWN = 100  # rejected records listed with a run


def run_list() -> QuerySet[IngestionRun]:
    """Runs without their input text, each with its first rejected records (rejected_outcomes)."""
    rejected = RecordOutcome.objects.filter(outcome=Outcome.REJECTED).order_by("index")[:ERRORS_SHOWN]
    return (
        IngestionRun.objects.defer("input_text")
        .select_related("owner", "lab")
        .prefetch_related(Prefetch("outcomes", queryset=rejected, to_attr="rejected_outcomes"))
    )


def lab_runs(labs: QuerySet) -> QuerySet[IngestionRun]:
    """Runs of these labs: ingested for one of them, or for the homepage of one of their people."""
    return IngestionRun.objects.filter(Q(lab__in=labs) | Q(owner__in=lab_people(labs).values("pk")))


def lab_sources(labs: QuerySet) -> QuerySet[Source]:
    """Sources of these labs: followed for one of them, or for one of their people."""
    return Source.objects.filter(Q(lab__in=labs) | Q(owner__in=lab_people(labs).values("pk")))


def lab_review_items(labs: QuerySet) -> QuerySet[ReviewItem]:
    """Review items that touch these labs: about the lab, one of its people or papers, or from its runs."""
    return ReviewItem.objects.filter(
        Q(lab__in=labs)
        | Q(person__in=lab_people(labs).values("pk"))
        | Q(paper__in=lab_paper_ids(labs))
        | Q(run__in=lab_runs(labs).values("pk"))
    )


def seen_by(user, queryset: QuerySet, lab_rows) -> QuerySet:
    """The rows of queryset an API user may see: a lab admin, lab_rows(their labs); anyone else, all."""
    if not user.is_authenticated:
        return queryset.none()
    labs = administered_labs(user)
    if user.is_superuser or not labs.exists():
        return queryset
    return queryset.filter(pk__in=lab_rows(labs).values("pk"))


# The admin's review page: the record as read, next to its candidates, in a constant number of
# queries however many candidates an item names.

PAPERS_SHOWN = 3  # of each candidate person, newest first


def review_question(item: ReviewItem) -> dict:
    """The record and its candidates, shaped for the template, by the item's kind."""
    return QUESTIONS[item.kind](item)


def candidate_ids(item: ReviewItem) -> list[int]:
    """The ids the payload names as candidates, in its order."""
    return [pk for pk in item.payload.get("candidates", []) if isinstance(pk, int)]


def _in_order(rows: list, ids: list[int]) -> tuple[list, list[int]]:
    """The rows in the order of ids, and the ids that no longer have a row (deleted meanwhile)."""
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id], [pk for pk in ids if pk not in by_id]


def candidate_papers(ids: list[int]) -> tuple[list[Paper], list[int]]:
    """Papers with their venue and `author_rows` (papers.selectors.paper_rows): four queries."""
    papers = paper_rows(paper_list().filter(pk__in=ids)) if ids else []
    return _in_order(papers, ids)


def candidate_people(ids: list[int]) -> tuple[list[Person], list[int]]:
    """People with their aliases, `labs`, paper count and newest papers (`recent`): four queries."""
    if not ids:
        return [], []
    recent = Authorship.objects.select_related("paper").only("person", "paper__title", "paper__year")
    recent = recent.order_by("-paper__year", "paper__title")[:PAPERS_SHOWN]
    people = (
        Person.objects.filter(pk__in=ids)
        .annotate(paper_count=Count("authorships"))
        .prefetch_related(
            Prefetch("aliases", queryset=PersonAlias.objects.order_by("name")),
            Prefetch(
                "memberships", queryset=Membership.objects.select_related("lab").order_by("-start", "pk")
            ),
            Prefetch("authorships", queryset=recent, to_attr="recent"),
        )
    )
    people = list(people)
    for person in people:
        # A person back in a lab for a second stint is in it once.
        person.labs = list(dict.fromkeys(membership.lab for membership in person.memberships.all()))
    return _in_order(people, ids)


def _paper_match(item: ReviewItem) -> dict:
    draft = item.payload.get("draft", {})
    papers, missing = candidate_papers(candidate_ids(item))
    return {"draft": draft, "authors": draft.get("authors", []), "papers": papers, "missing": missing}


def _person_match(item: ReviewItem) -> dict:
    people, missing = candidate_people(candidate_ids(item))
    paper = paper_list().filter(pk=item.paper_id).first() if item.paper_id else None
    authors = [row[1] for row in author_rows([paper.pk])] if paper else []
    member = Person.objects.filter(pk=item.person_id).first() if "position" not in item.payload else None
    return {
        "name": item.payload.get("name", ""),
        "position": item.payload.get("position"),
        "paper": paper,
        "paper_authors": authors,
        "member": member,
        "people": people,
        "missing": missing,
    }


def _unknown_venue(item: ReviewItem) -> dict:
    venue = (
        Venue.objects.filter(pk=item.venue_id)
        .annotate(paper_count=Count("editions__papers"))
        .prefetch_related(Prefetch("aliases", queryset=VenueAlias.objects.order_by("text")))
        .first()
    )
    known = Venue.objects.filter(verified=True).exclude(pk=item.venue_id).order_by("acronym", "name")
    return {
        "text": item.payload.get("text", ""),
        "venue": venue,
        "known_venues": list(known.values_list("pk", "acronym", "name")),
    }


def _orphan_abstract(item: ReviewItem) -> dict:
    papers, missing = candidate_papers(candidate_ids(item))
    return {"text": item.payload.get("text", ""), "papers": papers, "missing": missing}


QUESTIONS = {
    ReviewKind.PAPER_MATCH: _paper_match,
    ReviewKind.PERSON_MATCH: _person_match,
    ReviewKind.UNKNOWN_VENUE: _unknown_venue,
    ReviewKind.ORPHAN_ABSTRACT: _orphan_abstract,
}
