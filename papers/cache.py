"""Paper rows in the cache: what is kept, under which key, and the one rule that keeps it true.

What: a row as papers.selectors.paper_rows reads it and the paper_row tag builds it, less what a
page chooses or reads anew (its <li> opening and its venue badge): the HTML before and after the
badge, and the rows it was built from (author_rows, link_rows, citation_rows), so that a page
whose rows are all kept reads neither authors, people's slugs, links nor citation counts. The
badge is left out because it is built from the venue and edition read with the paper anyway: a
venue or an edition renamed needs nothing here.

The key: the paper's id and version, what the page marks on its rows (the owner, the set of lab
members, citation counts shown: row_marks), and the code that builds rows (CODE). The version is
Paper.updated_at, read in the same row as the paper: a reader sees old fields with the old version
or new ones with the new, whatever process wrote them (local-memory caches in several processes
too), and a write rolled back leaves both as they were.

The rule: every write that changes what a paper's row shows moves its updated_at in the same
transaction. Paper.save() does (auto_now: the admin's paper form, the API's writes, the services);
every other write calls papers_changed: the authors, links and citation counts written without
saving the paper (the admin's own pages for them, ingestion's bulk writer, review decisions,
citation_counts_record), and people_changed for the writes of people, which people cannot import
papers to do (a person's slug changed, a person deleted, authorships moved by a merge, a split or
their undoing: people.services.people_changing).

PAGES_ROW_CACHE_SECONDS=0 turns the cache off: rows are then read and built on every request.
"""

import hashlib
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils import timezone

from papers.models import Authorship, Paper
from papers.templatetags.paper_rows import row_parts

logger = logging.getLogger(__name__)

# The source of what shapes a row: a new release that builds rows otherwise uses other keys, and the
# rows an older one kept are never shown.
SHAPERS = ("papers/templatetags/paper_rows.py", "papers/templatetags/papers_tags.py", "papers/selectors.py")
SHAPERS += ("papers/cache.py", "papers/choices.py", "core/names.py")
CODE = hashlib.blake2b(
    b"".join((settings.BASE_DIR / name).read_bytes() for name in SHAPERS), digest_size=6
).hexdigest()
# Ids per UPDATE: within every database's limit of parameters.
BUMP_BATCH = 500


def enabled() -> bool:
    return settings.PAGES_ROW_CACHE_SECONDS > 0


def row_marks(owner_id: int | None, member_ids: set[int], citations: bool) -> str:
    """What a page marks on its rows, as their key has it: the owner ("self"), the lab members
    ("member", a digest of the set) and whether each source's citation count is shown."""
    members = ",".join(map(str, sorted(member_ids))).encode()
    digest = hashlib.blake2b(members, digest_size=8).hexdigest() if member_ids else ""
    return f"{owner_id or ''}.{digest}.{'c' if citations else ''}"


def row_key(paper: Paper, marks: str) -> str | None:
    """The key of a paper's row on a page with these marks; None when its version was not read."""
    version = vars(paper).get("updated_at")  # deferred: not read, and never read one by one
    if version is None:
        return None
    return f"paper-row:{CODE}:{paper.pk}:{version.isoformat()}:{marks}"


def rows_from_cache(papers: list[Paper], marks: str) -> list[Paper]:
    """Give the papers the cache holds their row parts and rows; return the others, to be read."""
    if not enabled():
        return papers
    keys = [row_key(paper, marks) for paper in papers]
    found = _get_many([key for key in keys if key])
    missing = []
    for paper, key in zip(papers, keys, strict=True):
        entry = found.get(key) if key else None
        if entry is None:
            missing.append(paper)
            continue
        head, tail, paper.author_rows, paper.link_rows, citations = entry
        paper.row_parts = (head, tail)
        if citations is not None:
            paper.citation_rows = citations
    return missing


def rows_to_cache(papers: list[Paper], marks: str) -> None:
    """Build the row parts of papers just read (their rows set) and keep them with their rows."""
    if not enabled():
        return
    entries = {}
    for paper in papers:
        key = row_key(paper, marks)
        if key is not None:
            paper.row_parts = row_parts(paper)
            citations = getattr(paper, "citation_rows", None)
            entries[key] = (*paper.row_parts, paper.author_rows, paper.link_rows, citations)
    _set_many(entries)


def papers_changed(paper_ids: Iterable[int]) -> None:
    """A write changed what these papers' rows show without saving them: move their versions."""
    ids = sorted(set(paper_ids))
    now = timezone.now()
    for start in range(0, len(ids), BUMP_BATCH):
        Paper.objects.filter(pk__in=ids[start : start + BUMP_BATCH]).update(updated_at=now)


def people_changed(person_ids: list[int]) -> None:
    """These people's slugs or authorships are about to change (people.services.people_changing):
    the rows of the papers they wrote link to them."""
    if person_ids:
        written = Authorship.objects.filter(paper=OuterRef("pk"), person_id__in=person_ids)
        Paper.objects.filter(Exists(written)).update(updated_at=timezone.now())


# A cache that does not answer costs the rows their speed, never the page: they are read and built.


def _get_many(keys: list[str]) -> dict:
    try:
        return cache.get_many(keys)
    except Exception as error:
        logger.warning("papers.cache get_many failed: %r", error)
        return {}


def _set_many(entries: dict) -> None:
    if not entries:
        return
    try:
        cache.set_many(entries, timeout=settings.PAGES_ROW_CACHE_SECONDS)
    except Exception as error:
        logger.warning("papers.cache set_many failed: %r", error)
