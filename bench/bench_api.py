"""REST API throughput on PostgreSQL behind gunicorn: /api/v1/papers/ against a bare Django view.

    .venv/bin/python bench/bench_api.py               # 50,000 papers; wrk 30 s at 16 connections per URL
    .venv/bin/python bench/bench_api.py --quick       # 5,000 papers, 5 s per URL: a sanity run
    .venv/bin/python bench/bench_api.py --diagnose    # plus SQL statements and a cProfile of each URL

Loads --papers papers into a fresh, migrated database with COPY (core.bulk, not ingestion):
3-6 authors each from a pool of people with skewed productivity, venues and editions from the
catalogue, links (code on about a fifth), years 2000-2025 with more recent ones; then VACUUM ANALYZE.
Starts gunicorn (2 sync workers) with bench/bench_settings.py, which serves the product's URLs and
the floors (bench/floor_urls.py) in the same processes: the floor proper, the same 100 papers from
.values() as JSON, and a floor with the same content as the API (the count, authors and links, read
as rows). Checks that each floor answers with its API URL's papers, then runs wrk on every URL,
unfiltered and filtered. Prints a markdown table for bench/RESULTS.md.

Only databases named pubtracker_bench_api* are created and dropped (on 127.0.0.1:5432 unless
--server says otherwise); the pubtracker_bench advisory lock keeps it from running beside
bench_ingest.py. Needs wrk (a Debian package: apt-get install wrk).
"""

import argparse
import cProfile
import itertools
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_ingest import (  # noqa: E402
    TASKS,
    Server,
    abstract_of,
    code_state,
    machine,
    people_pool,
    profile_top,
    title_of,
    vacuum_analyze,
)

PREFIX = "pubtracker_bench_api"
DB = f"{PREFIX}_run"
SECRET_KEY = "bench-only-key-not-secret-7d2e91c4a0b5"
# Per second, not per minute: DRF keeps one timestamp per request of the window in the cache and
# reads and writes that list at every request; a minute of a benchmark's traffic would make it
# tens of thousands long, a cost no real client's rate (120/minute) comes near.
THROTTLE = "1000000/second"
API = "/api/v1/papers/"
FLOOR = "/bench/floor/papers/"
FILTER = "year_min=2020&kind=conference&has_code=true&ordering=-year"
YEARS = list(range(2000, 2026))
SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": SECRET_KEY,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "API_THROTTLE_ANON": THROTTLE,
    "API_THROTTLE_USER": THROTTLE,
    "LOG_LEVEL": "WARNING",
    "CACHE_URL": "",  # throttling counts in each process's memory
    "CELERY_BROKER_URL": "",
    "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
}


@dataclass
class Target:
    """A measured URL, and the labels of the floors it is compared with."""

    label: str
    path: str
    floor: str = ""  # the floor: the same papers from .values()
    content_floor: str = ""  # the same papers with their count, authors and links, still without DRF


def targets(page_size: int) -> list[Target]:
    """The floors and the API, unfiltered then filtered; each floor just before its API URL."""
    found = []
    for suffix, query in (("", f"page_size={page_size}"), (", filtered", f"page_size={page_size}&{FILTER}")):
        floor, content = f"floor{suffix}", f"floor + count, authors, links{suffix}"
        found += [
            Target(floor, f"{FLOOR}?{query}"),
            Target(content, f"{FLOOR}?{query}&content=full"),
            Target(f"API{suffix}", f"{API}?{query}", floor, content),
        ]
    return found


# --- Databases ---------------------------------------------------------------------------------


def setup_django(url: str) -> None:
    os.environ.update(SERVER_ENV, DATABASE_URL=f"{url}/{DB}")
    import django

    django.setup()


def database_facts(server: Server, database: str = DB) -> dict[str, int | str]:
    connection = psycopg2.connect(f"{server.url}/{database}")
    tables = ["papers_paper", "papers_authorship", "papers_paperlink", "people_person", "venues_venueedition"]
    with connection.cursor() as cursor:
        facts: dict[str, int | str] = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")
            facts[table.split("_", 1)[1]] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        facts["size"] = cursor.fetchone()[0]
    connection.close()
    return facts


