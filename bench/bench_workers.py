"""Parallel ingestion: four overlapping BibTeX files through a real Celery worker, 1 process against N.

    .venv/bin/python bench/bench_ingest.py --workers 2            # 100,000 entries
    .venv/bin/python bench/bench_ingest.py --workers 2 --quick    # 5,000: a sanity run

The corpus is bench_ingest's main measurement (same generator and seed, --entries of it) in four
quarters. File i holds quarter i, then the first tenth of quarter i + 1 (file 4: of quarter 1): every
entry is in at least one file, a tenth of them in two. At 100,000 entries: four files of 27,500 entries,
110,000 records. bench_ingest's --entries, --quick, --people, --batch-size, --repeats (the floors'
best of), --server and --keep apply; --base, --new and --diagnose do not.

Each case gets a fresh copy of a migrated database (pubtracker_bench_w1, _wN) and a real worker,
`celery -A pubtracker worker --pool=prefork --concurrency=N` on its own Redis database and queue,
started and answering a ping before the clock starts; the clock runs from the first run_submit to
the last run's finished_at, while pg_stat_activity is sampled to say where the workers' sessions
spend it. The two databases' canonical dumps (scripts/canonical_dump.py) must be equal, with no
natural key twice. The floor: bibtexparser's bare parse of the four files, then COPY of exactly the
rows the 1-process run added (exported from its database after the run, not timed) into the real,
logged, indexed tables of a fresh migrated database, in foreign-key order, in one transaction.
bench_ingest's thin floor (one row per entry into an unlogged table) is kept as a trend figure.
"""

import gc
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import bench_ingest as base
from floor_rows import FLOOR_DB, Table, added_rows, cursor_on, floor

BROKER = "redis://127.0.0.1:6379/9"  # the bench's own Redis database: emptied at the end
QUEUE = "bench-workers"
TEMPLATE = f"{base.PREFIX}_w_empty"
OVERLAP = 10  # each file repeats the first 1/OVERLAP of the next quarter
SAMPLE_EVERY = 0.1  # seconds between two looks at pg_stat_activity
LOGS = Path("/tmp")
SHOWN = 300  # characters of a row shown when the dumps differ


