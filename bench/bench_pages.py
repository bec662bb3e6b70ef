"""Server time of the heavy pages on PostgreSQL: a 3,000-paper profile, a 2,500-paper edition, a lab.

    .venv/bin/python bench/bench_pages.py            # 3,000 + 2,500 papers among 50,000 others
    .venv/bin/python bench/bench_pages.py --quick    # 300 + 250 among 3,000: a sanity run
    .venv/bin/python bench/bench_pages.py --profile  # plus a cProfile of each page, met or not

Loads a fresh, migrated database with COPY (bench_api's generator and core.bulk): background
papers, one researcher with --papers papers (3-8 authors each; a lab of 15 members and 60 regular
collaborators among the co-authors; selected papers, entries, a metric report, aliases) and one
venue edition (CVPR 2024) with --edition papers; then VACUUM ANALYZE. Measures in process with
Django's test client (server time, no network; DEBUG off, static files collected as in production):
3 warm-up requests, then --repeats timed ones per page, each checked for status 200 and its rows.
The floor of a page is the SQL the page runs (captured, then re-run bare through a cursor with
every row fetched), timed in turns with the page. If a page misses a target, it is profiled.

Only databases named pubtracker_bench_pages* are created and dropped; the pubtracker_bench advisory
lock keeps it from running beside bench_ingest.py and bench_api.py.
"""

import argparse
import cProfile
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_api import Papers, editions_create, papers_create, people_create  # noqa: E402
from bench.bench_ingest import Server, machine, profile_top, vacuum_analyze  # noqa: E402

PREFIX = "pubtracker_bench_pages"
DB = f"{PREFIX}_run"
SEED = 20261130
RESEARCHER = ("Ada", "Benchpage")
LAB_SLUG = "benchpage-lab"
EDITION = ("cvpr", 2024)
TARGET_MS = 250
TARGET_RATIO = 5
ROW = '<li class="paper"'


# --- Database and Django -------------------------------------------------------------------------


def setup_django(url: str, static_root: str, database: str = DB) -> None:
    """Production settings (DEBUG off), static files collected into static_root as a deploy does."""
    os.environ.update(
        DATABASE_URL=f"{url}/{database}",
        DEBUG="0",
        SECRET_KEY="bench-only-key-not-secret-91b4e07c2f3a",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING",
        CACHE_URL="",
        CELERY_BROKER_URL="",
        STATIC_ROOT=static_root,
        DJANGO_SETTINGS_MODULE="pubtracker.settings",
    )
    import django
    from django.core.management import call_command

    django.setup()
    # The manifest storage of DEBUG off needs the manifest that {% static %} reads.
    call_command("collectstatic", interactive=False, verbosity=0)


