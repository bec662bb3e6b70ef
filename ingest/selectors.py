"""Read queries on ingestion runs, shaped once for the API (and the admin pages to come)."""

from django.db.models import Prefetch, QuerySet

from ingest.choices import Outcome
from ingest.models import IngestionRun, RecordOutcome

ERRORS_SHOWN = 100  # rejected records listed with a run


def run_list() -> QuerySet[IngestionRun]:
    """Runs without their input text, each with its first rejected records (rejected_outcomes)."""
    rejected = RecordOutcome.objects.filter(outcome=Outcome.REJECTED).order_by("index")[:ERRORS_SHOWN]
    return (
        IngestionRun.objects.defer("input_text")
        .select_related("owner", "lab")
        .prefetch_related(Prefetch("outcomes", queryset=rejected, to_attr="rejected_outcomes"))
    )
