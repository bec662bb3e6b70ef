"""Papers as RIS, the tagged format of EndNote, Zotero and Mendeley.

Pure over ExportPaper rows (papers.selectors.export_rows), sharing papers.export's rules for names,
venues, kinds, dates and citation keys. Each line is a tag, two spaces, a hyphen, a space and a value
on one line; lines end with CRLF, as the specification says.
"""

from collections.abc import Iterable, Iterator
from functools import lru_cache
from urllib.parse import quote

from core.text import squash
from papers.choices import LinkKind, PaperKind
from papers.export import (
    PAGES_DASH_RE,
    ExportPaper,
    KeyRing,
    citation_key,
    issued_of,
    kind_of,
    name_parts,
    one_line,
    publisher,
    venue_name,
)

RIS_TYPES: dict[str, str] = {
    PaperKind.CONFERENCE: "CONF",
    PaperKind.WORKSHOP: "CONF",
    PaperKind.JOURNAL: "JOUR",
    PaperKind.PREPRINT: "UNPB",
    PaperKind.THESIS: "THES",
    PaperKind.BOOK: "CHAP",
    PaperKind.OTHER: "GEN",
}
MEDIA_TYPE = "application/x-research-info-systems"
# A cut author list ends with this author, as BibTeX's ends with "and others".
CUT = "et al."
END = "\r\n"


def papers_ris(papers: Iterable[ExportPaper]) -> str:
    """The papers as RIS records, with IDs (citation keys) unique within the output."""
    return "".join(ris_pieces(papers))


def ris_pieces(papers: Iterable[ExportPaper]) -> Iterator[str]:
    """The records one by one: what papers_ris joins and a stream sends."""
    keys = KeyRing()
    return (_record(paper, keys) for paper in papers)


def _record(paper: ExportPaper, keys: KeyRing) -> str:
    key = keys.unique(citation_key(paper))
    lines = [("TY", _type(paper)), *ris_fields(paper), ("ID", key)]
    body = "".join(f"{tag}  - {value}{END}" for tag, value in lines if value)
    return f"{body}ER  - {END}"


def ris_fields(paper: ExportPaper) -> list[tuple[str, str]]:
    """The record's tags and values between TY and ID, empty ones included."""
    issued = issued_of(paper)
    first, last = _page_range(paper.pages)
    fields = [
        ("TI", paper.title),
        *(("AU", name) for name in _authors(paper.authors, paper.authors_complete)),
        ("PY", str(issued[0]) if issued else ""),
        ("DA", "/".join(f"{part:02d}" for part in issued) if len(issued) > 1 else ""),
        ("T2", venue_name(paper)),
        ("J2", paper.venue_acronym),
        ("VL", paper.volume),
        ("IS", paper.number),
        ("SP", first),
        ("EP", last),
        ("PB", publisher(paper)),
        ("DO", paper.doi),
        *_links(paper),
        ("N1", f"arXiv:{paper.arxiv_id}" if paper.arxiv_id else ""),
        ("AB", paper.abstract),
    ]
    return [(tag, one_line(value)) for tag, value in fields]


def _type(paper: ExportPaper) -> str:
    kind = kind_of(paper)
    if kind == PaperKind.BOOK and not venue_name(paper):
        return "BOOK"  # a whole book; a book with a venue is a chapter in it
    return RIS_TYPES.get(kind, "GEN")


def _authors(names: list[str], complete: bool) -> list[str]:
    found = [name for name in (_ris_name(name) for name in names) if name]
    return [*found, CUT] if found and not complete else found


@lru_cache(maxsize=100_000)
def _ris_name(name: str) -> str:
    """ "Van Gool, Luc", "Smith, John, Jr."; a name that does not split as written."""
    parts = name_parts(name)
    if parts.family and parts.given:
        found = f"{parts.family}, {parts.given}"
        return f"{found}, {parts.suffix}" if parts.suffix else found
    return parts.full or squash(name)


def _page_range(pages: str) -> tuple[str, str]:
    """ "659-669" -> ("659", "669"); a single page or anything else is the start page alone."""
    parts = PAGES_DASH_RE.split(pages.strip())
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else (pages, "")


def _links(paper: ExportPaper) -> list[tuple[str, str]]:
    """UR: the DOI's address, then the links; L1: the PDFs (RIS's own tag for them)."""
    doi = f"https://doi.org/{quote(paper.doi, safe='/:()')}" if paper.doi else ""
    found = [("UR", doi)] if doi else []
    for kind, link in paper.links:
        # Readers split UR at ";" (several URLs on one line): one inside a URL is escaped.
        url = link.replace(";", "%3B")
        if url and all(known != url for _, known in found):
            found.append(("L1" if kind == LinkKind.PDF else "UR", url))
    return found
