"""The write lock: one batch at a time matches against the database and writes what it decided.

Matching reads what is stored and decides (this record is that paper, this name is that
person, this venue is new); the write makes the decision true. Two batches doing this at
once, in any two workers on any two machines, could each find a paper, a person or a venue
missing and both create it. Every batch therefore takes one PostgreSQL advisory lock,
scoped to its transaction, before it matches: the match is made under the lock, sees every
batch committed before it, and the lock is released by the batch's COMMIT or ROLLBACK, so a
worker that dies cannot keep it. Batches of different runs take turns, and parsing (outside
the batch) goes on in parallel.

Why one lock rather than one per match key: a batch of papers touches thousands of keys
(titles, identifiers, and above all author names, where common names such as "Wang" or
"Kim" are in every batch), so two batches of overlapping listings always share some key
and wait for each other anyway, while thousands of locks per transaction would exhaust
PostgreSQL's lock table (max_locks_per_transaction x max_connections, 6,400 by default).
"""

from dataclasses import dataclass

from django.db import connection

from ingest.models import WriteClock

# The advisory lock's number: a constant, so every process of every machine takes the same one.
# The bytes of "pubtrack": a positive 64-bit integer, as pg_advisory_xact_lock(bigint) wants.
INGEST_WRITE_LOCK = int.from_bytes(b"pubtrack", "big")


@dataclass(frozen=True)
class Clock:
    """The write clock as a write under the lock found it."""

    generation: int  # counted on by this write
    before: dict | None  # what the write before said it changed (null: it did not say)


def write_lock() -> Clock:
    """Wait for the write lock and hold it until the current transaction ends; returns the write
    clock (WriteClock: a writer that wrote at n and now reads n + 1 knows that nobody else wrote
    in between, so what it read before still holds; at n + 2, `before` says what the other did).

    Called inside transaction.atomic(). SQLite, the single-process default, has no advisory
    locks; there the clock's UPDATE, the transaction's first statement, takes SQLite's one
    write lock at once, which serves the same end.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INGEST_WRITE_LOCK])
    found = WriteClock.objects.filter(pk=1).values("generation", "written").first()
    if found is None:  # the first write under the lock (or the first since the table was emptied)
        WriteClock.objects.create(pk=1, generation=1)
        return Clock(1, None)
    WriteClock.objects.filter(pk=1).update(generation=found["generation"] + 1, written=None)
    return Clock(found["generation"] + 1, found["written"])


def write_note(written: dict) -> None:
    """Say, for the next writer, what this write changed (inside the same transaction)."""
    WriteClock.objects.filter(pk=1).update(written=written)
