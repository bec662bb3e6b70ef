"""Ingest a listing the way the command does, and take a picture of the database to compare."""

from datetime import date

from ingest.models import IngestionRun
from ingest.run import run_execute
from ingest.submit import run_submit
from ingest.submit.owners import owner_for
from scripts.canonical_dump import canonical

OBSERVED = date(2025, 6, 1)


def ingest(text: str | bytes, format: str = "auto", *, owner: str = "", lab=None, **options) -> IngestionRun:
    """One listing through run_submit and run_execute, as `manage.py ingest` does."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    run = run_submit(
        data=data,
        input_name=options.pop("name", "listing"),
        format=format,
        owner=owner_for(owner) if owner else None,
        lab=lab,
        observed_at=options.pop("observed_at", OBSERVED),
        enqueue=False,
    )
    return run_execute(run_id=run.pk, **options)


def counts(run: IngestionRun) -> dict:
    fields = ("records", "created", "merged", "unchanged", "needs_review", "rejected")
    return {name: getattr(run, name) for name in fields}


def snapshot() -> dict:
    """Everything ingestion decides, without ids, run numbers or slugs (they depend on order);
    review questions, which a decision closes, are left to each test."""
    return {name: rows for name, rows in canonical().items() if name != "review"}