def files(corpus: base.Corpus, entries: int) -> list[str]:
    """Four BibTeX texts: quarter i, then the first tenth of quarter i + 1 (the last: of the first)."""
    bounds = [entries * i // 4 for i in range(5)]
    texts = []
    for i in range(4):
        start, end = bounds[i], bounds[i + 1]
        following = bounds[(i + 1) % 4]
        extra = (bounds[(i + 1) % 4 + 1] - following) // OVERLAP
        texts.append(corpus.text(start, end) + "\n" + corpus.text(following, following + extra))
    return texts


# --- One case: a worker with N processes ingests the four files --------------------------------


@dataclass
class Parallel:
    """One measured case: the four runs through one worker of `processes` processes."""

    processes: int
    wall: float
    counts: Counter
    papers: int
    spans: list[tuple[float, float]]
    sessions: Counter
    cpu: float  # user + system seconds of the worker and its processes, start-up included
    load: tuple[float, float]
    retries: int

    @property
    def rate(self) -> float:
        return self.counts["records"] / self.wall


def start_worker(server: base.Server, database: str, processes: int) -> tuple[subprocess.Popen, str]:
    name = f"{QUEUE}-{processes}@bench"
    env = {**os.environ, "DATABASE_URL": f"{server.url}/{database}", "CELERY_RESULT_BACKEND": BROKER}
    command = [sys.executable, "-m", "celery", "-A", "pubtracker", "worker", "--pool=prefork",
               f"--concurrency={processes}", "-Q", QUEUE, "-n", name, "--without-heartbeat",
               "--without-gossip", "--without-mingle", "--loglevel=warning"]  # fmt: skip
    with open(LOGS / f"bench_workers_{processes}.log", "w") as log:
        process = subprocess.Popen(command, cwd=base.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return process, name


def wait_ready(process: subprocess.Popen, name: str) -> None:
    from pubtracker.celery import app

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the worker stopped at start-up: see {LOGS}/bench_workers_*.log")
        if app.control.ping(destination=[name], timeout=1.0):
            return
    sys.exit("the worker did not answer a ping in 120 s")


def stop_worker(process: subprocess.Popen) -> None:
    process.terminate()  # a warm shutdown: the pool's processes are waited for
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def submit(texts: list[str]) -> list[int]:
    """A run per file, each queued on the worker's queue as soon as it is stored."""
    from ingest.submit import run_submit
    from ingest.tasks import ingest_run

    ids = []
    for number, text in enumerate(texts, 1):
        run = run_submit(data=text.encode(), input_name=f"bench-{number}.bib", format="bibtex", enqueue=False)
        ingest_run.apply_async(args=[run.pk], queue=QUEUE)
        ids.append(run.pk)
    return ids


SESSION_KINDS = """
    SELECT CASE WHEN wait_event = 'advisory' THEN 'waiting for the write lock'
                WHEN state = 'active' THEN 'in SQL'
                WHEN state LIKE 'idle in transaction%%' THEN 'in a transaction, between statements'
                ELSE 'idle (parsing, or no task)' END
    FROM pg_stat_activity
    WHERE datname = %s AND pid <> pg_backend_pid() AND backend_type = 'client backend'
"""


def watch(server: base.Server, database: str, ids: list[int], worker: subprocess.Popen) -> Counter:
    """Sample the database's sessions until every run has finished; seconds per kind of session."""
    sessions: Counter = Counter()
    with cursor_on(server, database) as cursor:
        while True:
            cursor.execute(SESSION_KINDS, [database])
            for (kind,) in cursor.fetchall():
                sessions[kind] += SAMPLE_EVERY
            cursor.execute("SELECT status FROM ingest_ingestionrun WHERE id = ANY(%s)", [ids])
            if not {"queued", "running"} & {status for (status,) in cursor.fetchall()}:
                return sessions
            if worker.poll() is not None:
                sys.exit(f"the worker stopped during the runs: see {LOGS}/bench_workers_*.log")
            time.sleep(SAMPLE_EVERY)


def ingest_case(server: base.Server, database: str, texts: list[str], processes: int) -> Parallel:
    """Fresh database, worker ready, then the clock: four runs submitted and waited for."""
    from django.db import connection
    from django.utils import timezone

    server.recreate(database, TEMPLATE)
    base.use_database(database)
    cpu_before = sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])  # user + system
    worker, name = start_worker(server, database, processes)
    try:
        wait_ready(worker, name)
        gc.collect()
        load = os.getloadavg()[0]
        started = timezone.now()
        ids = submit(texts)
        connection.close()
        sessions = watch(server, database, ids, worker)
    finally:
        stop_worker(worker)
    counts, spans, papers = outcome(server, database, ids, started)
    retries = (LOGS / f"bench_workers_{processes}.log").read_text().count("ingest.batch_retry")
    cpu, wall = sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2]) - cpu_before, max(e for _, e in spans)
    return Parallel(
        processes, wall, counts, papers, spans, sessions, cpu, (load, os.getloadavg()[0]), retries
    )


def outcome(server: base.Server, database: str, ids: list[int], started) -> tuple[Counter, list, int]:
    """The runs' summed counts, each run's span in seconds from the submission, the papers stored."""
    counts: Counter = Counter()
    spans = []
    with cursor_on(server, database) as cursor:
        cursor.execute(
            "SELECT status, error, records, created, merged, unchanged, needs_review, rejected, started_at, "
            "finished_at FROM ingest_ingestionrun WHERE id = ANY(%s) ORDER BY id",
            [ids],
        )
        for status, error, *numbers, start, end in cursor.fetchall():
            assert status in ("succeeded", "partial"), f"a run ended {status}: {error}"
            names = ("records", "created", "merged", "unchanged", "review", "rejected")
            counts.update(dict(zip(names, numbers, strict=True)))
            spans.append(((start - started).total_seconds(), (end - started).total_seconds()))
        cursor.execute("SELECT count(*) FROM papers_paper")
        papers = cursor.fetchone()[0]
    return counts, spans, papers


# --- Same truth, no duplicates -------------------------------------------------------------------


