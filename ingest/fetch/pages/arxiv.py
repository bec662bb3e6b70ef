"""arXiv: the entries of a search query, 100 a page, newest first; or those of a list of ids."""

import xml.etree.ElementTree as ET

from ingest.fetch.client import XML_TYPES, Fetched, FetchError
from ingest.fetch.pages.base import Page, Walk, body_text, read_xml
from ingest.formats import Format

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
MAX_RESULTS = 100
# arXiv answers a bad query with 200 and a feed of one entry whose id is an error's.
ERROR_ID = "arxiv.org/api/errors"


def walk_arxiv(query: str, walk: Walk, contact: str) -> list[Page]:
    """GET {arxiv}/api/query?search_query=…&start=N&max_results=100&sortBy=submittedDate&sortOrder=
    descending until start reaches opensearch:totalResults or a page has no entries (then left out,
    unless it is the first). A page's marker is the newest <updated> of its entries."""
    if not query.strip():
        raise FetchError("an arXiv harvest needs a search query (like au:Lovelace_A)", transient=False)
    pages: list[Page] = []
    start, total = 0, 1
    while start < total:
        key = f"arxiv:{len(pages) + 1}"
        params: dict[str, str | int] = {
            "search_query": query.strip(),
            "start": start,
            "max_results": MAX_RESULTS,
            "sortBy": "submittedDate",
            "sortOrder": "descending",
        }
        fetched = walk.get(key, "/api/query", accept="application/atom+xml", types=XML_TYPES, params=params)
        text = body_text(fetched)
        feed = read_xml(fetched, text, "an arXiv Atom feed", f"{ATOM}feed")
        entries = _entries(fetched, feed)
        if entries or not pages:
            updated = [entry.findtext(f"{ATOM}updated", "").strip() for entry in entries]
            pages.append(walk.page(key, fetched, Format.ARXIV, text, max(updated, default="")))
        if not entries:
            break
        start, total = start + len(entries), _total(fetched, feed)
    return pages


def _entries(fetched: Fetched, feed: ET.Element) -> list[ET.Element]:
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        if ERROR_ID in entry.findtext(f"{ATOM}id", ""):
            reason = " ".join(entry.findtext(f"{ATOM}summary", "").split()) or "no reason given"
            raise FetchError(f"{fetched.url} answered an error: {reason}", transient=False)
    return entries


def _total(fetched: Fetched, feed: ET.Element) -> int:
    text = feed.findtext(f"{OPENSEARCH}totalResults", "").strip()
    if not text.isdigit():
        raise FetchError(f"{fetched.url} answered a feed without opensearch:totalResults", transient=False)
    return int(text)


def walk_arxiv_ids(identifier: str, walk: Walk, contact: str) -> list[Page]:
    """GET {arxiv}/api/query?id_list=…: the entries of up to 100 arXiv ids (comma-separated), one
    page; to complete papers known by their arXiv id (enrichment)."""
    ids = [part.strip() for part in identifier.split(",") if part.strip()]
    if not ids or len(ids) > MAX_RESULTS:
        raise FetchError(f"an arXiv id list holds 1 to {MAX_RESULTS} ids, not {len(ids)}", transient=False)
    params: dict[str, str | int] = {"id_list": ",".join(ids), "max_results": len(ids)}
    key = "arxiv:ids"
    fetched = walk.get(key, "/api/query", accept="application/atom+xml", types=XML_TYPES, params=params)
    text = body_text(fetched)
    entries = _entries(fetched, read_xml(fetched, text, "an arXiv Atom feed", f"{ATOM}feed"))
    updated = [entry.findtext(f"{ATOM}updated", "").strip() for entry in entries]
    return [walk.page(key, fetched, Format.ARXIV, text, max(updated, default=""))]
