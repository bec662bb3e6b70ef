"""One batch of a run's records: each kind to its handler, each failure to its record."""

import logging
from dataclasses import dataclass
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from ingest.choices import Outcome, RecordKind
from ingest.context import RunContext
from ingest.parsers.drafts import (
    AbstractDraft,
    Draft,
    EntryDraft,
    MembershipDraft,
    PaperDraft,
    ParseError,
    PersonDraft,
)
from ingest.state import RecordRejected, RecordResult
from ingest.write.papers import papers_ingest
from ingest.write.people import abstract_ingest, entry_ingest, membership_ingest, owner_ingest

logger = logging.getLogger(__name__)
KINDS = {
    PaperDraft: RecordKind.PAPER,
    PersonDraft: RecordKind.PERSON,
    MembershipDraft: RecordKind.MEMBERSHIP,
    EntryDraft: RecordKind.ENTRY,
    AbstractDraft: RecordKind.ABSTRACT,
}


@dataclass(frozen=True)
class Record:
    """A record of the input at its position, or the error that replaced an unreadable one."""

    index: int
    item: Draft | ParseError

    @property
    def line(self) -> int:
        return self.item.line

    @property
    def raw(self) -> str:
        return self.item.raw


def process_batch(records: list[Record], ctx: RunContext) -> list[RecordResult]:
    """Results for the records, in order; consecutive papers are ingested together."""
    results: list[RecordResult] = []
    for is_paper, group in groupby(records, key=lambda record: isinstance(record.item, PaperDraft)):
        group = list(group)
        if is_paper:
            results += papers_ingest([record.item for record in group], ctx)
        else:
            results += [_one(record, ctx) for record in group]
    return results


def _one(record: Record, ctx: RunContext) -> RecordResult:
    item = record.item
    if isinstance(item, ParseError):
        return RecordResult(RecordKind.PAPER, Outcome.REJECTED, item.reason)
    kind = KINDS[type(item)]
    try:
        # A savepoint per record: a record refused by the database leaves no trace and
        # the rest of the batch goes on.
        with transaction.atomic():
            return _handle(item, ctx, record.index)
    except (RecordRejected, ValidationError, IntegrityError, DataError, ValueError) as error:
        ctx.reset_people()
        return RecordResult(kind, Outcome.REJECTED, _reason(error))


def _handle(item: Draft, ctx: RunContext, index: int) -> RecordResult:
    if isinstance(item, PersonDraft):
        return owner_ingest(item, ctx)
    if isinstance(item, MembershipDraft):
        return membership_ingest(item, ctx)
    if isinstance(item, EntryDraft):
        return entry_ingest(item, ctx, order=index)
    return abstract_ingest(item, ctx)


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    if isinstance(error, IntegrityError | DataError):
        logger.warning("ingest.record_refused error=%s", error)
        return f"the database refused the record: {error}".strip()
    return str(error)
