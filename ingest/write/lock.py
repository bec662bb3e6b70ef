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

# The advisory lock's number: a constant, so every process of every machine takes the same one.
# The bytes of "pubtrack": a positive 64-bit integer, as pg_advisory_xact_lock(bigint) wants.
INGEST_WRITE_LOCK = int.from_bytes(b"pubtrack", "big")


def write_lock() -> None:
    """Wait for the write lock and hold it until the current transaction ends.

    Called inside transaction.atomic(). On SQLite, the single-process default, it does
    nothing: SQLite lets one writer through at a time, and a transaction that read before
    another one wrote fails ("database is locked") and is retried like any collision.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INGEST_WRITE_LOCK])
