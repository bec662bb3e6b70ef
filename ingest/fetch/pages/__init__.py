"""The walks through every page of a person's works (or a query) at each scholarly source.

    pages = walk("openalex", "A5023888391", client, bases, known=marks, contact="admin@lab.example.org")

Each page comes back with its text in an ingest format and whether it changed since the marks of
the last harvest (`known`, by page key). The base URLs are the caller's (settings; a test's server).
Pure Python, no Django.
"""

from collections.abc import Callable, Mapping
from types import MappingProxyType

from ingest.fetch.client import FetchError
from ingest.fetch.pages.arxiv import walk_arxiv, walk_arxiv_ids
from ingest.fetch.pages.base import MAX_PAGES, Page, PageMark, Walk
from ingest.fetch.pages.crossref import walk_crossref
from ingest.fetch.pages.dblp import walk_dblp
from ingest.fetch.pages.openalex import walk_openalex
from ingest.fetch.pages.orcid import walk_orcid
from ingest.fetch.pages.s2 import walk_s2
from ingest.fetch.polite import PoliteClient

__all__ = ["DEFAULT_BASES", "MAX_PAGES", "WALKERS", "Page", "PageMark", "walk"]

Walker = Callable[[str, Walk, str], list[Page]]
WALKERS: Mapping[str, Walker] = MappingProxyType(
    {
        "orcid": walk_orcid,
        "dblp": walk_dblp,
        "openalex": walk_openalex,
        "s2": walk_s2,
        "arxiv": walk_arxiv,
        "arxiv_ids": walk_arxiv_ids,
        "crossref": walk_crossref,
    }
)
# Walks that ask another walk's source.
BASE_OF: Mapping[str, str] = MappingProxyType({"arxiv_ids": "arxiv"})
# The public APIs; settings may point a source elsewhere (a mirror, a sandbox, a test's server).
DEFAULT_BASES: Mapping[str, str] = MappingProxyType(
    {
        "orcid": "https://pub.orcid.org",
        "dblp": "https://dblp.org",
        "openalex": "https://api.openalex.org",
        "s2": "https://api.semanticscholar.org",
        "arxiv": "https://export.arxiv.org",
        "crossref": "https://api.crossref.org",
    }
)


def walk(
    kind: str,
    identifier: str,
    client: PoliteClient,
    bases: Mapping[str, str],
    *,
    known: Mapping[str, PageMark] | None = None,
    contact: str = "",
    max_pages: int = MAX_PAGES,
) -> list[Page]:
    """Every page of `identifier` at the source `kind`, in order; FetchError when one cannot be had."""
    walker = WALKERS.get(kind)
    if walker is None:
        raise FetchError(
            f"{kind!r} is not a source to harvest (one of {', '.join(WALKERS)})", transient=False
        )
    base = (bases.get(BASE_OF.get(kind, kind)) or "").strip().rstrip("/")
    if not base:
        raise FetchError(f"no base URL is set for the {kind} source", transient=False)
    return walker(identifier.strip(), Walk(client, base, known or {}, max_pages), contact.strip())
