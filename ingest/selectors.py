"""Read queries on ingestion runs and review items, shaped once for the API and the admin."""

from django.db.models import Prefetch, Q, QuerySet

from ingest.choices import Outcome
from ingest.models import IngestionRun, RecordOutcome, ReviewItem
from people.selectors import administered_labs, lab_paper_ids, lab_people

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