def dump(database: str) -> dict[str, Counter]:
    """The canonical dump of a database, section by section, each row as JSON (a duplicate counts twice)."""
    from scripts.canonical_dump import canonical

    base.use_database(database)
    sections = canonical().items()
    return {name: Counter(json.dumps(row, ensure_ascii=False) for row in rows) for name, rows in sections}


DUPLICATES = {
    "papers (title_key, year)": "SELECT title_key, year FROM papers_paper GROUP BY 1, 2",
    "people (full_name)": "SELECT full_name FROM people_person GROUP BY 1",
    "venue aliases (key)": "SELECT key FROM venues_venuealias GROUP BY 1",
    "venues (name)": "SELECT name FROM venues_venue GROUP BY 1",
}


def duplicates(server: base.Server, database: str) -> dict[str, int]:
    """Groups of rows that share a natural key, per check."""
    found = {}
    with cursor_on(server, database) as cursor:
        for label, query in DUPLICATES.items():
            cursor.execute(f"SELECT count(*) FROM ({query} HAVING count(*) > 1) AS twice")
            found[label] = cursor.fetchone()[0]
    return found


# --- Report -------------------------------------------------------------------------------------

HEADER = (
    "| worker processes | wall s | records ingested | created / merged / unchanged / review / rejected "
    "| distinct papers | records/s | distinct papers/s | runs (start-end s) | worker CPU s | load avg |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
)


def row(case: Parallel) -> str:
    c = case.counts
    spans = ", ".join(f"{start:.0f}-{end:.0f}" for start, end in case.spans)
    return (
        f"| {case.processes} | {case.wall:.1f} | {c['records']:,} | {c['created']:,} / {c['merged']:,} / "
        f"{c['unchanged']:,} / {c['review']:,} / {c['rejected']:,} | {case.papers:,} | **{case.rate:,.0f}** "
        f"| {case.papers / case.wall:,.0f} | {spans} | {case.cpu:.0f} "
        f"| {case.load[0]:.1f} -> {case.load[1]:.1f} |"
    )


def sessions_line(case: Parallel) -> str:
    parts = ", ".join(f"{kind} {seconds:.1f} s" for kind, seconds in case.sessions.most_common())
    return (
        f"- {case.processes} process(es), time of the workers' database sessions (sampled every "
        f"{SAMPLE_EVERY} s): {parts}; batch retries logged: {case.retries}"
    )


def figures(one: Parallel, many: Parallel, floor_parts, thin, tables: list[Table]) -> list[str]:
    parse, copy = floor_parts
    total, thin_total = parse + copy, thin[0] + thin[1]
    rows = sum(table.rows for table in tables)
    return [
        "| measure | seconds | figure | target |",
        "| --- | --- | --- | --- |",
        f"| floor: bibtexparser parse of the 4 files + COPY of the {rows:,} rows the 1-process run wrote "
        f"| {parse:.2f} + {copy:.2f} = {total:.2f} | | |",
        f"| 1 process: records ingested per wall second | {one.wall:.1f} | **{one.rate:,.0f} papers/s** "
        f"({one.papers / one.wall:,.0f} distinct/s) | >= 1,500 papers/s |",
        f"| 1 process: ratio to the floor | | **{one.wall / total:.2f}x** | <= 2.5x |",
        f"| {many.processes} processes: records ingested per wall second | {many.wall:.1f} | "
        f"**{many.rate:,.0f} papers/s** ({many.papers / many.wall:,.0f} distinct/s) | |",
        f"| speed-up, {many.processes} processes vs 1 | | **{one.wall / many.wall:.2f}x** | >= 1.4x |",
        f"| trend: thin floor (bare parse + COPY of {thin[2]:,} rows into an unlogged table) "
        f"| {thin[0]:.2f} + {thin[1]:.2f} = {thin_total:.2f} | 1 process: {one.wall / thin_total:.1f}x | |",
    ]


# --- Main --------------------------------------------------------------------------------------


