"""Parser throughput on generated inputs, and BibTeX against bibtexparser's bare parse.

    .venv/bin/python bench/bench_parsers.py            # full sizes (100,000 BibTeX, 20,000 proceedings)
    .venv/bin/python bench/bench_parsers.py --scale 0.1

Prints a markdown table for bench/RESULTS.md.
"""

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bibtexparser

from core.keys import venue_key
from ingest.parsers import abstracts, bibtex, homepage, proceedings, profile
from ingest.parsers.drafts import ParseContext
from venues.catalogue import catalogue_entries

WORDS = [
    "learning",
    "representation",
    "causal",
    "diffusion",
    "prompt",
    "segmentation",
    "few-shot",
    "incremental",
    "graph",
    "robust",
    "adversarial",
    "transformer",
    "video",
    "retrieval",
    "domain",
    "adaptation",
    "self-supervised",
    "contrastive",
    "zero-shot",
]
GIVEN = ["Qianru", "Zoë", "Hanwang", "Yaoyao", "Bernt", "Mario", "Luc", "Tinne", "Jürgen", "Émilie"]
FAMILY = ["Sun", "Zhang", "Liu", "Schiele", "Fritz", "Van Gool", "Tuytelaars", "Müller", "Durand", "Rodolà"]
VENUES = ["CVPR", "ICCV", "NeurIPS", "ICLR", "ECCV", "AAAI", "ACM MM", "TPAMI"]


def title(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 10))).capitalize()


def person(rng: random.Random, last_first: bool) -> str:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    return f"{family}, {given}" if last_first else f"{given} {family}"


def bibtex_text(count: int, rng: random.Random) -> str:
    entries = []
    for n in range(count):
        authors = " and ".join(person(rng, n % 2 == 0) for _ in range(rng.randint(2, 6)))
        year = rng.randint(2015, 2025)
        entries.append(
            f"@inproceedings{{key{n},\n  title = {{{{{title(rng)}}}: {title(rng)}}},\n"
            f"  author = {{{authors}}},\n  booktitle = {{Proceedings of {rng.choice(VENUES)} {year}}},\n"
            f"  year = {{{year}}},\n  pages = {{{n}--{n + 10}}},\n"
            f"  doi = {{https://doi.org/10.5555/bench.{n}}},\n}}\n"
        )
    return "\n".join(entries)


def proceedings_text(count: int, rng: random.Random) -> str:
    blocks = []
    for n in range(count):
        authors = ", ".join(person(rng, False) for _ in range(rng.randint(2, 6)))
        blocks.append(
            f"## [{n}] {title(rng)}\n\n        **Authors**: *{authors}*\n\n"
            "        **Conference**: *cvpr 2023*\n\n"
            f"        **URL**: [https://doi.org/10.5555/p.{n}](https://doi.org/10.5555/p.{n})\n\n"
            f"        **Abstract**:\n\n        {title(rng)} <i>with</i> {title(rng)}. {title(rng)}.\n\n"
            "        ----\n"
        )
    return "\n".join(blocks)


def profile_text(count: int, rng: random.Random) -> str:
    head = "Ada Example\n\nCV\nh-index15\n54papers\n1,706citations\n\n54 Papers\n\n"
    entries = [
        f"CVMar {rng.randint(1, 28)}, {rng.randint(2015, 2024)}Code\n{title(rng)}\n\n"
        f"{person(rng, False)}, {person(rng, False)}, {person(rng, False)} et al.\n\n"
        f"{title(rng)}. {title(rng)}.\n"
        for _ in range(count)
    ]
    return head + "\n".join(entries)


def abstracts_text(count: int, rng: random.Random) -> str:
    return "\n\n".join(f"Abstract: {title(rng)}. {title(rng)}. {title(rng)}." for _ in range(count))


