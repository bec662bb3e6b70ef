"""Crossref: one work by its DOI, to complete a paper (enrichment)."""

from typing import Any
from urllib.parse import quote

from core.identifiers import normalize_doi
from ingest.fetch.client import JSON_TYPES, FetchError
from ingest.fetch.pages.base import Page, Walk, body_text, mailto, read_json
from ingest.formats import Format

KEY = "crossref:work"


def walk_crossref(identifier: str, walk: Walk, contact: str) -> list[Page]:
    """GET {crossref}/works/{doi}; its marker is message.deposited.date-time."""
    doi = normalize_doi(identifier)
    if not doi:
        raise FetchError(f"{identifier!r} is not a DOI (like 10.1109/CVPR.2016.90)", transient=False)
    path = f"/works/{quote(doi, safe='/')}"
    fetched = walk.get(
        KEY, path, accept="application/json", types=JSON_TYPES, params=mailto(contact), conditional=True
    )
    if fetched.not_modified:
        return [walk.unchanged(KEY, fetched, Format.CROSSREF)]
    text = body_text(fetched)
    data = read_json(fetched, text, "a Crossref work", ("message",))
    message = data["message"]
    if not isinstance(message, dict):
        raise FetchError(
            f"{fetched.url} answered JSON that is not a Crossref work (no message object)", transient=False
        )
    return [walk.page(KEY, fetched, Format.CROSSREF, text, _deposited(message))]


def _deposited(message: dict[str, Any]) -> str:
    deposited = message.get("deposited")
    value = deposited.get("date-time") if isinstance(deposited, dict) else None
    return value.strip() if isinstance(value, str) else ""
