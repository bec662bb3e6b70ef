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

from django.db import connection
from django.db.models import F

from ingest.models import WriteClock

# The advisory lock's number: a constant, so every process of every machine takes the same one.
# The bytes of "pubtrack": a positive 64-bit integer, as pg_advisory_xact_lock(bigint) wants.
INGEST_WRITE_LOCK = int.from_bytes(b"pubtrack", "big")


def write_lock() -> int:
    """Wait for the write lock and hold it until the current transaction ends; returns the write
    clock, counted on by this write (WriteClock: a writer that wrote at n and now reads n + 1
    knows that nobody else wrote in between, so what it read before still holds).

    Called inside transaction.atomic(). SQLite, the single-process default, has no advisory
    locks; there the clock's UPDATE, the transaction's first statement, takes SQLite's one
    write lock at once, which serves the same end.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INGEST_WRITE_LOCK])
    if not WriteClock.objects.filter(pk=1).update(generation=F("generation") + 1):
        WriteClock.objects.create(pk=1, generation=1)  # a database emptied since it was migrated
    return WriteClock.objects.values_list("generation", flat=True).get(pk=1)
