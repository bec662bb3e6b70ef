"""Semantic Scholar: an author's papers, 100 a page, by offset."""

import re

from ingest.fetch.client import JSON_TYPES, FetchError
from ingest.fetch.pages.base import Page, Walk, body_text, items, read_json
from ingest.formats import Format

FIELDS = (
    "paperId,corpusId,externalIds,title,abstract,venue,publicationVenue,year,publicationDate,"
    "publicationTypes,journal,authors,citationCount,url,openAccessPdf"
)
LIMIT = 100
# "1741101", or the author page's URL: "https://www.semanticscholar.org/author/Ada-Lovelace/1741101".
AUTHOR_RE = re.compile(r"(?:^|/)(\d+)/?$")


def walk_s2(identifier: str, walk: Walk, contact: str) -> list[Page]:
    """GET {s2}/graph/v1/author/{id}/papers?fields=…&limit=100&offset=N, following "next" until it is
    absent. An empty page after the first is left out."""
    match = AUTHOR_RE.search(identifier.strip().split("?")[0])
    if not match:
        raise FetchError(
            f"{identifier!r} is not a Semantic Scholar author id (like 1741101)", transient=False
        )
    path = f"/graph/v1/author/{match.group(1)}/papers"
    pages: list[Page] = []
    offset: int | None = 0
    while offset is not None:
        key = f"s2:{len(pages) + 1}"
        params: dict[str, str | int] = {"fields": FIELDS, "limit": LIMIT, "offset": offset}
        fetched = walk.get(key, path, accept="application/json", types=JSON_TYPES, params=params)
        text = body_text(fetched)
        data = read_json(fetched, text, "a Semantic Scholar list of papers", ("data",))
        papers = items(data["data"])
        if papers or not pages:
            pages.append(walk.page(key, fetched, Format.S2, text))
        offset = _next(data.get("next"), offset, fetched.url) if papers else None
    return pages


def _next(value: object, offset: int, url: str) -> int | None:
    """The next page's offset; None at the end; a FetchError when it does not move forward."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value <= offset:
        raise FetchError(
            f"{url} answered a next offset {value!r} that does not move past {offset}", transient=False
        )
    return value