# --- Data: papers written straight into the tables --------------------------------------------


@dataclass
class Draft:
    """A paper before it has an id: its columns, its authors (indexes into the people) and links."""

    fields: dict
    authors: list[int]
    links: list[tuple[str, str, str]]  # kind, url, label
    venue: tuple[int, int] | None  # (venue id, year): its edition


class Papers:
    """Generated papers, the same for the same seed: realistic enough for the filters to mean something."""

    def __init__(self, rng: random.Random, people: int, venues: list[tuple[int, str, str]]) -> None:
        self.rng = rng
        self.people = people
        weights = [rng.lognormvariate(0, 1) for _ in range(people)]  # a few people write many papers
        self.cum_weights = list(itertools.accumulate(weights))
        self.year_weights = list(itertools.accumulate(1 + (year - 2000) * 0.4 for year in YEARS))
        self.conferences = [v for v in venues if v[2] in ("conference", "workshop")]
        self.journals = [v for v in venues if v[2] == "journal"]
        self.arxiv_months: Counter = Counter()
        self.titles: set[str] = set()

    def draft(self, n: int) -> Draft:
        rng = self.rng
        year = rng.choices(YEARS, cum_weights=self.year_weights)[0]
        title = self.unique_title()
        fields = {
            "title": title,
            "year": year,
            "date": f"{year}-{rng.randint(1, 12):02d}" if rng.random() < 0.4 else str(year),
            "abstract": abstract_of(rng, title) if rng.random() < 0.35 else "",
            "doi": f"10.5555/bench.api.{year}.{n:07d}" if rng.random() < 0.6 else "",
            "pages": self.pages() if rng.random() < 0.8 else "",
            "citation_count": int(rng.lognormvariate(2, 1.5)) if rng.random() < 0.8 else None,
            "authors_complete": rng.random() < 0.97,
            "honors": ["Best Paper Award"] if rng.random() < 0.01 else [],
        }
        venue = self.venue(fields, year)
        if fields["kind"] == "preprint" or rng.random() < 0.3:
            fields["arxiv_id"] = self.arxiv_id(year)
            fields["categories"] = rng.sample(["cs.CV", "cs.LG", "cs.CL", "cs.AI", "stat.ML", "cs.RO"], 2)
        authors = list(dict.fromkeys(rng.choices(range(self.people), cum_weights=self.cum_weights, k=12)))
        return Draft(fields, authors[: rng.randint(3, 6)], self.links(n, fields), venue)

    def unique_title(self) -> str:
        """Distinct titles keep the order by (-year, title) one order, as the floor check needs."""
        while True:
            title = title_of(self.rng).replace("{", "").replace("}", "")
            if title not in self.titles:
                self.titles.add(title)
                return title

    def venue(self, fields: dict, year: int) -> tuple[int, int] | None:
        """Sets kind and venue_text (and volume for journals); the (venue, year) of the edition."""
        rng, roll = self.rng, self.rng.random()
        if roll < 0.08:  # an arXiv-only preprint
            fields.update(kind="preprint", venue_text="arXiv")
            return None
        if roll < 0.11:  # a workshop the catalogue does not know: no venue
            fields.update(
                kind="workshop", venue_text=f"Proceedings of the {year} Workshop on {rng.choice(TASKS)}"
            )
            return None
        pk, name, kind = rng.choice(self.journals if roll < 0.35 else self.conferences)
        fields.update(kind=kind, venue_text=name)
        if kind == "journal":
            fields.update(volume=str(rng.randint(1, 60)), number=str(rng.randint(1, 12)))
        elif rng.random() < 0.15:
            fields["presentation"] = rng.choice(["oral", "spotlight", "poster"])
        return pk, year

    def links(self, n: int, fields: dict) -> list[tuple[str, str, str]]:
        rng, links = self.rng, []
        if rng.random() < 0.5:
            links.append(("pdf", f"https://papers.example.org/{n}.pdf", "[pdf]"))
        if fields.get("arxiv_id"):
            links.append(("arxiv", f"https://arxiv.org/abs/{fields['arxiv_id']}", ""))
        if fields["doi"] and rng.random() < 0.5:
            links.append(("doi", f"https://doi.org/{fields['doi']}", ""))
        roll = rng.random()
        if roll < 0.2:
            links.append(("code", f"https://github.com/bench-lab/project-{n}", "[code]"))
        elif roll < 0.22:  # a listing that kept the label and lost the URL: not "has code"
            links.append(("code", "", "[code]"))
        if rng.random() < 0.08:
            links.append(("project", f"https://bench-lab.example.org/project-{n}/", "[project]"))
        return links

    def pages(self) -> str:
        first = self.rng.randint(1, 9000)
        return f"{first}-{first + self.rng.randint(6, 14)}"

    def arxiv_id(self, year: int) -> str:
        month = self.rng.randint(1, 12)
        self.arxiv_months[(year, month)] += 1
        number = self.arxiv_months[(year, month)]
        return f"{year % 100:02d}{month:02d}.{number:05d}"


