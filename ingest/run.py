"""Run: execute a queued run through the steps (fetch, parse, then match, merge and write in
checkpointed batches), finish it with its counts, and fail the runs whose worker was lost."""

import logging
import time
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone

from core.bulk import insert_rows
from ingest.choices import Outcome, RunStatus
from ingest.context import RunContext, catalogue_aliases
from ingest.fetch.client import FetchError
from ingest.fetch.harvest import harvest_done
from ingest.fetch.source import source_input
from ingest.models import IngestionRun, RecordOutcome
from ingest.parsers import ParseError, ParseResult, parse
from ingest.parsers.report import listing_report
from ingest.write.batch import Record, process_batch
from ingest.write.lock import write_lock, write_note

logger = logging.getLogger(__name__)
COUNTED = (Outcome.CREATED, Outcome.MERGED, Outcome.UNCHANGED, Outcome.NEEDS_REVIEW, Outcome.REJECTED)
# Lines not understood kept with a run (the count is of all of them): enough to see what was
# missed, bounded for a page of minified HTML or a 50 MB file.
UNREAD_KEPT = 500
UNREAD_CHARS = 1000
LARGE_FIELDS = ("input_text", "unread")  # not read back when a run finishes
# A batch that collides with another writer (a unique key, a deadlock, a serialization
# failure) or loses its connection is rolled back whole, then matched again and retried.
RETRYABLE = (OperationalError, InterfaceError, IntegrityError)
BATCH_ATTEMPTS = 6
RETRY_PAUSE = 0.5  # seconds before the second attempt, doubled before each one after (15 s in all)


class BatchFailed(Exception):
    """A batch that could not be written after every attempt; the message says which and why."""


def run_fail(*, run_id: int, error: str) -> IngestionRun:
    """End a run as failed with a message a person can act on."""
    IngestionRun.objects.filter(pk=run_id).update(
        status=RunStatus.FAILED, error=error, finished_at=timezone.now(), progressed_at=timezone.now()
    )
    logger.warning("ingest.run_fail run=%s error=%s", run_id, error)
    return IngestionRun.objects.get(pk=run_id)


def run_abort(*, run_id: int, error: BaseException) -> str:
    """Fail a run that its process cannot finish (an unexpected error), so that it is not left
    "running"; returns the sentence to show instead of a traceback."""
    message = f"Ingestion stopped on an error: {type(error).__name__}: {one_line(error)}"
    try:
        run_fail(run_id=run_id, error=message)
    except DatabaseError as lost:
        return (
            f"{message}. The database did not answer ({one_line(lost)}); "
            f"run {run_id} is failed by the stale-run sweep."
        )
    return message


def one_line(error: BaseException) -> str:
    """An error's text on one line: drivers' messages run over several."""
    return " ".join(str(error).split())


def run_execute(*, run_id: int, batch_size: int | None = None) -> IngestionRun:
    """Ingest a run from its checkpoint to the end, one transaction per batch.

    A batch writes its records, their outcomes, the counts and the new checkpoint
    together, so a worker lost mid-batch leaves nothing of that batch, and the next
    delivery of the task starts again at the checkpoint.
    """
    run = _run_start(run_id)
    if run is None:
        return IngestionRun.objects.get(pk=run_id)
    try:
        text = source_input(run) if run.source_id and not run.input_text else run.input_text
        if text is None:  # the source did not change since its last fetch
            return _run_finish(run, note="not modified since the last fetch")
        result = parse(
            text,
            run.format,
            observed_at=run.observed_at,
            venue_aliases=catalogue_aliases(),
            owner_name=run.owner.full_name if run.owner else "",
        )
    except ParseError as error:
        return run_fail(
            run_id=run.pk, error=f"{run.input_name or 'the input'} could not be read: {error.reason}"
        )
    except FetchError as error:
        if error.transient:
            raise
        return run_fail(run_id=run.pk, error=error.message)
    _run_parsed(run, result)
    records = numbered(result)
    ctx = RunContext(run, result.format)
    size = batch_size or settings.INGEST_BATCH_SIZE
    start = run.checkpoint
    while start < len(records):
        end = min(start + size, len(records))
        try:
            written = _run_batch_retried(ctx, records, start, end)
        except BatchFailed as error:
            return run_fail(run_id=run.pk, error=str(error))
        if not written:
            return IngestionRun.objects.get(pk=run.pk)  # another delivery of the task took over
        start = end
    return _run_finish(run)


def _run_parsed(run: IngestionRun, result: ParseResult) -> None:
    """Store what the parse understood; a resumed run parses again and stores the same."""
    report = listing_report(result, result.format)
    run.detected_format = result.format
    run.report = report.counts
    run.warnings = report.warnings
    run.unread = [[number, text[:UNREAD_CHARS]] for number, text in result.unread[:UNREAD_KEPT]]
    IngestionRun.objects.filter(pk=run.pk).update(
        detected_format=run.detected_format, report=run.report, warnings=run.warnings, unread=run.unread
    )


def numbered(result) -> list[Record]:
    """Every record and every unreadable one, in the order of their lines."""
    items = [*result.records(), *result.errors]
    items.sort(key=lambda item: item.line)
    return [Record(index, item) for index, item in enumerate(items)]


