"""bench_scale.py's pages section: bench_pages' measure at a million papers, cold and warm, with plans.

Each page is measured twice with bench_pages' measure (warm-up requests, one with its SQL
captured, then the page and its floor, its own SQL run bare, in turns): cold with every cache a
DummyCache, then warm with the cache on (its warm-up requests fill it). Then, for each page
measured cold, EXPLAIN (ANALYZE, BUFFERS) of its slowest statement and a plain EXPLAIN of every
other one, to name each sequential scan of the papers', authorships', links' or people's tables.
"""

import re
from dataclasses import replace

from bench.bench_pages import HEADER, Page, Result, get, measure, pages, queries_of, row, timed
from bench.scale_cache import CountingCache

TARGET_MS = 250
TARGET_RATIO = 3
SLOW_MS = 2_000
SLOW_REPEATS = 5
BIG_TABLES = ("papers_paper", "papers_authorship", "papers_paperlink", "people_person")
SEQ_SCAN_RE = re.compile(r"(?:Parallel )?Seq Scan on (\w+)")


def scale_pages() -> list[Page]:
    """bench_pages' pages but the one with every paper on one page, then the home page and the people."""
    from django.db.models import Count

    from papers.models import Paper
    from papers.views.site import RECENT_PAPERS
    from people.models import Person
    from people.views import PEOPLE_PER_PAGE

    found = []
    for page in pages():
        if "every paper" in page.label:
            continue
        found.append(replace(page, targeted=page.label.split()[0] in ("profile", "edition", "lab")))
    papers = Paper.objects.aggregate(n=Count("pk"))["n"]
    people = Person.objects.count()
    found.append(Page("home", "/", min(RECENT_PAPERS, papers), min(RECENT_PAPERS, papers), papers))
    found.append(
        Page("people list", "/people/", 0, min(PEOPLE_PER_PAGE, people), people, marks=('class="badge"',))
    )
    return found


def cold_caches() -> dict:
    """CACHES with every cache a DummyCache: each request as if the cache were empty."""
    from django.conf import settings

    from bench.scale_settings import DUMMY

    return {alias: DUMMY for alias in settings.CACHES}


def cold(page: Page) -> Page:
    return replace(page, label=f"{page.label} (cold)", overrides={**page.overrides, "CACHES": cold_caches()})


def run(client, warmup: int, repeats: int) -> None:
    """Every page cold then warm; the tables, the verdicts, the SQL and the plans."""
    measured, hits, notes = [], [], []
    print("\n## Pages\n", HEADER, sep="\n", flush=True)
    for page in scale_pages():
        *turns, note = budget(client, cold(page), warmup, repeats)
        notes += [note] if note else []
        measured.append(measure(client, cold(page), *turns))
        print(row(measured[-1]), flush=True)
        CountingCache.reset()
        measured.append(measure(client, replace(page, label=f"{page.label} (warm)"), *turns))
        hits.append((page.label, CountingCache.reads, CountingCache.hits))
        print(row(measured[-1]), flush=True)
    colds = [result for result in measured if result.page.label.endswith("(cold)")]
    print("", *notes, sep="\n")
    print("\n| page (warm pass) | cache reads | cache hits |\n| --- | --- | --- |")
    print("\n".join(f"| {label} | {reads:,} | {found:,} |" for label, reads, found in hits))
    print("", *verdicts(colds), sep="\n", flush=True)
    for result in colds:
        print(queries_of(result), flush=True)
    print("\n### Plans at this size (the cold pass's statements)")
    for result in colds:
        print(plans(result), flush=True)


def budget(client, page: Page, warmup: int, repeats: int) -> tuple[int, int, str]:
    """Warm-up and timed requests: fewer for a page slower than SLOW_MS (a page, its floor and
    their warm-ups are 47 runs: over ten minutes for a 13-second page), and a note saying so."""
    from django.test.utils import override_settings

    with override_settings(**page.overrides):
        ms = timed(lambda: get(client, page), 1)[0]
    if ms < SLOW_MS:
        return warmup, repeats, ""
    return 1, SLOW_REPEATS, f"- {page.label}: {ms / 1000:.1f} s a request, so 1 warm-up, {SLOW_REPEATS} timed"


def verdicts(results: list[Result]) -> list[str]:
    """The issue's targets for each targeted page, cold."""
    lines = []
    for result in (r for r in results if r.page.targeted):
        fast, close = result.median < TARGET_MS, result.ratio <= TARGET_RATIO
        lines.append(
            f"- {result.page.label}: under {TARGET_MS} ms: **{'met' if fast else 'not met'}** "
            f"({result.median:.0f} ms, p90 {result.p90:.0f}); at most {TARGET_RATIO}x its floor: "
            f"**{'met' if close else 'not met'}** ({result.ratio:.1f}x); {result.queries} queries"
        )
    return lines


def explain(sql: str, analyze: bool = True) -> str:
    from django.db import connection

    options = "ANALYZE, BUFFERS" if analyze else "COSTS"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}")
        return "\n".join(line for (line,) in cursor.fetchall())


def seq_scans(plan: str) -> list[str]:
    return [table for table in SEQ_SCAN_RE.findall(plan) if table in BIG_TABLES]


def plans(result: Result) -> str:
    """The slowest statement's plan, analysed; the big tables any statement of the page scans."""
    reads = [q for q in result.sql if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]
    if not reads:
        return f"\n{result.page.label}: no reads"
    slowest = max(reads, key=lambda q: float(q["time"]))
    lines = [
        f"\n#### {result.page.label}: slowest of {len(reads)} reads, {float(slowest['time']) * 1000:.1f} ms",
        f"\n```sql\n{slowest['sql'][:1500]}\n```\n\n```\n{explain(slowest['sql'])}\n```",
    ]
    flagged = []
    for query in reads:
        tables = seq_scans(explain(query["sql"], analyze=False))
        if tables:
            flagged.append(
                f"- **Seq Scan on {', '.join(tables)}** ({float(query['time']) * 1000:.1f} ms): "
                f"`{query['sql'][:300]}`"
            )
    lines.append(
        "\n" + ("\n".join(flagged) if flagged else "No sequential scan of " + ", ".join(BIG_TABLES) + ".")
    )
    return "\n".join(lines)