def code_state() -> str:
    def git(*words: str) -> str:
        return subprocess.run(["git", *words], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    dirty = " with uncommitted changes" if git("status", "--porcelain") else ""
    return f"commit {git('rev-parse', '--short', 'HEAD')}{dirty}"


# --- Data ---------------------------------------------------------------------------------------


@dataclass
class Cast:
    """Indexes into the people: the researcher, their lab's members, their regular collaborators."""

    researcher: int
    lab: list[int]
    collaborators: list[int]
    pool: int  # people 0..pool-1 are the background's authors


def researcher_create(people: list) -> None:
    from core.bulk import insert_instances
    from core.keys import name_key
    from people.models import Person

    given, family = RESEARCHER
    full = f"{given} {family}"
    person = Person(slug="ada-benchpage", full_name=full, given_name=given, family_name=family)
    person.name_key = name_key(full)
    insert_instances([person])
    people.append(person)


def researcher_authors(rng: random.Random, cast: Cast) -> list[int]:
    """3-8 authors: lab members and regular collaborators often, anyone sometimes; the PI often last."""
    others: list[int] = []
    count = rng.randint(3, 8)
    while len(others) < count - 1:
        roll = rng.random()
        group = cast.lab if roll < 0.5 else cast.collaborators if roll < 0.75 else range(cast.pool)
        pick = rng.choice(group)
        if pick not in others:
            others.append(pick)
    at = len(others) if rng.random() < 0.6 else rng.randint(0, len(others))
    return [*others[:at], cast.researcher, *others[at:]]


def cast_make(rng: random.Random, people: list) -> Cast:
    """The researcher (the last person), 15 lab members and 60 collaborators among the others."""
    pool = len(people) - 1
    lab = rng.sample(range(pool), 15)
    return Cast(pool, lab, rng.sample([i for i in range(pool) if i not in lab], 60), pool)


def researcher_drafts(generator: Papers, rng: random.Random, cast: Cast, start: int, count: int) -> list:
    """count papers of the researcher, numbered from start."""
    drafts = []
    for n in range(start, start + count):
        draft = generator.draft(n)
        draft.authors = researcher_authors(rng, cast)
        drafts.append(draft)
    return drafts


def edition_drafts(
    generator: Papers, rng: random.Random, cast: Cast, edition_venue: tuple, start: int, count: int
) -> list:
    """count papers of the edition (3-8 authors from anyone), numbered from start."""
    venue_id, name = edition_venue
    drafts = []
    for n in range(start, start + count):
        draft = generator.draft(n)
        draft.fields.update(kind="conference", venue_text=name, year=EDITION[1], date=f"{EDITION[1]}-06")
        for journal_only in ("volume", "number"):
            draft.fields.pop(journal_only, None)
        draft.venue = (venue_id, EDITION[1])
        draft.authors = rng.sample(range(cast.pool), rng.randint(3, 8))
        drafts.append(draft)
    return drafts


def drafts_make(args, rng: random.Random, cast: Cast, venues: list, edition_venue: tuple) -> list:
    """Background papers, then the researcher's, then the edition's."""
    generator = Papers(rng, cast.pool, venues)
    drafts = [generator.draft(n) for n in range(args.background)]
    drafts += researcher_drafts(generator, rng, cast, len(drafts), args.papers)
    return drafts + edition_drafts(generator, rng, cast, edition_venue, len(drafts), args.edition)


def load(args: argparse.Namespace) -> None:
    """All the papers by COPY, then the researcher's lab, selected papers, entries and metrics."""
    from django.db import connection, transaction

    from venues.models import Venue

    rng = random.Random(SEED)
    with transaction.atomic():
        people = people_create(rng, args.people)
        researcher_create(people)
    cast = cast_make(rng, people)
    venues = list(Venue.objects.filter(verified=True).values_list("pk", "name", "kind").order_by("pk"))
    edition_venue = Venue.objects.values_list("pk", "name").get(slug=EDITION[0])
    drafts = drafts_make(args, rng, cast, venues, edition_venue)
    with transaction.atomic():
        editions = editions_create(drafts)
    for start in range(0, len(drafts), 10_000):
        with transaction.atomic():
            papers_create(drafts[start : start + 10_000], people, editions)
    with transaction.atomic():
        profile_create(rng, people[cast.researcher], [people[i] for i in cast.lab])
    connection.close()


def profile_create(rng: random.Random, researcher, members: list) -> None:
    """What the profile shows besides papers, and the researcher's own papers all resolved to them."""
    from papers.models import Authorship, Paper
    from people.choices import EntryKind, Role
    from people.models import Lab, Membership, MetricReport, PersonAlias, ProfileEntry

    # bench_api's loader leaves 3% of names unresolved; the profile must hold exactly --papers papers.
    Authorship.objects.filter(name=researcher.full_name, person=None).update(person=researcher)
    lab = Lab.objects.create(slug=LAB_SLUG, name="Benchpage Vision Lab", pi=researcher)
    stints = [Membership(person=researcher, lab=lab, role=Role.FACULTY, start="2000")]
    for order, member in enumerate(members):
        start = rng.randint(2005, 2021)
        end = "" if order < 10 else str(min(start + 4, 2025))
        role = rng.choice([Role.PHD, Role.POSTDOC, Role.MASTER, Role.RESEARCH_FELLOW])
        stints.append(Membership(person=member, lab=lab, role=role, start=str(start), end=end, order=order))
    Membership.objects.bulk_create(stints)
    mine = Paper.objects.filter(authorships__person=researcher).order_by("pk").values_list("pk", flat=True)
    Paper.selected_by.through.objects.bulk_create(
        [Paper.selected_by.through(paper_id=pk, person_id=researcher.pk) for pk in mine[:10]]
    )
    kinds = [EntryKind.NEWS] * 12 + [EntryKind.AWARD] * 4 + [EntryKind.TALK] * 4 + [EntryKind.SERVICE] * 3
    ProfileEntry.objects.bulk_create(
        ProfileEntry(person=researcher, kind=kind, date=f"{2025 - i % 10}-0{1 + i % 9}", text=f"Entry {i}.")
        for i, kind in enumerate(kinds)
    )
    PersonAlias.objects.bulk_create(
        PersonAlias(person=researcher, name=name, key=name.lower())
        for name in ("A. Benchpage", "Benchpage Ada")
    )
    MetricReport.objects.create(
        person=researcher, source="Scholar", observed_on=date(2025, 11, 1), h_index=61, citation_count=24_000
    )


# --- Measurement --------------------------------------------------------------------------------


@dataclass
class Page:
    """A measured URL: the rows it must show (paper rows, including selected ones) and settings."""

    label: str
    path: str
    rows: int
    shown: int  # papers of the paginated list
    found: int  # papers the list holds in all
    overrides: dict = field(default_factory=dict)
    targeted: bool = False  # the targets apply
    marks: tuple[str, ...] = ()  # markup the page must hold besides its rows


@dataclass
class Result:
    page: Page
    queries: int
    median: float  # ms
    p90: float
    floor: float
    html_kb: float
    sql: list  # the captured queries: {"sql", "time"}

    @property
    def ratio(self) -> float:
        return self.median / self.floor


def pages() -> list[Page]:
    """The pages, with the rows each must show, read from the database through the selectors."""
    from django.conf import settings

    from papers.models import Paper
    from papers.selectors import lab_papers
    from people.models import Lab

    per_page = settings.PAGES_PAPERS_PER_PAGE
    mine = Paper.objects.filter(authorships__person__slug="ada-benchpage").count()
    selected = Paper.objects.filter(selected_by__slug="ada-benchpage").count()
    edition = Paper.objects.filter(
        venue_edition__venue__slug=EDITION[0], venue_edition__year=EDITION[1]
    ).count()
    in_lab = lab_papers(Lab.objects.get(slug=LAB_SLUG)).count()
    last = -(-mine // per_page)
    last_rows = mine - (last - 1) * per_page
    profile = "/people/ada-benchpage/"
    marks = ('<strong class="self">', '<span class="member">')  # the owner and their lab mates
    return [
        Page("profile", profile, min(per_page, mine) + selected, min(per_page, mine), mine, {}, True, marks),
        Page(f"profile, last page ({last})", f"{profile}?page={last}", last_rows + selected, last_rows, mine),
        Page(
            f"edition {EDITION[0]} {EDITION[1]}",
            f"/venues/{EDITION[0]}/{EDITION[1]}/",
            min(per_page, edition),
            min(per_page, edition),
            edition,
            targeted=True,
        ),
        Page(
            "lab", f"/labs/{LAB_SLUG}/", min(per_page, in_lab), min(per_page, in_lab), in_lab, marks=marks[1:]
        ),
        Page(
            "profile, every paper on one page",
            profile,
            mine + selected,
            mine,
            mine,
            {"PAGES_PAPERS_PER_PAGE": max(mine, 1)},
        ),
    ]


def check(page: Page, response) -> None:
    """200, the page's paper rows all there, and its marks."""
    body = response.content.decode()
    if response.status_code != 200 or body.count(ROW) != page.rows:
        sys.exit(f"{page.path} answered {response.status_code} with {body.count(ROW)} rows, not {page.rows}")
    missing = [mark for mark in page.marks if mark not in body]
    if missing:
        sys.exit(f"{page.path} lacks {missing}")


def get(client, page: Page):
    """One request, checked."""
    response = client.get(page.path)
    check(page, response)
    return response


def timed(action, repeats: int) -> list[float]:
    """Milliseconds of each of repeats calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p90(times: list[float]) -> float:
    return statistics.quantiles(times, n=10, method="inclusive")[-1]


def bare_sql(statements: list[str]) -> None:
    """The page's reads as they went to PostgreSQL, every row fetched, nothing built from them."""
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)  # no parameters: psycopg2 sends the text as it is
            cursor.fetchall()


def measure(client, page: Page, warmup: int, repeats: int) -> Result:
    """warmup requests, one with its queries captured; then repeats of the page and of its floor.

    A page request and a run of its bare SQL take turns, so that both see the machine in the same
    state: on a shared machine the speed drifts by a third over a minute, which timing the page and
    then its floor turned into ratios anywhere between 4x and 6.5x for one page.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(**page.overrides):
        for _ in range(warmup):
            get(client, page)
        with CaptureQueriesContext(connection) as captured:
            size = len(get(client, page).content)
        # A copy now: the next request's request_started signal empties the log they are read from.
        queries = list(captured.captured_queries)
        reads = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
        timed(lambda: bare_sql(reads), warmup)
        responses, times, floors = [], [], []
        for _ in range(repeats):
            times += timed(lambda: responses.append(client.get(page.path)), 1)  # checked after the clock
            floors += timed(lambda: bare_sql(reads), 1)
    for response in responses:
        check(page, response)
    median = statistics.median(times)
    return Result(page, len(queries), median, p90(times), statistics.median(floors), size / 1024, queries)


def profile(client, page: Page, repeats: int) -> str:
    """Where a page's time goes under cProfile: rendering, SQL, the rest; and the top entries."""
    from django.test.utils import override_settings

    profiler = cProfile.Profile()
    with override_settings(**page.overrides):
        profiler.enable()
        for _ in range(repeats):
            get(client, page)
        profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = max(ct for _, _, _, ct, _ in stats.values())

    def cumulative(file_end: str, name: str) -> float:
        found = [v[3] for (path, _, func), v in stats.items() if path.endswith(file_end) and func == name]
        return max(found, default=0.0)

    render = cumulative("django/template/loader.py", "render_to_string")
    sql = sum(
        v[3]
        for (path, _, func), v in stats.items()
        if path == "~" and "psycopg2" in func and "execute" in func
    )

    def share(part: float) -> str:
        return f"{part / repeats * 1000:.1f} ms ({part / total:.0%})"

    return (
        f"\n### cProfile of {page.label}, {repeats} requests (the profiler inflates the times)\n\n"
        f"Per request: all {share(total)}; `render()` (templates, and any query they start) {share(render)}; "
        f"SQL (psycopg2 execute, wherever it runs) {share(sql)}.\n\n```\n{profile_top(profiler, 25)}```"
    )


# --- Report -------------------------------------------------------------------------------------

HEADER = (
    "| page | papers shown (of) | queries | median ms | p90 ms | floor ms | page / floor | HTML KB |\n"
    + "| --- " * 8
    + "|"
)


def row(result: Result) -> str:
    page = result.page
    return (
        f"| {page.label}: `{page.path}` | {page.shown:,} (of {page.found:,}) | {result.queries} | "
        f"**{result.median:.1f}** | {result.p90:.1f} | {result.floor:.1f} | **{result.ratio:.1f}x** | "
        f"{result.html_kb:,.0f} |"
    )


def verdicts(results: list[Result]) -> tuple[list[str], list[Result]]:
    """The target lines, and the targeted pages that miss one."""
    lines, missed = [], []
    for result in (r for r in results if r.page.targeted):
        fast = result.median < TARGET_MS
        close = result.ratio <= TARGET_RATIO
        lines.append(
            f"- {result.page.label}: under {TARGET_MS} ms: **{'met' if fast else 'not met'}** "
            f"({result.median:.0f} ms); at most {TARGET_RATIO}x the floor: "
            f"**{'met' if close else 'not met'}** ({result.ratio:.1f}x)"
        )
        if not (fast and close):
            missed.append(result)
    return lines, missed


def queries_of(result: Result) -> str:
    """The page's queries, slowest first: where the floor goes."""
    lines = [f"\n### SQL of {result.page.label} ({result.queries} queries, times under the debug cursor)"]
    for query in sorted(result.sql, key=lambda q: -float(q["time"]))[:12]:
        lines.append(f"- {float(query['time']) * 1000:.1f} ms: {query['sql'][:220]}")
    return "\n".join(lines)


def database_facts() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        counts = []
        for table in ("papers_paper", "papers_authorship", "papers_paperlink", "people_person"):
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts.append(f"{cursor.fetchone()[0]:,} {table.split('_', 1)[1]}s")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return f"{', '.join(counts)}; {cursor.fetchone()[0]}"


# --- Main ---------------------------------------------------------------------------------------


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    size_options(parser)
    parser.add_argument("--repeats", type=int, default=20, help="timed requests per page (20)")
    parser.add_argument("--warmup", type=int, default=3, help="requests before timing (3)")
    parser.add_argument("--profile", action="store_true", help="profile every page, targets met or not")
    parser.add_argument("--keep", action="store_true", help=f"keep the {DB} database")
    return sizes(parser.parse_args())


def size_options(parser: argparse.ArgumentParser) -> None:
    """The options of the data's size (and the server), which bench_export.py shares."""
    parser.add_argument("--papers", type=int, help="the researcher's papers (3,000; --quick 300)")
    parser.add_argument("--edition", type=int, help="papers of the edition (2,500; --quick 250)")
    parser.add_argument("--background", type=int, help="other papers (50,000; --quick 3,000)")
    parser.add_argument("--people", type=int, help="authors of the other papers (10,000; --quick 600)")
    parser.add_argument("--quick", action="store_true", help="a small sanity run")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")


def sizes(args: argparse.Namespace) -> argparse.Namespace:
    quick = args.quick
    args.papers = args.papers or (300 if quick else 3_000)
    args.edition = args.edition or (250 if quick else 2_500)
    args.background = args.background if args.background is not None else (3_000 if quick else 50_000)
    args.people = args.people or (600 if quick else 10_000)
    return args


def main() -> None:
    args = options()
    server = Server(args.server, prefix=PREFIX)
    server.lock()
    started = time.perf_counter()
    print(f"machine: {machine(server)}; load avg {os.getloadavg()}", flush=True)
    code = code_state()  # the tree measured: others may commit while the benchmark runs
    try:
        with tempfile.TemporaryDirectory(prefix="bench_pages_") as static_root:
            run(server, args, static_root, code)
    finally:
        if not args.keep:
            server.drop(DB)
    print(f"\ntotal wall time {time.perf_counter() - started:.0f} s")


def run(server: Server, args: argparse.Namespace, static_root: str, code: str) -> None:
    server.recreate(DB)
    server.migrate(DB)
    setup_django(server.url, static_root)
    start = time.perf_counter()
    load(args)
    vacuum_analyze(server, DB)
    print(
        f"loaded in {time.perf_counter() - start:.0f} s (with VACUUM ANALYZE): {database_facts()}", flush=True
    )
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    load_before = os.getloadavg()[0]
    results = []
    for page in pages():
        results.append(measure(client, page, args.warmup, args.repeats))
        print(row(results[-1]), flush=True)
    lines, missed = verdicts(results)
    load_after = os.getloadavg()[0]
    print(f"\nCode: {code}. {args.warmup} warm-up and {args.repeats} timed requests per page.")
    print(f"Load average (1 min) {load_before:.1f} before the pages, {load_after:.1f} after.\n")
    print(HEADER, *map(row, results), "", *lines, sep="\n", flush=True)
    for result in results:
        print(queries_of(result))
    for result in results if args.profile else missed:
        print(profile(client, result.page, args.repeats), flush=True)


if __name__ == "__main__":
    main()
