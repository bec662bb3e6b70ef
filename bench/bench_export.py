"""Exports on PostgreSQL, cold: a researcher's 3,000 papers, a 2,500-paper edition, a lab and an API page,
as BibTeX, CSL-JSON and RIS.

    .venv/bin/python bench/bench_export.py             # bench_pages' data: 3,000 + 2,500 among 50,000
    .venv/bin/python bench/bench_export.py --quick     # 300 + 250 among 3,000: a sanity run
    .venv/bin/python bench/bench_export.py --keep      # keep the database; --reuse runs on a kept one
    .venv/bin/python bench/bench_export.py --only person.bib,edition.bib

Loads bench_pages' database (bench_pages.load: the researcher, their lab, the CVPR 2024 edition among
background papers, by COPY; VACUUM ANALYZE), then requests each export in process with Django's test
client (DEBUG off, no network; a streamed body is read to its end inside the clock). Every answer is
checked: status 200, one entry per paper of the set, and the BibTeX parsed back by bibtexparser into
that many entries without a failed block (once, outside the clock).

The floor of an export (bench/floor_export.py) is the same work by the simplest means: the same rows
(papers with their venue, authors, links) read bare through a cursor, and the same text written from
those tuples by plain loops over the project's own rules for a value (escaping, name forms, keys). The
floor's text must equal the export's byte for byte, or the run stops. Export and floor take turns.
Nothing is cached between requests: every figure is cold.

Only databases named pubtracker_bench_export* are created and dropped; the pubtracker_bench advisory
lock keeps it from running beside the other benchmarks.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_pages, floor_export  # noqa: E402
from bench.bench_ingest import Server, machine, vacuum_analyze  # noqa: E402

PREFIX = "pubtracker_bench_export"
DB = f"{PREFIX}_run"
TARGET_SECONDS = 0.3  # 3,000 BibTeX entries, cold
API_PAGE = 200


@dataclass
class Export:
    label: str
    path: str
    entries: int  # papers in the set: one entry each
    floor: floor_export.Floor


@dataclass
class Result:
    export: Export
    queries: int
    median: float  # ms
    p90: float
    floor: float  # ms
    size_kb: float

    @property
    def ratio(self) -> float:
        return self.median / self.floor


def exports() -> list[Export]:
    """What is measured: the sets read from the database, each with its floor."""
    from papers.models import Paper
    from papers.selectors import lab_paper_ids
    from people.models import Lab, Membership, Person
    from people.selectors import stint_years

    person = Person.objects.get(slug="ada-benchpage")
    mine = Paper.objects.filter(authorships__person=person).count()
    venue, year = bench_pages.EDITION
    edition = Paper.objects.filter(venue_edition__venue__slug=venue, venue_edition__year=year)
    edition_id = edition.values_list("venue_edition_id", flat=True).first()
    stints = stint_years(Membership.objects.filter(lab__slug=bench_pages.LAB_SLUG))
    stints = list(stints.values_list("person_id", "first_year", "last_year"))
    lab_ids = lab_paper_ids(Lab.objects.get(slug=bench_pages.LAB_SLUG))
    sets = [
        ("person", "/people/ada-benchpage/publications", mine, floor_export.person(person.pk)),
        (
            "edition",
            f"/venues/{venue}/{year}/publications",
            edition.count(),
            floor_export.edition(edition_id),
        ),
        ("lab", f"/labs/{bench_pages.LAB_SLUG}/publications", len(lab_ids), floor_export.lab(stints)),
    ]
    found = [
        Export(f"{name}.{suffix}", f"{path}.{suffix}", count, floor_export.Floor(papers, suffix))
        for name, path, count, papers in sets
        for suffix in floor_export.WRITERS
    ]
    api_floor = floor_export.api_page(API_PAGE)
    for suffix, format_name in (("bib", "bibtex"), ("json", "csl"), ("ris", "ris")):
        path = f"/api/v1/papers/?page_size={API_PAGE}&format={format_name}"
        found.append(Export(f"api.{suffix}", path, API_PAGE, floor_export.Floor(api_floor, suffix)))
    return found


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def entries_in(export: Export, text: str) -> int:
    if export.label.endswith(".bib"):
        return text.count("\n@") + text.startswith("@")
    if export.label.endswith(".ris"):
        return text.count("ER  - \r\n")
    return len(json.loads(text))


def check(export: Export, response, text: str) -> None:
    if response.status_code != 200 or entries_in(export, text) != export.entries:
        sys.exit(
            f"{export.path} answered {response.status_code} with {entries_in(export, text)} entries, "
            f"not {export.entries}"
        )


def parsed_back(export: Export, text: str) -> None:
    """bibtexparser reads every entry back, with no failed block."""
    import bibtexparser

    library = bibtexparser.parse_string(text)
    if library.failed_blocks or len(library.entries) != export.entries:
        sys.exit(
            f"{export.path}: {len(library.entries)} entries read back, {len(library.failed_blocks)} failed"
        )


def milliseconds(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def measure(client, export: Export, warmup: int, repeats: int) -> Result:
    """warmup requests, one with its queries counted and its text checked against the floor's; then
    repeats of the export and of its floor in turns."""
    from django.db import connection

    for _ in range(warmup):
        client.get(export.path)
    statements: list[str] = []  # counted as they go: a request's start empties the debug log

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(export.path)
        text = body(response).decode()
    check(export, response, text)
    if export.label.endswith(".bib"):
        parsed_back(export, text)
    floor_text = export.floor.run()
    if floor_text != text:
        sys.exit(f"{export.path}: the floor wrote other text ({first_difference(floor_text, text)})")
    times, floors, texts = [], [], []
    for _ in range(repeats):
        times.append(milliseconds(lambda: texts.append(body(client.get(export.path)))))
        floors.append(milliseconds(export.floor.run))
    if any(sent != text.encode() for sent in texts):
        sys.exit(f"{export.path} answered other text on a later request")
    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10, method="inclusive")[-1]
    return Result(export, len(statements), median, p90, statistics.median(floors), len(text.encode()) / 1024)


def first_difference(one: str, other: str) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other))
    )
    return f"at {at}: floor {one[max(at - 60, 0) : at + 60]!r}, export {other[max(at - 60, 0) : at + 60]!r}"


HEADER = (
    "| export | entries | queries | median ms | p90 ms | floor ms | export / floor | KB |\n"
    + "| --- " * 8
    + "|"
)


def row(result: Result) -> str:
    e = result.export
    return (
        f"| {e.label} | {e.entries:,} | {result.queries} | {result.median:.0f} | {result.p90:.0f} "
        f"| {result.floor:.0f} | {result.ratio:.2f} | {result.size_kb:,.0f} |"
    )


def verdict(results: list[Result]) -> str:
    target = next((r for r in results if r.export.label == "person.bib"), None)
    if target is None:
        return "person.bib was not measured: no verdict."
    met = target.median / 1000 <= TARGET_SECONDS
    return (
        f"- {target.export.entries:,} BibTeX entries cold, at most {TARGET_SECONDS} s: "
        f"**{'met' if met else 'not met'}** ({target.median / 1000:.3f} s, {target.ratio:.2f}x its floor)"
    )


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    bench_pages.size_options(parser)
    parser.add_argument("--repeats", type=int, default=15, help="timed requests per export (15)")
    parser.add_argument("--warmup", type=int, default=2, help="requests before timing (2)")
    parser.add_argument("--only", default="", help="labels to measure, comma-separated (person.bib,...)")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DB} database")
    parser.add_argument("--reuse", action="store_true", help=f"measure a kept {DB} instead of loading one")
    return bench_pages.sizes(parser.parse_args())


def loaded(server: Server) -> bool:
    with server.admin() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB])
        return cursor.fetchone() is not None


def run(server: Server, args: argparse.Namespace, static_root: str) -> None:
    reuse = args.reuse and loaded(server)
    if not reuse:
        server.recreate(DB)
        server.migrate(DB)
    bench_pages.setup_django(server.url, static_root, DB)
    if not reuse:
        start = time.perf_counter()
        bench_pages.load(args)
        vacuum_analyze(server, DB)
        print(f"loaded in {time.perf_counter() - start:.0f} s: {bench_pages.database_facts()}", flush=True)
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    wanted = {label for label in args.only.split(",") if label}
    results = []
    load_before = os.getloadavg()[0]
    for export in exports():
        if not wanted or export.label in wanted:
            results.append(measure(client, export, args.warmup, args.repeats))
            print(row(results[-1]), flush=True)
    print(
        f"\nCode: {bench_pages.code_state()}. {args.warmup} warm-up and {args.repeats} timed requests each."
    )
    print(f"Load average (1 min) {load_before:.1f} before, {os.getloadavg()[0]:.1f} after.\n")
    print(HEADER, *map(row, results), "", verdict(results), sep="\n", flush=True)


def main() -> None:
    args = options()
    server = Server(args.server, prefix=PREFIX)
    server.lock()
    print(f"machine: {machine(server)}; load avg {os.getloadavg()}", flush=True)
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="bench_export_") as static_root:
            run(server, args, static_root)
    finally:
        if not args.keep:
            server.drop(DB)
    print(f"\ntotal wall time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