def people_create(rng: random.Random, count: int, initials: bool = False) -> list:
    """count people with distinct names and slugs; each keeps the name its papers write.

    initials: middle initials for names already taken (people_pool), for more than 43,000 people.
    """
    from django.utils.text import slugify

    from core.bulk import insert_instances
    from people.models import Person
    from people.naming import set_person_keys

    people, slugs = [], Counter()
    for who in people_pool(rng, count, initials):
        full = f"{who.given} {who.family}"
        slug = slugify(full) or "person"
        slugs[slug] += 1
        person = Person(
            slug=slug if slugs[slug] == 1 else f"{slug}-{slugs[slug]}",
            full_name=full,
            given_name=who.given,
            family_name=who.family,
        )
        set_person_keys(person)  # the app's rule (people.naming), as every writer derives it
        people.append(person)
    insert_instances(people)
    return people


def editions_create(drafts: list[Draft]) -> dict[tuple[int, int], int]:
    """The editions the drafts appear in: {(venue id, year): edition id}."""
    from venues.models import VenueEdition

    wanted = sorted({d.venue for d in drafts if d.venue})
    VenueEdition.objects.bulk_create([VenueEdition(venue_id=v, year=y) for v, y in wanted])
    return {(e.venue_id, e.year): e.pk for e in VenueEdition.objects.all()}


def papers_create(drafts: list[Draft], people: list, editions: dict[tuple[int, int], int]) -> None:
    """Papers by COPY, then their authorships and links; about 3% of the names left unresolved."""
    from core.bulk import insert_instances
    from core.keys import fold
    from papers.models import Paper
    from papers.services import set_paper_keys

    papers = []
    for draft in drafts:
        first = people[draft.authors[0]]
        family = fold(first.family_name)
        paper = Paper(
            **draft.fields,
            citation_key=f"{family.replace(' ', '')}{draft.fields['year']}p{len(papers)}",
            venue_edition_id=editions[draft.venue] if draft.venue else None,
        )
        set_paper_keys(paper, first.full_name)  # title, abstract and first-author keys, slug: the app's rule
        papers.append(paper)
    insert_instances(papers)
    relations_create(papers, drafts, people)


def relations_create(papers: list, drafts: list[Draft], people: list) -> None:
    """The authorships and links of papers just inserted (with their ids), by COPY."""
    from core.bulk import insert_rows
    from papers.models import Authorship, PaperLink
    from papers.services import author_family_key

    authorships, links = [], []
    rng = random.Random(len(drafts))
    for paper, draft in zip(papers, drafts, strict=True):
        for position, index in enumerate(draft.authors, start=1):
            person = people[index]
            person_id = person.pk if rng.random() >= 0.03 else None  # a name not resolved (yet)
            name = person.full_name
            authorships.append((paper.pk, person_id, position, name, author_family_key(name)))
        links += [(paper.pk, kind, url, label) for kind, url, label in draft.links]
    insert_rows(Authorship, ["paper_id", "person_id", "position", "name", "family_key"], authorships)
    insert_rows(PaperLink, ["paper_id", "kind", "url", "label"], links)