def main(args) -> None:
    import redis

    entries = args.entries or (5_000 if args.quick else 100_000)
    server = base.Server(args.server)
    server.lock()
    broker = redis.Redis.from_url(BROKER)
    if broker.dbsize():
        sys.exit(f"{BROKER} is not empty: someone else uses it; the bench empties it at the end")
    base.setup_django(server.url, args.batch_size, broker=BROKER)
    started = time.perf_counter()
    corpus = base.Generator(seed=20261121, people=args.people).corpus(entries)
    texts = files(corpus, entries)
    sizes = [len(text.encode()) for text in texts]
    assert max(sizes) <= base.MAX_INPUT_BYTES, "a file exceeds the pipeline's input limit"
    data = (
        f"{entries:,} entries (bench_ingest's corpus, seed 20261121, {args.people:,} authors) in 4 files: "
        f"file i holds quarter i and the first 1/{OVERLAP} of quarter i + 1 (file 4: of quarter 1); "
        f"{sum(t.count(chr(10) + '@') + 1 for t in texts):,} records, {sum(sizes) / 1e6:.1f} MB; batch size "
        f"{base.batch_size()}"
    )
    print(f"data: {data}\nmachine: {base.machine(server)}; load avg {os.getloadavg()}", flush=True)
    databases = [TEMPLATE, f"{base.PREFIX}_w1", f"{base.PREFIX}_w{args.workers}", FLOOR_DB, base.RUN_DB]
    try:
        measure(server, args, texts, data, databases)
    finally:
        base.use_database(base.RUN_DB)
        from django.db import connection

        connection.close()
        broker.flushdb()
        if not args.keep:
            for name in databases:
                server.drop(name)
    print(f"\ntotal wall time {time.perf_counter() - started:.0f} s")


def measure(server: base.Server, args, texts: list[str], data: str, databases: list[str]) -> None:
    _, one_db, many_db, _, _ = databases
    server.recreate(TEMPLATE)
    server.migrate(TEMPLATE)
    one = ingest_case(server, one_db, texts, 1)
    print(HEADER, row(one), sep="\n", flush=True)
    tables = added_rows(server, one_db, TEMPLATE)
    floor_parts = floor(server, texts, tables, args.repeats, TEMPLATE)
    print(f"floor: parse {floor_parts[0]:.2f} s + COPY {floor_parts[1]:.2f} s", flush=True)
    many = ingest_case(server, many_db, texts, args.workers)
    print(row(many), flush=True)
    server.recreate(base.RUN_DB, TEMPLATE)
    # bibtexparser drops an entry whose key it has seen: the thin floor reads each file alone.
    thin = [sum(parts) for parts in zip(*(base.floor(server, t, args.repeats) for t in texts), strict=True)]
    report = [
        "",
        f"Data: {data}. Worker: `celery -A pubtracker worker --pool=prefork --concurrency=N` ({BROKER}).",
        f"Code: {base.code_state()}.",
        "",
        HEADER,
        row(one),
        row(many),
        "",
        *figures(one, many, floor_parts, thin, tables),
        "",
        *checks(server, one_db, many_db),
        sessions_line(one),
        sessions_line(many),
        "- the floor's rows: " + ", ".join(f"{t.name} {t.rows:,}" for t in tables),
    ]
    print("\n".join(report), flush=True)


def checks(server: base.Server, one_db: str, many_db: str) -> list[str]:
    """The two databases hold the same truth, and neither holds a natural key twice."""
    start = time.perf_counter()
    one, many = dump(one_db), dump(many_db)
    sections = ", ".join(f"{name} {rows.total():,}" for name, rows in one.items())
    verdict = "equal" if one == many else "DIFFERENT"
    lines = [f"- canonical dumps of {one_db} and {many_db}: **{verdict}** ({sections})"]
    for name in (name for name in one if one[name] != many[name]):
        first, second = sorted(one[name] - many[name]), sorted(many[name] - one[name])
        lines.append(f"  - {name}: {len(first):,} rows only in the first, {len(second):,} in the second:")
        lines += [f"    - 1: {row[:SHOWN]}" for row in first[:2]]
        lines += [f"    - 2: {row[:SHOWN]}" for row in second[:2]]
    for name in (one_db, many_db):
        found = duplicates(server, name)
        lines.append(f"- duplicates in {name}: " + ", ".join(f"{k} {v}" for k, v in found.items()))
    lines.append(f"- the checks took {time.perf_counter() - start:.0f} s")
    return lines
