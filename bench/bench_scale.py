"""A million papers on PostgreSQL (issue 18): search, pages, the API and ingestion at DBLP scale.

    .venv/bin/python bench/bench_scale.py                 # 1,000,000 papers, every section
    .venv/bin/python bench/bench_scale.py --quick         # 50,000 papers, short runs: a sanity run
    .venv/bin/python bench/bench_scale.py --keep          # keep the loaded template for the next run
    .venv/bin/python bench/bench_scale.py --only search,pages

Data (bench/scale_data.py): --papers papers by --people people (bench_api's generator: 3-6
authors each with skewed productivity, catalogue venues and their editions, links, abstracts on
35%), among them bench_pages' cast (a researcher with 3,000 papers, the lab they lead, CVPR 2024
with 2,500), loaded with COPY 10,000 papers at a time, then VACUUM ANALYZE. The loaded database
is the template pubtracker_bench_scale_data, tagged with its fingerprint (seed, sizes, the tree's
migrations); a later run with the same fingerprint clones it instead of loading (with --keep the
template stays at the end; without it every database the bench made is dropped).

Sections, each printed as markdown tables for bench/RESULTS.md; cold is the Django cache off
(a DummyCache: every request as if the cache were empty), warm a second pass with it on:
- search (scale_search.py): 200 generated queries (words, phrases, titles, names, typos, names
  without their accents, prefixes) through the product's own search: PaperFilter's q, as the API
  and /search/ run it, and Person.objects.search; then /search/ and the API's ?q= through the test
  client. p50/p95/max; target p95 < 50 ms.
- pages (scale_pages.py): the researcher's profile, the lab, the edition, the home page and the
  people list through Django's test client against their own SQL run bare (bench_pages' measure);
  targets < 250 ms and <= 3x the floor; EXPLAIN (ANALYZE, BUFFERS) of each page's slowest
  statement, and every sequential scan of the papers' tables in any of its statements.
- api (scale_api.py): /api/v1/papers/?page_size=100, unfiltered and filtered, under wrk against
  bench_api's floors in the same gunicorn; target >= 0.8 of the same-content floor, no errors.
- ingest (scale_ingest.py): 10,000 new BibTeX entries (bench_ingest's generator and run) into a
  clone of the million papers and into an empty migrated database; target <= 1.5x.

Only databases named pubtracker_bench_scale* are created and dropped; the pubtracker_bench
advisory lock keeps it from running beside the other benchmarks. Needs wrk for the api section.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import scale_api, scale_ingest, scale_pages, scale_search  # noqa: E402
from bench.bench_api import SERVER_ENV, bench_start, database_facts  # noqa: E402
from bench.bench_ingest import Server  # noqa: E402
from bench.scale_data import DATA_DB, PREFIX, RUN_DB, Sizes, prepare  # noqa: E402

SECTIONS = ("search", "pages", "api", "ingest")


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--papers", type=int, help="papers in all, the cast's included (1,000,000; --quick 50,000)"
    )
    parser.add_argument("--people", type=int, help="people (papers x 0.3)")
    parser.add_argument("--quick", action="store_true", help="50,000 papers, short runs")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"sections to run ({','.join(SECTIONS)})")
    parser.add_argument("--queries", type=int, default=200, help="search queries (200)")
    parser.add_argument(
        "--timeout", type=int, default=10_000, help="statement timeout of a search, ms (10,000)"
    )
    parser.add_argument("--repeats", type=int, help="timed requests per page (20; --quick 5)")
    parser.add_argument("--page-warmup", type=int, default=3, help="requests per page before timing (3)")
    parser.add_argument("--duration", type=int, help="seconds of wrk per URL (30; --quick 5)")
    parser.add_argument("--warmup", type=int, help="seconds of wrk per URL before measuring (5; --quick 1)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument(
        "--wrk-timeout",
        type=int,
        default=60,
        help="seconds before wrk counts a response as an error (60: 16 connections queue for 2 workers)",
    )
    parser.add_argument("--new", type=int, help="new BibTeX entries ingested (10,000; --quick 1,000)")
    parser.add_argument("--ingest-repeats", type=int, default=2, help="best of N ingestion runs (2)")
    parser.add_argument(
        "--cache-url", default="", help="CACHE_URL of the warm runs (none: each process's memory)"
    )
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true", help=f"keep the template {DATA_DB} for the next run")
    args = parser.parse_args()
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    if unknown := set(args.only) - set(SECTIONS):
        parser.error(f"unknown sections {sorted(unknown)}: choose among {', '.join(SECTIONS)}")
    quick = args.quick
    args.papers = args.papers or (50_000 if quick else 1_000_000)
    args.people = args.people or args.papers * 3 // 10
    args.repeats = args.repeats or (5 if quick else 20)
    args.duration = args.duration or (5 if quick else 30)
    args.warmup = args.warmup if args.warmup is not None else (1 if quick else 5)
    args.new = args.new or (1_000 if quick else 10_000)
    args.page_size = 100
    return args


def setup_django(server: Server, static_root: str, cache_url: str) -> None:
    """bench_api's server settings on the run's database, static files collected as a deploy does."""
    os.environ.update(
        SERVER_ENV,
        DATABASE_URL=f"{server.url}/{RUN_DB}",
        DJANGO_SETTINGS_MODULE="bench.scale_settings",
        CACHE_URL=cache_url,
        STATIC_ROOT=static_root,
    )
    import django
    from django.core.management import call_command

    django.setup()
    # DEBUG off serves static files through the manifest that {% static %} reads.
    call_command("collectstatic", interactive=False, verbosity=0)


def main() -> None:
    args = options()
    if "api" in args.only and not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    server, args.code = bench_start(args.server, PREFIX)
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="bench_scale_") as static_root:
            setup_django(server, static_root, args.cache_url)
            run(server, args)
    finally:
        from django.db import connection

        connection.close()
        for name in (RUN_DB, *([] if args.keep else [DATA_DB])):
            server.drop(name)
    print(f"\ntotal wall time {time.perf_counter() - started:.0f} s")


def run(server: Server, args: argparse.Namespace) -> None:
    from django.test import Client

    seconds = prepare(server, Sizes(args.papers, args.people))
    facts = database_facts(server, RUN_DB)
    spent = ", ".join(f"{step} {value:.0f} s" for step, value in seconds.items())
    print(
        f"\nData: {facts['paper']:,} papers, {facts['authorship']:,} authorships, "
        f"{facts['paperlink']:,} links, {facts['person']:,} people, "
        f"{facts['venueedition']:,} venue editions; {facts['size']} "
        f"({spent}). Code: {args.code}.",
        flush=True,
    )
    client = Client(SERVER_NAME="127.0.0.1")
    if "search" in args.only:
        scale_search.run(client, args.queries, args.timeout)
    if "pages" in args.only:
        scale_pages.run(client, args.page_warmup, args.repeats)
    if "api" in args.only:
        scale_api.run(server, args, RUN_DB)
    if "ingest" in args.only:
        scale_ingest.run(server, args.new, args.ingest_repeats)


if __name__ == "__main__":
    main()
