"""OpenAlex: a person's works, 200 a page, by cursor."""

from typing import Any

from core.identifiers import normalize_openalex_id
from ingest.fetch.client import JSON_TYPES, FetchError
from ingest.fetch.pages.base import Page, Walk, body_text, items, mailto, read_json, sha256
from ingest.formats import Format


def walk_openalex(identifier: str, walk: Walk, contact: str) -> list[Page]:
    """GET {openalex}/works?filter=author.id:{id}&per-page=200&cursor=*, then each meta.next_cursor
    until it is null or the results are empty. An empty page after the first is left out."""
    author = normalize_openalex_id(identifier)
    if not author.startswith("A"):
        raise FetchError(f"{identifier!r} is not an OpenAlex author id (like A5023888391)", transient=False)
    params: dict[str, str | int] = {"filter": f"author.id:{author}", "per-page": 200, **mailto(contact)}
    pages: list[Page] = []
    cursor = "*"
    while cursor:
        key = f"openalex:{len(pages) + 1}"
        fetched = walk.get(
            key, "/works", accept="application/json", types=JSON_TYPES, params={**params, "cursor": cursor}
        )
        text = body_text(fetched)
        data = read_json(fetched, text, "an OpenAlex list of works", ("results",))
        results = items(data["results"])
        if results or not pages:
            pages.append(walk.page(key, fetched, Format.OPENALEX, text, _marker(results)))
        meta = data.get("meta")
        next_cursor = meta.get("next_cursor") if isinstance(meta, dict) else None
        cursor = next_cursor if results and isinstance(next_cursor, str) else ""
    return pages


def _marker(results: list[Any]) -> str:
    """The sha256 of the results' ids and updated dates: it changes when a work does."""
    stamps = [
        f"{work.get('id', '')}@{work.get('updated_date', '')}" for work in results if isinstance(work, dict)
    ]
    return sha256("\n".join(stamps))