def _run_start(run_id: int) -> IngestionRun | None:
    with transaction.atomic():
        run = (
            IngestionRun.objects.select_for_update(of=("self",))
            .select_related("owner", "lab", "source")
            .get(pk=run_id)
        )
        if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
            return None
        now = timezone.now()
        run.status = RunStatus.RUNNING
        run.started_at = run.started_at or now
        run.progressed_at = now
        run.save(update_fields=["status", "started_at", "progressed_at"])
    return run


def _run_batch_retried(ctx: RunContext, records: list[Record], start: int, end: int) -> bool:
    """Write one batch, again from its checkpoint while it collides or loses the database."""
    attempt = 1
    while True:
        try:
            if attempt > 1:
                ctx.forget()  # what the rolled-back attempt created does not exist
            return _run_batch(ctx, records, start, end)
        except RETRYABLE as error:
            logger.warning(
                "ingest.batch_retry run=%s records=%d-%d attempt=%d error=%s",
                ctx.run.pk, start, end, attempt, error,
            )  # fmt: skip
            if attempt == BATCH_ATTEMPTS:
                raise BatchFailed(
                    f"Records {start + 1}-{end} could not be written after {attempt} attempts "
                    f"({type(error).__name__}: {one_line(error)}). The {start} records before "
                    "them are in; ingest the listing again to add the rest."
                ) from error
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()  # a lost connection is opened again
        time.sleep(RETRY_PAUSE * 2 ** (attempt - 1))
        attempt += 1


def _run_batch(ctx: RunContext, records: list[Record], start: int, end: int) -> bool:
    with transaction.atomic():
        clock = write_lock()  # before any row lock: the one order every writer takes them in
        ctx.catch_up(clock)
        # Lock the row without reading it whole: input_text can be tens of megabytes.
        locked = IngestionRun.objects.select_for_update().only("status", "checkpoint").get(pk=ctx.run.pk)
        if locked.status != RunStatus.RUNNING or locked.checkpoint != start:
            return False
        results = process_batch(records[start:end], ctx)
        insert_rows(
            RecordOutcome,
            ("run_id", "index", "line", "kind", "outcome", "reason", "raw", "paper_id", "person_id"),
            [
                (
                    ctx.run.pk,
                    record.index,
                    record.line,
                    result.kind,
                    result.outcome,
                    result.reason,
                    record.raw,
                    result.paper.pk if result.paper is not None else None,
                    result.person.pk if result.person is not None else None,
                )
                for record, result in zip(records[start:end], results, strict=True)
            ],
        )
        counts = {name: 0 for name in COUNTED}
        for result in results:
            counts[result.outcome] += 1
        IngestionRun.objects.filter(pk=ctx.run.pk).update(
            checkpoint=end,
            progressed_at=timezone.now(),
            records=F("records") + len(results),
            **{name: F(name) + count for name, count in counts.items()},
        )
        write_note(ctx.written.as_json())
    ctx.wrote(clock)
    logger.info("ingest.batch run=%s records=%d-%d", ctx.run.pk, start, end)
    return True


def _run_finish(run: IngestionRun, note: str = "") -> IngestionRun:
    run.refresh_from_db(
        fields=[f.attname for f in IngestionRun._meta.concrete_fields if f.name not in LARGE_FIELDS]
    )
    # A page read with warnings (no publications found, most lines not understood) is not a
    # success, however cleanly its few records went in: the error says what was missed.
    run.status = RunStatus.PARTIAL if run.rejected or run.warnings else RunStatus.SUCCEEDED
    run.finished_at = timezone.now()
    run.error = note or warnings_summary(run.warnings)
    run.save(update_fields=["status", "finished_at", "error"])
    harvest_done(run)
    logger.info("ingest.run_finish run=%s status=%s counts=%s", run.pk, run.status, run_counts(run))
    return run


def unread_lines(unread: list) -> list[dict]:
    """A run's kept unread lines as the command and the API show them: {line, text}."""
    return [{"line": number, "text": text} for number, text in unread]


def warnings_summary(warnings: list[str]) -> str:
    """The warnings as the one sentence a run's error shows."""
    return f"Not everything was understood: {'; '.join(warnings)}." if warnings else ""


def runs_fail_stale(*, now: datetime | None = None) -> int:
    """Fail the runs still "running" that made no progress for long: their worker was lost.

    One UPDATE, so a run that finishes meanwhile is not touched (its status is no
    longer "running" when the row is written).
    """
    now = now or timezone.now()
    cutoff = now - settings.INGEST_STALE_AFTER
    count = IngestionRun.objects.filter(status=RunStatus.RUNNING, progressed_at__lt=cutoff).update(
        status=RunStatus.FAILED,
        finished_at=now,
        error=f"No progress for {settings.INGEST_STALE_AFTER}: the worker was lost. Start the run again.",
    )
    if count:
        logger.warning("ingest.runs_fail_stale failed=%d cutoff=%s", count, cutoff.isoformat())
    return count


def run_counts(run: IngestionRun) -> dict:
    return {name: getattr(run, name) for name in ("records", *COUNTED)}
