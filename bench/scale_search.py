"""bench_scale.py's search section: generated queries through the product's own search, timed.

The queries come from the data with a fixed seed: papers picked by a hash of their title (the
same papers whatever ids the load gave them) and their authors; ten kinds, the same number of
each. Each query runs as the API and /search/ run it, through PaperFilter's q on paper_list(),
and through Person.objects.search as the search page orders it; then /search/ and the API's
?q= through Django's test client, cold (the cache off) and warm (a second pass with it on).
"""

import logging
import random
import re
import statistics
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

SEED = 20261205
LIMIT = 20  # rows of a search, as the search page and an API page of 20 show them
KINDS = (
    "word",
    "two words",
    "phrase",
    "title",
    "title typo",
    "words, last cut (prefix)",
    "author",
    "author typo",
    "author without accents",
    "author and word",
)
WORD_RE = re.compile(r"[A-Za-z][A-Za-z-]{4,}")  # a word a user would search alone: 5 letters or more
PUNCTUATION = ":,;.()"
TARGET_P95_MS = 50


@dataclass
class Query:
    kind: str
    text: str
    paper: int | None = None  # the paper it was made from, when it should find it
    person: int | None = None  # the person it was made from, when it should find them


@dataclass
class Timing:
    """One measure over every query: milliseconds, None for a query stopped by the timeout."""

    label: str
    times: list[float | None] = field(default_factory=list)
    found: list[bool | None] = field(default_factory=list)  # the query's paper or person in the rows
    cache: str = ""  # warm passes: "reads / hits" of the cache


# --- Queries ------------------------------------------------------------------------------------


def sample(cursor, count: int) -> tuple[list[tuple[int, str]], dict[int, list[tuple[str, int | None]]]]:
    """count papers (id, title) in the order of a seeded hash of their titles, and their authors."""
    cursor.execute(
        "SELECT id, title FROM papers_paper ORDER BY md5(title || %s), id LIMIT %s", [str(SEED), count]
    )
    papers = cursor.fetchall()
    cursor.execute(
        "SELECT paper_id, name, person_id FROM papers_authorship WHERE paper_id = ANY(%s) ORDER BY position",
        [[pk for pk, _ in papers]],
    )
    authors: dict[int, list[tuple[str, int | None]]] = {}
    for paper_id, name, person_id in cursor.fetchall():
        authors.setdefault(paper_id, []).append((name, person_id))
    return papers, authors


def queries_make(count: int) -> list[Query]:
    """count queries, the kinds in turn, from the data."""
    from django.db import connection

    with connection.cursor() as cursor:
        papers, authors = sample(cursor, count * 4)
    rng = random.Random(SEED)
    accented = [a for pk, _ in papers for a in authors.get(pk, []) if not a[0].isascii() and a[1]]
    made = []
    for n in range(count):
        pk, title = papers[n]
        name, person = rng.choice(authors[pk])
        kind = KINDS[n % len(KINDS)]
        if kind == "author without accents":
            name, person = accented[n % len(accented)] if accented else (name, person)
        made.append(query_of(rng, kind, pk, title, name, person))
    return made


def query_of(rng: random.Random, kind: str, pk: int, title: str, name: str, person: int | None) -> Query:
    # A run of the title's own words, in its order, short ones kept: a phrase must stand in the title.
    words = [word.strip(PUNCTUATION) for word in title.split() if word.strip(PUNCTUATION)]
    run = words[rng.randrange(max(1, len(words) - 4)) :][: rng.randint(4, 6)]
    long_words = WORD_RE.findall(title) or words
    family = name.split()[-1]
    text = {
        "word": lambda: rng.choice(long_words).lower(),
        "two words": lambda: " ".join(run[:2]).lower(),
        "phrase": lambda: '"' + " ".join(run[:3]) + '"',
        "title": lambda: title,
        "title typo": lambda: " ".join(typo(rng, w) if w == max(run, key=len) else w for w in run),
        "words, last cut (prefix)": lambda: f"{run[0]} {run[1][: max(3, len(run[1]) - 3)]}".lower(),
        "author": lambda: name,
        "author typo": lambda: name.rsplit(" ", 1)[0] + " " + typo(rng, family),
        "author without accents": lambda: unaccented(name),
        "author and word": lambda: f"{family} {rng.choice(long_words).lower()}",
    }[kind]()
    by_paper = kind in ("phrase", "title", "title typo")
    by_person = kind in ("author", "author typo", "author without accents")
    return Query(kind, text, pk if by_paper else None, person if by_person else None)


