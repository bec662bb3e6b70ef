"""Papers as CSL-JSON, the citation-style-language data that Zotero, Mendeley and pandoc read.

Pure over ExportPaper rows, sharing papers.export's rules for names, venues, kinds, dates and keys.
"""

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache

from core.text import squash
from papers.choices import PaperKind
from papers.export import (
    ExportPaper,
    KeyRing,
    citation_key,
    issued_of,
    kind_of,
    name_parts,
    publisher,
    url_of,
    venue_name,
)

CSL_TYPES = {
    PaperKind.CONFERENCE: "paper-conference",
    PaperKind.WORKSHOP: "paper-conference",
    PaperKind.JOURNAL: "article-journal",
    PaperKind.PREPRINT: "article",
    PaperKind.THESIS: "thesis",
    PaperKind.BOOK: "chapter",
    PaperKind.OTHER: "document",
}
MEDIA_TYPE = "application/vnd.citationstyles.csl+json"


def papers_csl(papers: Iterable[ExportPaper]) -> list[dict]:
    """The papers as CSL-JSON items, with ids (citation keys) unique within the list."""
    return list(_items(papers))


def csl_pieces(papers: Iterable[ExportPaper]) -> Iterator[str]:
    """The items as one JSON array, piece by piece, for a streamed response: compact UTF-8 JSON, as
    the API's JSON renderer writes it."""
    yield "["
    for number, item in enumerate(_items(papers)):
        text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
        yield f",{text}" if number else text
    yield "]"


def _items(papers: Iterable[ExportPaper]) -> Iterator[dict]:
    keys = KeyRing()
    return (paper_csl(paper, keys=keys) for paper in papers)


CSL_TEXT = {"type": "string", "minLength": 1}
# What paper_csl writes, as the API's schema gives it: a client can validate an item against it.
CSL_ITEM_SCHEMA = {
    "type": "object",
    "description": "A CSL-JSON item (the citation-style-language csl-data schema), the fields it writes.",
    "required": ["id", "type", "title"],
    "properties": {
        "id": {**CSL_TEXT, "description": "The citation key, unique within a response."},
        "type": {"type": "string", "enum": sorted({*CSL_TYPES.values(), "book"})},
        "title": CSL_TEXT,
        "author": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {name: CSL_TEXT for name in ("family", "given", "suffix", "literal")},
                "additionalProperties": False,
            },
        },
        "issued": {
            "type": "object",
            "required": ["date-parts"],
            "properties": {
                "date-parts": {
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3},
                    "minItems": 1,
                    "maxItems": 1,
                }
            },
            "additionalProperties": False,
        },
        **{
            name: CSL_TEXT
            for name in ("container-title", "DOI", "URL", "page", "volume", "issue", "publisher", "abstract")
        },
    },
    "additionalProperties": False,
}


def paper_csl(paper: ExportPaper, *, keys: KeyRing | None = None) -> dict:
    """One paper as a CSL-JSON item; its id is its citation key."""
    key = citation_key(paper)
    kind, venue, issued = kind_of(paper), venue_name(paper), issued_of(paper)
    item = {
        "id": keys.unique(key) if keys is not None else key,
        "type": "book" if kind == PaperKind.BOOK and not venue else CSL_TYPES.get(kind, "document"),
        "title": squash(paper.title),
        "author": _csl_authors(paper.authors, paper.authors_complete),
        "issued": {"date-parts": [issued]} if issued else None,
        "container-title": venue,
        "DOI": paper.doi,
        "URL": url_of(paper),
        "page": squash(paper.pages),
        "volume": squash(paper.volume),
        "issue": squash(paper.number),
        "publisher": publisher(paper),
        "abstract": squash(paper.abstract),
    }
    return {name: value for name, value in item.items() if value}


def _csl_authors(names: list[str], complete: bool) -> list[dict[str, str]]:
    """The names, ending with a literal "et al." when the list was cut (BibTeX's "and others")."""
    found = [dict(_csl_name(name)) for name in names if squash(name)]
    return [*found, {"literal": "et al."}] if found and not complete else found


@lru_cache(maxsize=100_000)
def _csl_name(name: str) -> tuple[tuple[str, str], ...]:
    """(family, given), or (literal) for a name that does not split (one word, an organisation), as
    the pairs of a dict: a cached dict could be changed by whoever holds it."""
    parts = name_parts(name)
    if parts.family and parts.given:
        found = (("family", parts.family), ("given", parts.given))
        return (*found, ("suffix", parts.suffix)) if parts.suffix else found
    return (("literal", parts.full or squash(name)),)
