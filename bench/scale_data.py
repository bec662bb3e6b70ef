"""bench_scale.py's database: a million generated papers loaded with COPY, kept as a template.

The papers are bench_api's (its Papers generator, people_create, papers_create: core.bulk's COPY),
written 10,000 at a time so that memory stays flat; the cast is bench_pages' (a researcher with
3,000 papers, the lab they lead, CVPR 2024 with 2,500). The loaded database is kept as
pubtracker_bench_scale_data, tagged in a COMMENT ON DATABASE with the fingerprint of what it
holds (seed, sizes, the tree's migrations); a run whose fingerprint matches clones it
(CREATE DATABASE ... TEMPLATE) instead of loading again.
"""

import json
import random
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from types import SimpleNamespace

from bench.bench_api import YEARS, Papers, editions_create, papers_create, people_create
from bench.bench_ingest import Server, use_database, vacuum_analyze
from bench.bench_pages import (
    EDITION,
    cast_make,
    edition_drafts,
    profile_create,
    researcher_create,
    researcher_drafts,
)

PREFIX = "pubtracker_bench_scale"
DATA_DB, RUN_DB = f"{PREFIX}_data", f"{PREFIX}_run"
SEED = 20261204
# Bump when the generator writes other rows for the same seed and sizes: the template is then stale.
DATA_VERSION = 1
CHUNK = 10_000  # papers per transaction: the drafts, instances and COPY text of a chunk only
WRITERS = 2  # threads writing chunks: one builds rows while the other's COPY runs
PAPER_KINDS = ("conference", "workshop", "journal")  # the venues bench_api's generator picks from


@dataclass(frozen=True)
class Sizes:
    """What the database holds: papers in all (the cast's included) and people."""

    papers: int
    people: int
    researcher: int = 3_000  # the researcher's papers
    edition: int = 2_500  # CVPR 2024's own papers (the background adds a few)

    @property
    def background(self) -> int:
        return self.papers - self.researcher - self.edition


def fingerprint(sizes: Sizes) -> str:
    """What a template must have been loaded with to be reused: seed, sizes, the tree's migrations."""
    from django.db.migrations.loader import MigrationLoader

    disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    facts = {
        "bench": "bench_scale",
        "version": DATA_VERSION,
        "seed": SEED,
        "papers": sizes.papers,
        "people": sizes.people,
        "researcher": sizes.researcher,
        "edition": sizes.edition,
        "migrations": sorted(f"{app}.{name}" for app, name in disk),
    }
    return json.dumps(facts, sort_keys=True)


def stored_fingerprint(server: Server, name: str) -> str | None:
    """The COMMENT of database name; None if it does not exist or has none."""
    with closing(server.admin()) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        )
        found = cursor.fetchone()
    return found[0] if found else None


def tag(server: Server, name: str, text: str) -> None:
    assert name.startswith(PREFIX), name
    with closing(server.admin()) as connection, connection.cursor() as cursor:
        cursor.execute(f'COMMENT ON DATABASE "{name}" IS %s', [text])


def prepare(server: Server, sizes: Sizes) -> dict[str, float]:
    """The run's database, cloned from a template loaded now or by an earlier run: seconds spent."""
    wanted, seconds = fingerprint(sizes), {}
    if stored_fingerprint(server, DATA_DB) == wanted:
        print(f"{DATA_DB} matches this run's fingerprint: not loaded again", flush=True)
    else:
        seconds = load_template(server, sizes, wanted)
    start = time.perf_counter()
    server.recreate(RUN_DB, DATA_DB)
    seconds["clone"] = time.perf_counter() - start
    use_database(RUN_DB)
    return seconds


def load_template(server: Server, sizes: Sizes, text: str) -> dict[str, float]:
    """A fresh, migrated DATA_DB loaded with the data, analysed, then tagged (only once complete)."""
    from django.db import connection

    start = time.perf_counter()
    server.recreate(DATA_DB)
    server.migrate(DATA_DB)
    use_database(DATA_DB)
    migrated = time.perf_counter()
    rows_load(sizes)
    connection.close()  # no session may stay on a template that is cloned
    loaded = time.perf_counter()
    vacuum_analyze(server, DATA_DB)
    tag(server, DATA_DB, text)
    done = time.perf_counter()
    return {"migrate": migrated - start, "COPY": loaded - migrated, "VACUUM ANALYZE": done - loaded}


def rows_load(sizes: Sizes) -> None:
    """People, editions, the background papers, the researcher's and the edition's, the profile."""
    from django.db import transaction

    from venues.models import Venue

    rng = random.Random(SEED)
    start = time.perf_counter()
    with transaction.atomic():
        people = people_create(rng, sizes.people, initials=True)
        researcher_create(people)
    print(f"  {len(people):,} people in {time.perf_counter() - start:.0f} s", flush=True)
    cast = cast_make(rng, people)
    venues = list(
        Venue.objects.filter(verified=True, kind__in=PAPER_KINDS)
        .values_list("pk", "name", "kind")
        .order_by("pk")
    )
    edition_venue = Venue.objects.values_list("pk", "name").get(slug=EDITION[0])
    with transaction.atomic():
        editions = editions_create([SimpleNamespace(venue=(v[0], year)) for v in venues for year in YEARS])
    chunks = drafts_chunks(sizes, rng, cast, Papers(rng, cast.pool, venues), edition_venue)
    papers_write(chunks, people, editions, sizes.papers)
    with transaction.atomic():
        profile_create(rng, people[cast.researcher], [people[i] for i in cast.lab])


def drafts_chunks(sizes: Sizes, rng: random.Random, cast, generator: Papers, edition_venue) -> Iterator[list]:
    """The drafts, CHUNK at a time: the background, then the researcher's, then the edition's."""
    for first in range(0, sizes.background, CHUNK):
        yield [generator.draft(n) for n in range(first, min(first + CHUNK, sizes.background))]
    yield researcher_drafts(generator, rng, cast, sizes.background, sizes.researcher)
    first = sizes.background + sizes.researcher
    yield edition_drafts(generator, rng, cast, edition_venue, first, sizes.edition)


def papers_write(chunks: Iterator[list], people: list, editions: dict, total: int) -> None:
    """Each chunk by papers_create in one of WRITERS threads, each on its own connection.

    Building a chunk's rows is Python (one core, the GIL) and its COPY is PostgreSQL's work: two
    writers keep both busy, one building while the other's COPY runs. The drafts are still made
    in order by one thread, so the data is the same for the same seed; only the ids may differ.
    """
    start, done, pending = time.perf_counter(), 0, deque()
    with ThreadPoolExecutor(WRITERS) as pool:
        for drafts in chunks:
            pending.append(pool.submit(chunk_write, drafts, people, editions))
            while len(pending) > WRITERS:  # drafts in memory: a few chunks, not the million
                done += pending.popleft().result()
                progress(done, total, start)
        for future in pending:
            done += future.result()
    progress(done, total, start, every=1)


def chunk_write(drafts: list, people: list, editions: dict) -> int:
    from django.db import connection, transaction

    try:
        with transaction.atomic():
            papers_create(drafts, people, editions)
    finally:
        connection.close()  # this thread's own connection
    return len(drafts)


def progress(done: int, total: int, start: float, every: int = 100_000) -> None:
    if done % every == 0:
        seconds = time.perf_counter() - start
        print(f"  {done:,} of {total:,} papers in {seconds:.0f} s ({done / seconds:,.0f}/s)", flush=True)