def typo(rng: random.Random, word: str) -> str:
    """One edit, never of the first letter: two letters swapped, one dropped, doubled or replaced."""
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word) - 1)
    edit = rng.choice(["swap", "drop", "double", "replace"])
    if edit == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if edit == "drop":
        return word[:at] + word[at + 1 :]
    if edit == "double":
        return word[:at] + word[at] + word[at:]
    return word[:at] + rng.choice("aeiourstn".replace(word[at], "")) + word[at + 1 :]


def unaccented(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# --- Measures -----------------------------------------------------------------------------------


def timed_pass(label: str, queries: list[Query], action: Callable[[Query], bool | None]) -> Timing:
    """action(query) once per query, timed; a statement stopped by the timeout counts as None."""
    from django.db import OperationalError

    timing = Timing(label)
    for query in queries:
        start = time.perf_counter()
        try:
            found = action(query)
        except OperationalError as error:
            if "statement timeout" not in str(error):
                raise
            timing.times.append(None)
            timing.found.append(None)
            continue
        timing.times.append((time.perf_counter() - start) * 1000)
        timing.found.append(found)
    return timing


def papers_found(query: Query) -> bool | None:
    """The papers of q as the API and /search/ find them: PaperFilter's q, the first LIMIT rows."""
    from papers.filters import PaperFilter
    from papers.selectors import paper_list

    rows = list(PaperFilter({"q": query.text}, queryset=paper_list()).qs[:LIMIT])
    return None if query.paper is None else query.paper in {paper.pk for paper in rows}


def people_found(query: Query) -> bool | None:
    """The people of q as the search page orders them, the first LIMIT."""
    from people.models import Person

    rows = list(Person.objects.search(query.text).order_by("-rank", "full_name", "pk")[:LIMIT])
    return None if query.person is None else query.person in {person.pk for person in rows}


def page_of(client, path: str) -> Callable[[Query], None]:
    """A GET of path with the query as q, which must answer 200."""
    from urllib.parse import urlencode

    def get(query: Query) -> None:
        response = client.get(f"{path}{urlencode({'q': query.text})}")
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code} for q={query.text!r}")

    return get


# --- The section --------------------------------------------------------------------------------


def run(client, count: int, timeout_ms: int) -> None:
    """The queries through each measure, cold then (pages and API) warm; the tables."""
    from django.test.utils import override_settings

    from bench.scale_cache import CountingCache
    from bench.scale_pages import cold_caches

    queries = queries_make(count)
    statement_timeout(timeout_ms)
    # A query stopped by the timeout is counted, not logged with its traceback as a server error.
    errors = logging.getLogger("django.request")
    level = errors.level
    errors.setLevel(logging.CRITICAL)
    timings = []
    with override_settings(CACHES=cold_caches()):
        timings.append(timed_pass("papers: PaperFilter q on paper_list(), first 20", queries, papers_found))
        timings.append(timed_pass("people: Person.objects.search, first 20", queries, people_found))
    for label, path in (("/search/", "/search/?"), ("API", f"/api/v1/papers/?page_size={LIMIT}&")):
        with override_settings(CACHES=cold_caches()):
            timings.append(timed_pass(f"{label}?q= (cold)", queries, page_of(client, path)))
        timed_pass("fills the cache", queries, page_of(client, path))
        CountingCache.reset()
        timings.append(timed_pass(f"{label}?q= (warm)", queries, page_of(client, path)))
        timings[-1].cache = f"{CountingCache.reads:,} / {CountingCache.hits:,}"
    statement_timeout(0)
    errors.setLevel(level)
    report(queries, timings, timeout_ms)


