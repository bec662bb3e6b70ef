"""bench_scale.py's ingest section: new BibTeX entries into the million papers and into nothing.

bench_ingest's generator makes --new entries and its timed_ingest runs them through the pipeline
in process (run_submit, then run_execute, as a worker would), into a fresh clone of the loaded
template and into a fresh copy of an empty migrated database, in turns, best of --repeats.
"""

import logging

from bench.bench_ingest import CLOCK, HEADER, Generator, Server, row, timed_ingest, use_database
from bench.scale_data import DATA_DB, PREFIX, RUN_DB

INGEST_DB, MIGRATED_DB = f"{PREFIX}_ingest", f"{PREFIX}_migrated"
SEED = 20261206
AUTHORS = 20_000  # bench_ingest's pool: names the million papers' people mostly share
TARGET_RATIO = 1.5


def entries(count: int) -> str:
    """count BibTeX entries of new papers: their DOIs and arXiv ids are none of the loaded ones."""
    generator = Generator(seed=SEED, people=AUTHORS)
    # bench_api's generator numbers each month's arXiv ids from 1, as this one does: start far above.
    for year in range(2000, 2026):
        for month in range(1, 13):
            generator.arxiv_months[(year, month)] = 90_000
    return generator.corpus(count).text(0, count)


def run(server: Server, new: int, repeats: int) -> None:
    from django.db import connection

    text = entries(new)
    logger = logging.getLogger("ingest.run")  # the batch clock reads the pipeline's own log lines
    logger.setLevel(logging.INFO)
    logger.addHandler(CLOCK)
    logger.propagate = False
    server.recreate(MIGRATED_DB)
    server.migrate(MIGRATED_DB)
    into_big, into_empty = [], []
    print(f"\n## Ingestion: {new:,} new entries ({len(text.encode()) / 1e6:.1f} MB)\n\n{HEADER}", flush=True)
    try:
        for attempt in range(repeats):
            for template, found in ((DATA_DB, into_big), (MIGRATED_DB, into_empty)):
                connection.close()
                server.recreate(INGEST_DB, template)
                use_database(INGEST_DB)
                where = "the loaded papers" if template == DATA_DB else "an empty database"
                found.append(timed_ingest(f"{new:,} new into {where} (#{attempt + 1})", text, new))
                print(row(found[-1]), flush=True)
    finally:
        use_database(RUN_DB)
        for name in (INGEST_DB, MIGRATED_DB):
            server.drop(name)
    big, empty = (min(found, key=lambda r: r.seconds) for found in (into_big, into_empty))
    ratio = big.seconds / empty.seconds
    print(
        f"\nTarget: {new:,} new into the loaded papers at most {TARGET_RATIO}x into an empty database "
        f"(best of {repeats}): **{'met' if ratio <= TARGET_RATIO else 'not met'}** "
        f"({big.seconds:.1f} s vs {empty.seconds:.1f} s: {ratio:.2f}x)",
        flush=True,
    )
