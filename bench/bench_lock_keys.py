"""How many match keys a batch touches, and how often two batches share a person's: why one lock.

    .venv/bin/python bench/bench_lock_keys.py                 # 20,000 entries of bench_ingest's corpus
    .venv/bin/python bench/bench_lock_keys.py --entries 5000

Parses the corpus bench_ingest.py generates (same seed), cuts it into batches of several sizes,
and for each size reports the distinct match keys of a batch (DOI, arXiv id, title key, the two
fuzzy-title edges; every author's name key and initials key) and, over pairs of batches, the
share of pairs with a person key in common and the median number in common. A per-key lock
design waits wherever two batches share a key, and takes one lock-table slot per key
(PostgreSQL's table holds max_locks_per_transaction x max_connections, 6,400 by default).
"""

import argparse
import itertools
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
PAIRS_OF = 20  # batches compared pairwise per size


def batch_keys(drafts) -> tuple[set, set]:
    from core.keys import name_key
    from core.names import initials_key
    from ingest.match.papers import Probe

    people, papers = set(), set()
    for draft in drafts:
        probe = Probe.of(draft)
        papers |= {("doi", probe.doi), ("arxiv", probe.arxiv_id), ("title", probe.title_key)}
        papers |= {("edge", edge) for edge in probe.edges}
        for author in draft.authors:
            people |= {("name", name_key(author.name)), ("initials", initials_key(author.name))}
    return people, papers


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=20_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pubtracker.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from bench_ingest import Generator

    from ingest.parsers import parse

    drafts = list(parse(Generator(1, 20_000).corpus(args.entries).text(0, args.entries), "bibtex").records())
    print(f"{len(drafts):,} entries of bench_ingest's corpus\n")
    print("| batch size | match keys per batch | pairs of batches sharing a person key | median shared |")
    print("| --- | --- | --- | --- |")
    for size in (2000, 200, 50):
        batches = [drafts[start : start + size] for start in range(0, len(drafts), size)][:PAIRS_OF]
        keys = [batch_keys(batch) for batch in batches]
        shared = sorted(len(one[0] & other[0]) for one, other in itertools.combinations(keys, 2))
        per_batch = sum(len(people) + len(papers) for people, papers in keys) // len(keys)
        sharing = sum(1 for count in shared if count) / len(shared)
        print(f"| {size:,} | {per_batch:,} | {sharing:.0%} | {shared[len(shared) // 2]:,} |")


if __name__ == "__main__":
    main()