def papers_load(count: int, people_count: int, seed: int) -> None:
    """count papers by people_count people into the database Django is set up for."""
    from django.db import connection, transaction

    from venues.models import Venue

    rng = random.Random(seed)
    with transaction.atomic():
        people = people_create(rng, people_count)
    venues = list(Venue.objects.filter(verified=True).values_list("pk", "name", "kind").order_by("pk"))
    generator = Papers(rng, len(people), venues)
    drafts = [generator.draft(n) for n in range(count)]
    with transaction.atomic():
        editions = editions_create(drafts)
    for start in range(0, count, 10_000):  # one transaction per 10,000 papers keeps memory flat
        with transaction.atomic():
            papers_create(drafts[start : start + 10_000], people, editions)
    connection.close()


# --- The server and the load generator ----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_start(url: str, port: int, log, database: str = DB, env: dict | None = None) -> subprocess.Popen:
    """gunicorn with 2 sync workers on the benchmark's database; returns once it answers.

    env: variables over SERVER_ENV (another settings module, a cache).
    """
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": f"{url}/{database}", **(env or {})}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        "pubtracker.wsgi",
        "-w",
        "2",
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with status {process.returncode}:\n{Path(log.name).read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    process.terminate()
    sys.exit(f"gunicorn did not answer within 60 s:\n{Path(log.name).read_text()}")


def gunicorn_stop(process: subprocess.Popen) -> None:
    process.terminate()  # the master stops its workers
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def fetch(base: str, path: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return response.status, response.read()


def check(base: str, urls: list[Target], page_size: int) -> dict[str, dict]:
    """Every URL answers 200 with page_size rows (wrk takes a redirect for a success); floors match."""
    found = {}
    for target in urls:
        status, body = fetch(base, target.path)
        answer = json.loads(body)
        if status != 200 or len(answer["results"]) != page_size:
            sys.exit(f"{target.path} answered {status} with {len(answer['results'])} rows, not {page_size}")
        found[target.label] = {"bytes": len(body), "answer": answer}
    for target in urls:
        if target.floor:
            api = found[target.label]["answer"]
            same_papers(api, found[target.floor]["answer"], target.floor)
            same_papers(api, found[target.content_floor]["answer"], target.content_floor, content=True)
    return found


def same_papers(api: dict, floor: dict, label: str, content: bool = False) -> None:
    """The floor answers with the API's papers (in its order, but for ties of the order: by id)."""
    papers = {row["id"]: row for row in api["results"]}
    fields = ("authors", "links") if content else ()
    rows = {row["id"]: {name: row[name] for name in fields} for row in floor["results"]}
    if rows.keys() != papers.keys():
        sys.exit(f"{label} lists other papers than the API: it is not the same query")
    if content and floor["count"] != api["count"]:
        sys.exit(f"{label} counts {floor['count']} papers, the API {api['count']}")
    for pk, row in rows.items():
        if row != {name: papers[pk][name] for name in fields}:
            sys.exit(f"{label} gives paper {pk} other authors or links than the API")


@dataclass
class Load:
    """What wrk measured on one URL."""

    label: str
    path: str
    rate: float  # requests/s
    p50: float  # ms
    p99: float  # ms
    requests: int
    non_2xx: int
    socket_errors: int
    load_avg: tuple[float, float] = (0.0, 0.0)  # the machine's load average before and after


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
LATENCY_RE = re.compile(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)
RATE_RE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
REQUESTS_RE = re.compile(r"^\s*(\d+) requests in", re.MULTILINE)
SOCKET_RE = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
NON_2XX_RE = re.compile(r"Non-2xx or 3xx responses: (\d+)")


def parse_wrk(label: str, path: str, output: str) -> Load:
    """wrk's report (with --latency) as figures; a missing figure stops the benchmark."""
    latencies = {point: float(value) * UNITS_MS[unit] for point, value, unit in LATENCY_RE.findall(output)}
    rate, requests = RATE_RE.search(output), REQUESTS_RE.search(output)
    if not (rate and requests and {"50", "99"} <= latencies.keys()):
        sys.exit(f"cannot read wrk's report for {path}:\n{output}")
    sockets, non_2xx = SOCKET_RE.search(output), NON_2XX_RE.search(output)
    return Load(
        label,
        path,
        float(rate.group(1)),
        latencies["50"],
        latencies["99"],
        int(requests.group(1)),
        int(non_2xx.group(1)) if non_2xx else 0,
        sum(int(n) for n in sockets.groups()) if sockets else 0,
    )


def wrk(url: str, seconds: int, connections: int, timeout: int = 2) -> str:
    """wrk's report; a response slower than timeout seconds counts as a socket error (wrk's default: 2)."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += [f"--timeout={timeout}s", url]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def measure(base: str, urls, seconds: int, connections: int, warmup: int, timeout: int = 2) -> list[Load]:
    """wrk on each URL in turn, after a warm-up run of its own (caches, connections, workers)."""
    loads = []
    for target in urls:
        if warmup:
            wrk(base + target.path, warmup, connections, timeout)
        before = os.getloadavg()[0]
        load = parse_wrk(target.label, target.path, wrk(base + target.path, seconds, connections, timeout))
        load.load_avg = (before, os.getloadavg()[0])
        print(row(load), flush=True)
        loads.append(load)
    return loads


# --- Diagnostics: in process, with Django's test client -----------------------------------------


def diagnose(urls: list[Target], repeats: int = 50) -> None:
    """SQL statements of one request per URL, and a cProfile of repeats requests."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    print("\n## Diagnostics (in process, Django's test client; cProfile inflates the times)", flush=True)
    for target in urls:
        label, path = target.label, target.path
        client.get(path)  # the first request of a process pays for imports and connections
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        print(f"\n### {label}: {path}: {len(captured.captured_queries)} queries", flush=True)
        for query in captured.captured_queries:
            print(f"- {float(query['time']) * 1000:.1f} ms: {query['sql'][:300]}")
        start = time.perf_counter()
        for _ in range(repeats):
            client.get(path)
        plain = (time.perf_counter() - start) / repeats
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(repeats):
            client.get(path)
        profile.disable()
        print(f"\n{plain * 1000:.1f} ms per request without the profiler; cProfile of {repeats}:\n```")
        print(profile_top(profile, 30), "```", sep="\n", flush=True)


# --- Report ------------------------------------------------------------------------------------

HEADER = (
    "| URL | response | requests/s | p50 ms | p99 ms | requests | errors (non-2xx + socket) "
    "| ratio to the floor | ratio to the floor with the same content | load avg |\n" + "| --- " * 10 + "|"
)


def row(load: Load, floor: Load | None = None, content: Load | None = None, size: int = 0) -> str:
    ratios = [f"**{load.rate / base.rate:.2f}**" if base else "" for base in (floor, content)]
    kb = f"{size / 1024:,.0f} KB" if size else ""
    return (
        f"| {load.label}: `{load.path}` | {kb} | **{load.rate:,.0f}** | {load.p50:.1f} | {load.p99:.1f} | "
        f"{load.requests:,} | {load.non_2xx} + {load.socket_errors} | {ratios[0]} | {ratios[1]} | "
        f"{load.load_avg[0]:.1f} -> {load.load_avg[1]:.1f} |"
    )


def report(loads: list[Load], urls: list[Target], checked: dict[str, dict], args, facts: dict) -> None:
    """The markdown table, and whether every API URL reaches half its floor without errors."""
    by_label = {load.label: load for load in loads}
    lines = [
        "",
        f"Data: {facts['paper']:,} papers, {facts['authorship']:,} authorships, {facts['paperlink']:,} "
        f"links, {facts['person']:,} people, {facts['venueedition']:,} venue editions; {facts['size']}. "
        f"The filtered query matches {checked['API, filtered']['answer']['count']:,} papers.",
        f"wrk -t{min(2, args.connections)} -c{args.connections} -d{args.duration}s --latency, after a "
        f"{args.warmup} s warm-up per URL; gunicorn -w 2 (sync); throttles {THROTTLE}.",
        f"Code: {args.code}.",
        "",
        HEADER,
    ]
    met = True
    for target in urls:
        load, floor = by_label[target.label], by_label.get(target.floor)
        lines.append(row(load, floor, by_label.get(target.content_floor), checked[target.label]["bytes"]))
        if floor:
            met &= load.rate >= 0.5 * floor.rate and load.non_2xx + load.socket_errors == 0
    verdict = "met" if met else "not met"
    lines += ["", f"Target: every API URL at least 0.5 of its floor, no errors: **{verdict}**."]
    print("\n".join(lines), flush=True)


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--papers", type=int, help="papers in the database (50,000; --quick 5,000)")
    parser.add_argument("--people", type=int, help="distinct authors (papers / 5)")
    parser.add_argument("--duration", type=int, help="seconds of wrk per URL (30; --quick 5)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16)")
    parser.add_argument("--warmup", type=int, help="seconds of wrk per URL before measuring (5; --quick 1)")
    parser.add_argument(
        "--wrk-timeout", type=int, default=2, help="seconds before wrk counts a response as an error (2)"
    )
    parser.add_argument("--page-size", type=int, default=100, help="rows per response (100)")
    parser.add_argument("--quick", action="store_true", help="5,000 papers, 5 s per URL")
    parser.add_argument(
        "--diagnose", action="store_true", help="also count SQL and profile each URL in process"
    )
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DB} database")
    args = parser.parse_args()
    args.papers = args.papers or (5_000 if args.quick else 50_000)
    args.people = args.people or max(50, args.papers // 5)
    args.duration = args.duration or (5 if args.quick else 30)
    args.warmup = args.warmup if args.warmup is not None else (1 if args.quick else 5)
    return args


def bench_start(url: str, prefix: str) -> tuple[Server, str]:
    """The server, locked for this benchmark (or exit); the machine and the code measured, printed."""
    server = Server(url, prefix=prefix)
    server.lock()
    print(f"machine: {machine(server)}; load avg {os.getloadavg()}", flush=True)
    code = code_state()  # the tree measured: others may commit while the benchmark runs
    print(f"code: {code}", flush=True)
    return server, code


def main() -> None:
    args = options()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    server, args.code = bench_start(args.server, PREFIX)
    started = time.perf_counter()
    try:
        run(server, args)
    finally:
        if not args.keep:
            server.drop(DB)
    print(f"\ntotal wall time {time.perf_counter() - started:.0f} s")


def run(server: Server, args: argparse.Namespace) -> None:
    server.recreate(DB)
    server.migrate(DB)
    setup_django(server.url)
    start = time.perf_counter()
    papers_load(args.papers, args.people, seed=20261122)
    vacuum_analyze(server, DB)
    facts = database_facts(server)
    print(f"loaded in {time.perf_counter() - start:.0f} s (with VACUUM ANALYZE): {facts}", flush=True)
    urls = targets(args.page_size)
    checked, loads = serve_and_measure(server, args, urls)
    report(loads, urls, checked, args, facts)
    if args.diagnose:
        diagnose(urls)


def serve_and_measure(
    server: Server, args: argparse.Namespace, urls, database: str = DB, env: dict | None = None
) -> tuple[dict, list[Load]]:
    """gunicorn up, every URL checked then loaded with wrk, gunicorn down; prints what it logged."""
    # An empty STATIC_ROOT: WhiteNoise would otherwise warn in every worker that it has none.
    with tempfile.TemporaryDirectory(prefix="bench_api_") as scratch:
        os.environ["STATIC_ROOT"] = scratch
        log_path = Path(scratch) / "gunicorn.log"
        with log_path.open("w") as log:
            process = gunicorn_start(server.url, (port := free_port()), log, database, env)
            base = f"http://127.0.0.1:{port}"
            try:
                checked = check(base, urls, args.page_size)
                loads = measure(base, urls, args.duration, args.connections, args.warmup, args.wrk_timeout)
            finally:
                gunicorn_stop(process)
        logged = log_path.read_text().strip()
    if logged:
        print(f"\ngunicorn logged (warnings and errors):\n{logged[-3000:]}", flush=True)
    return checked, loads


if __name__ == "__main__":
    main()