def homepage_text(count: int, rng: random.Random) -> str:
    lines = ["Bio", "", "I am a professor of computer science.", "", "Selected Publications", ""]
    for n in range(count):
        lines += [
            str(2024 - n // 50) if n % 50 == 0 else "",
            f"key{n} {title(rng)}",
            f"{person(rng, False)}, {person(rng, False)}, and Ada Example",
            f"The IEEE/CVF Conference on Computer Vision and Pattern Recognition, CVPR '{24 - n // 50:02d}.",
            "[paper] [code]",
            "",
            f"{title(rng)}. {title(rng)}.",
            "",
        ]
    return "\n".join(lines)


def homepage_html(count: int, rng: random.Random) -> str:
    """A publications page as al-folio and its kind write it: year headings, a list item per paper
    (badge, title, authors with the owner in bold, venue, buttons with their links), a menu and a footer."""
    items = []
    for n in range(count):
        if n % 50 == 0:
            items.append(f"</ol><h2 class='year'>{2024 - n // 50}</h2><ol class='bibliography'>")
        coauthors = ", ".join(person(rng, False) for _ in range(rng.randint(1, 5)))
        items.append(
            f"<li><div class='row'><abbr class='badge'>{rng.choice(VENUES)}</abbr>"
            f"<div class='title'>{title(rng)}</div>"
            f"<div class='author'>{coauthors}, and <b>Ada Example</b></div>"
            f"<div class='periodical'><em>Proceedings of the {rng.choice(VENUES)}</em>, "
            f"{2024 - n // 50}</div>"
            f"<div class='links'><a class='btn' href='https://arxiv.org/abs/2401.{n:05d}'>arXiv</a>"
            f"<a class='btn' href='/assets/pdf/p{n}.pdf'>PDF</a>"
            f"<a class='btn' href='https://github.com/example/p{n}'>Code</a></div></div></li>"
        )
    menu = "<nav><a href='/'>about</a><a href='/publications/'>publications</a><a href='/cv/'>cv</a></nav>"
    body = "<h1>publications</h1><ol class='bibliography'>" + "".join(items) + "</ol>"
    return f"<!doctype html><html><body>{menu}{body}<footer>© 2025 Ada Example.</footer></body></html>"


def homepage_citations(count: int, rng: random.Random) -> str:
    """A hand-written page: numbered one-line references under year headings."""
    lines = ["Ada Example", "Home | Publications | Teaching | CV", "", "Publications", ""]
    for n in range(count):
        if n % 50 == 0:
            lines += ["", str(2024 - n // 50), ""]
        authors = ", ".join(f"{rng.choice(GIVEN)[0]}. {rng.choice(FAMILY)}" for _ in range(rng.randint(1, 5)))
        lines.append(
            f"[{n + 1}] {authors}, and A. Example. {title(rng)}. In Proc. {rng.choice(VENUES)}, "
            f"{2024 - n // 50}. [pdf] [code]"
        )
    return "\n".join(lines)


def cold() -> None:
    """Empty every cache of the parsers and normalizers, so each run reads its page as the first."""
    for name, module in list(sys.modules.items()):
        if name.startswith(("ingest.parsers", "core.", "venues.names", "venues.index")):
            for value in vars(module).values():
                if hasattr(value, "cache_clear"):
                    value.cache_clear()


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        cold()
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def context() -> ParseContext:
    aliases = {}
    for entry in catalogue_entries():
        for text in (entry["acronym"], entry["name"], *entry["aliases"]):
            aliases.setdefault(venue_key(text), entry["acronym"])
    return ParseContext(observed_at=date(2025, 6, 1), venue_aliases=aliases)


def throughput_rows(scale: float, runs: int) -> list[str]:
    ctx, rows = context(), []
    cases = [
        ("bibtex", bibtex.parse, bibtex_text, 100_000),
        ("proceedings", proceedings.parse, proceedings_text, 20_000),
        ("profile", profile.parse, profile_text, 20_000),
        ("abstracts", abstracts.parse, abstracts_text, 20_000),
        ("homepage", homepage.parse, homepage_text, 5_000),
        ("homepage, 2,000 as HTML", homepage.parse, homepage_html, 2_000),
        ("homepage, 2,000 citations", homepage.parse, homepage_citations, 2_000),
    ]
    for name, parse, generate, full in cases:
        count = full if "2,000" in name else max(10, int(full * scale))  # the size, at any scale
        text = generate(count, random.Random(1))
        result = parse(text, ctx)
        seconds = best_of(runs, lambda parse=parse, text=text: parse(text, ctx))
        megabytes = len(text.encode()) / 1e6
        records = len(result.records())
        assert records >= count * 0.99, f"{name}: {records} records of {count}"
        rate = f"{records / seconds:,.0f} | {megabytes / seconds:.2f}"
        rows.append(f"| {name} | {count:,} | {megabytes:.1f} | {seconds:.2f} | {rate} |")
    return rows


def bibtex_floor_rows(scale: float, runs: int) -> list[str]:
    ctx, rows = context(), []
    for count in (int(50_000 * scale), int(100_000 * scale)):
        text = bibtex_text(count, random.Random(2))
        ours = best_of(runs, lambda text=text: bibtex.parse(text, ctx))
        floor = best_of(runs, lambda text=text: bibtexparser.parse_string(text))
        rows.append(f"| {count:,} | {floor:.2f} | {ours:.2f} | {ours / floor:.2f} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"| parser | records | MB | seconds (best of {args.runs}) | records/s | MB/s |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(throughput_rows(args.scale, args.runs)))
    print()
    print("| BibTeX entries | bibtexparser bare parse (s) | ours: parse + normalize (s) | ratio |")
    print("| --- | --- | --- | --- |")
    print("\n".join(bibtex_floor_rows(args.scale, args.runs)))


if __name__ == "__main__":
    main()
