"""Submit: the one way a listing becomes a queued run, whoever sends it.

The command line, the API, the admin's import, scheduled sources and the demo all call run_submit.
It applies the size limit before anything is stored, resolves the owner and the lab, checks that a
lab admin submits for their own labs, creates the run and, once the transaction commits, queues it
for a worker. run_preview does the same and the whole ingestion, then rolls everything back.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.text import UnreadableText, decode
from ingest.choices import Trigger
from ingest.formats import Format
from ingest.models import IngestionRun, RecordOutcome, Source
from ingest.run import run_counts, run_execute, run_fail
from ingest.submit.owners import OutsideLabs, OwnerError, lab_admin_check, lab_by_slug, owner_for
from people.models import Lab, Person

__all__ = [
    "InputTooLarge",
    "OutsideLabs",
    "OwnerError",
    "Preview",
    "SubmitError",
    "UnknownFormat",
    "run_preview",
    "run_submit",
]
INGEST_RUN_TASK = "ingest.tasks.ingest_run"  # queued by name: the tasks call the pipeline, not back


class SubmitError(ValueError):
    """A listing that cannot be submitted as given, with what to do about it."""


class InputTooLarge(SubmitError):
    pass


class UnknownFormat(SubmitError):
    pass


def input_limit() -> int:
    """The largest listing accepted, in bytes, from any entry point."""
    return settings.API_MAX_UPLOAD_BYTES


def size_check(size: int) -> None:
    """Refuse a listing over the limit before any of it is stored."""
    if size > input_limit():
        raise InputTooLarge(f"The listing has {size:,} bytes; the limit is {input_limit():,}.")


def format_check(format: str) -> None:
    if format not in Format.values:
        raise UnknownFormat(f"Unknown format {format!r}: use one of {', '.join(Format.values)}.")


def run_submit(
    *,
    data: bytes | str = "",
    input_name: str = "",
    format: str = Format.AUTO,
    owner: Person | str | None = None,
    lab: Lab | str | None = None,
    observed_at: date | None = None,
    trigger: str = Trigger.CLI,
    user=None,
    source: Source | None = None,
    enqueue: bool = True,
) -> IngestionRun:
    """A queued run of one listing; owner and lab may be given by name or slug.

    Raises SubmitError (too large, unknown format) and OwnerError (an owner or lab that cannot be
    chosen; OutsideLabs for a lab admin naming someone else's) before anything is stored. A listing
    that cannot be decoded gets a run that failed with the reason, so the attempt is on record.
    """
    format_check(format)
    size_check(len(data.encode("utf-8", errors="replace")) if isinstance(data, str) else len(data))
    if isinstance(lab, str):
        lab = lab_by_slug(lab) if lab else None
    if user is not None:
        lab_admin_check(user, owner if isinstance(owner, str) else "", lab)
    if isinstance(owner, str):
        owner = owner_for(owner) if owner else None
    text, error = _decoded(data, input_name)
    run = IngestionRun.objects.create(
        format=format,
        owner=owner,
        lab=lab,
        observed_at=observed_at or timezone.localdate(),
        trigger=trigger,
        created_by=user,
        source=source,
        input_name=input_name[:500],
        input_text=text,
        input_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest() if text else "",
    )
    if error:
        return run_fail(run_id=run.pk, error=error)
    if enqueue:
        transaction.on_commit(lambda: current_app.tasks[INGEST_RUN_TASK].delay(run.pk))
    return run


def _decoded(data: bytes | str, input_name: str) -> tuple[str, str]:
    if isinstance(data, str):
        return data, ""
    try:
        return decode(data), ""
    except UnreadableText as unreadable:
        return "", f"{input_name or 'the input'} is unreadable: {unreadable}"


class _Rollback(Exception):
    pass


@dataclass
class Preview:
    """What a run would do, computed by doing it and rolling everything back."""

    status: str
    format: str
    error: str
    counts: dict
    outcomes: list[dict] = field(default_factory=list)
    report: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unread: list = field(default_factory=list)


def run_preview(**submit_args) -> Preview:
    """A dry run: submit and ingest everything inside a transaction, report, then write nothing."""
    preview = None
    try:
        with transaction.atomic():
            run = run_submit(**submit_args, enqueue=False)
            run = run_execute(run_id=run.pk)
            outcomes = [
                {"index": o.index, "line": o.line, "kind": o.kind, "outcome": o.outcome, "reason": o.reason,
                 "label": _label(o)}
                for o in run.outcomes.select_related("paper", "person")
            ]  # fmt: skip
            preview = Preview(
                run.status, run.detected_format or run.format, run.error, run_counts(run), outcomes
            )
            preview.report, preview.warnings, preview.unread = run.report, run.warnings, run.unread
            raise _Rollback
    except _Rollback:
        pass
    return preview


def _label(outcome: RecordOutcome) -> str:
    if outcome.paper is not None:
        return outcome.paper.title
    if outcome.person is not None:
        return outcome.person.full_name
    return outcome.raw.strip().splitlines()[0][:120] if outcome.raw.strip() else ""
