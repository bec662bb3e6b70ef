"""bench_scale.py's API section: bench_api's wrk runs on the million papers, cold and warm.

gunicorn serves the API and bench_api's floors in the same processes (bench/floor_urls.py), once
with every cache off (cold) and once with the cache on (warm: each worker's memory, or
--cache-url); wrk loads each URL after a warm-up of its own. The gate is the API against its
same-content floor (the count, authors and links without DRF); the thin floor (one .values()
query) stays as a trend figure.
"""

import argparse

from bench.bench_api import HEADER, Load, row, serve_and_measure, targets
from bench.bench_ingest import Server

TARGET_RATIO = 0.8
SETTINGS = "bench.scale_settings"


def run(server: Server, args: argparse.Namespace, database: str) -> None:
    urls = targets(args.page_size)
    passes = {
        "cold": {"DJANGO_SETTINGS_MODULE": SETTINGS, "BENCH_SCALE_CACHE": "off"},
        "warm": {"DJANGO_SETTINGS_MODULE": SETTINGS, "CACHE_URL": args.cache_url},
    }
    for label, env in passes.items():
        print(f"\n## API, {label}: gunicorn -w 2, each URL under wrk in turn (ratios below)\n", flush=True)
        checked, loads = serve_and_measure(server, args, urls, database, env)
        report(label, loads, urls, checked, args)


def report(label: str, loads: list[Load], urls, checked: dict, args: argparse.Namespace) -> None:
    """The table with both ratios, and whether each API URL reaches TARGET_RATIO of its content floor."""
    by_label = {load.label: load for load in loads}
    lines = [
        "",
        f"API, {label}: wrk -t2 -c{args.connections} -d{args.duration}s "
        f"--timeout={args.wrk_timeout}s per URL, after a {args.warmup} s warm-up of its own.",
        "",
        HEADER,
    ]
    verdicts = []
    for target in urls:
        load, floor = by_label[target.label], by_label.get(target.floor)
        content = by_label.get(target.content_floor)
        lines.append(row(load, floor, content, checked[target.label]["bytes"]))
        if content:
            ratio, errors = load.rate / content.rate, load.non_2xx + load.socket_errors
            met = ratio >= TARGET_RATIO and errors == 0
            verdicts.append(
                f"- {target.label} ({label}): at least {TARGET_RATIO} of the same-content floor, no errors: "
                f"**{'met' if met else 'not met'}** ({ratio:.2f}, {errors} errors; "
                f"trend, to the thin floor: {load.rate / floor.rate:.2f})"
            )
    count = checked["API, filtered"]["answer"]["count"]
    lines += ["", f"The filtered query matches {count:,} papers.", *verdicts]
    print("\n".join(lines), flush=True)