def statement_timeout(ms: int) -> None:
    """A query stopped after ms (0: never): one slow query must not hold the run for minutes."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{ms}ms"])


def stats(times: list[float | None], timeout_ms: int) -> tuple[float, float, float, int]:
    """p50, p95, max (a stopped query counts as the timeout) and the number stopped."""
    values = sorted(timeout_ms if t is None else t for t in times)
    p95 = statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]
    return statistics.median(values), p95, values[-1], sum(t is None for t in times)


def share(found: list[bool | None]) -> str:
    asked = [f for f in found if f is not None]
    return f"{sum(asked)} of {len(asked)}" if asked else ""


def report(queries: list[Query], timings: list[Timing], timeout_ms: int) -> None:
    print(f"\n## Search: {len(queries)} queries, statement timeout {timeout_ms:,} ms\n")
    print("| measure | p50 ms | p95 ms | max ms | stopped by the timeout | cache reads / hits |")
    print("| --- | --- | --- | --- | --- | --- |")
    for timing in timings:
        p50, p95, top, stopped = stats(timing.times, timeout_ms)
        print(f"| {timing.label} | {p50:.1f} | **{p95:.1f}** | {top:.1f} | {stopped} | {timing.cache} |")
    p95 = stats(timings[0].times, timeout_ms)[1]
    verdict = "met" if p95 < TARGET_P95_MS else "not met"
    print(f"\nTarget: papers' search p95 under {TARGET_P95_MS} ms: **{verdict}** ({p95:.0f} ms).")
    by_kind(queries, timings[0], timings[1], timeout_ms)
    slowest(queries, timings[0], timeout_ms)


def by_kind(queries: list[Query], papers: Timing, people: Timing, timeout_ms: int) -> None:
    print(
        "\n| kind | example | papers p50 / p95 / max ms | its paper in the first 20 "
        "| people p50 / p95 / max ms | its person in the first 20 |\n" + "| --- " * 6 + "|"
    )
    for kind in KINDS:
        at = [n for n, query in enumerate(queries) if query.kind == kind]
        if not at:
            continue
        cells = []
        for timing in (papers, people):
            p50, p95, top, _ = stats([timing.times[n] for n in at], timeout_ms)
            cells += [f"{p50:.0f} / {p95:.0f} / {top:.0f}", share([timing.found[n] for n in at])]
        print(f"| {kind} | `{queries[at[0]].text}` | " + " | ".join(cells) + " |")


def slowest(queries: list[Query], papers: Timing, timeout_ms: int, count: int = 10) -> None:
    """The slowest paper searches, and the plan of the slowest statement of the slowest one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.scale_pages import explain

    order = sorted(range(len(queries)), key=lambda n: -(papers.times[n] or timeout_ms))[:count]
    print(f"\nThe {count} slowest paper searches:\n\n| kind | query | ms |\n| --- | --- | --- |")
    for n in order:
        ms = papers.times[n]
        print(f"| {queries[n].kind} | `{queries[n].text}` | {'stopped' if ms is None else f'{ms:.0f}'} |")
    statement_timeout(timeout_ms * 10)
    with CaptureQueriesContext(connection) as captured:
        papers_found(queries[order[0]])
    statement = max(captured.captured_queries, key=lambda q: float(q["time"]))["sql"]
    print(f"\nPlan of the slowest (`{queries[order[0]].text}`):\n\n```sql\n{statement[:2000]}\n```")
    print(f"\n```\n{explain(statement)}\n```", flush=True)
    statement_timeout(0)
