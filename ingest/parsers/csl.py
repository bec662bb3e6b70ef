"""CSL-JSON (Zotero, Pandoc, citeproc, Crossref's application/vnd.citationstyles.csl+json) to paper drafts.

An array of items, or one item: {"id", "type", "title", "author": [{"family", "given"} | {"literal"}],
"issued": {"date-parts": [[2023, 6, 18]]}, "container-title", "DOI", "URL", ...}.
"""

import json
from datetime import date as Date
from typing import Any
from urllib.parse import unquote

from core.dates import YEAR_RE, parse_date
from core.identifiers import (
    arxiv_id_from_doi,
    is_arxiv_doi,
    normalize_arxiv_id,
    normalize_doi,
    normalize_orcid,
)
from core.names import NameParts, reading_order
from core.text import squash, strip_markup
from ingest.formats import Format
from ingest.parsers.bibtex import ARXIV_VENUE_RE, _pages, _url_kind
from ingest.parsers.crossref import KINDS as CROSSREF_KINDS
from ingest.parsers.crossref import POSTED_KINDS, jats_text, with_subtitle
from ingest.parsers.drafts import AuthorDraft, LinkDraft, PaperDraft, ParseContext, ParseError, ParseResult
from ingest.parsers.jsonvalues import load_json, raw_json
from ingest.parsers.ris import VenueLines, names_id

# The item types of CSL 1.0.2.
CSL_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case",
    "legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
    "paper-conference", "patent", "performance", "periodical", "personal_communication", "post",
    "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech",
    "standard", "thesis", "treaty", "webpage",
}  # fmt: skip
# Crossref's CSL (content negotiation, /transform) may keep Crossref's own type of the work.
CROSSREF_TYPES = {
    *CROSSREF_KINDS, "component", "dataset", "journal-issue", "peer-review", "posted-content",
    "reference-entry", "report", "report-component", "standard",
}  # fmt: skip
KINDS = {
    "article-journal": "journal", "article-magazine": "journal", "review": "journal",
    "paper-conference": "conference", "chapter": "book", "book": "book", "thesis": "thesis",
    "article": "preprint",  # CSL's type for a preprint or working paper
}  # fmt: skip
# The keys that only a CSL item has, of which an item has at least one.
CSL_KEYS = ("issued", "author", "container-title")
# The other sources' JSON, which the other parsers read: Crossref's "message", OpenAlex's
# "results", Semantic Scholar's "data", ORCID's "group" and "bulk".
WRAPPERS = ("message", "results", "data", "group", "bulk")
VENUE_KEYS = ("container-title", "event-title", "event", "collection-title")
SHORT_KEYS = ("container-title-short", "journalAbbreviation", "collection-title-short")
DATE_KEYS = ("issued", "published-print", "published-online")
# Where an arXiv id shows besides the DOI: Zotero's "number" ("arXiv:2301.01234"), the URL, notes.
ARXIV_KEYS = ("number", "archive_location", "URL", "note", "container-title", "publisher", "source")
CUT_NAMES = {"et al", "et al.", "others", "...", "…"}
SNIFF_ITEMS = 3


def sniff(head: str) -> int:
    """100 when the text is an array of CSL items, or one item (its first items suffice: the
    head of a long file is cut short)."""
    text = head.lstrip("\ufeff \t\r\n")
    decoder = json.JSONDecoder()
    try:
        if text.startswith("{"):
            return 100 if _is_item(decoder.raw_decode(text)[0]) else 0
        if not text.startswith("["):
            return 0
        first = text[1:].lstrip(" \t\r\n")
        return 100 if first.startswith("{") and _is_item(decoder.raw_decode(first)[0]) else 0
    except ValueError:
        return 0


def _is_item(value: Any) -> bool:
    """A CSL item: a CSL type, a title (a string, not Crossref's list) or an id, and a CSL key.
    Crossref's CSL writes an empty container-title as an empty list."""
    if not isinstance(value, dict) or any(key in value for key in WRAPPERS):
        return False
    authors = value.get("author", [])
    return (
        (value.get("type") in CSL_TYPES or value.get("type") in CROSSREF_TYPES)
        and (isinstance(value.get("title"), str) or "id" in value)
        and not isinstance(value.get("title"), list)
        and not (isinstance(value.get("container-title"), list) and value["container-title"])
        and any(key in value for key in CSL_KEYS)
        and isinstance(authors, list)
        and all(isinstance(author, dict) for author in authors)
    )


def parse(text: str, context: ParseContext) -> ParseResult:
    items = _items(text)
    result = ParseResult(format=Format.CSL)
    venues = VenueLines(context.venue_aliases)
    for number, item in enumerate(items, start=1):
        raw = raw_json(item)
        try:
            result.papers.append(_paper(item, number, raw, venues))
        except ParseError as error:
            result.errors.append(error)
        except Exception as error:  # one item's surprise must not sink the file
            reason = f"the item could not be read: {type(error).__name__}: {error}"
            result.errors.append(ParseError(number, reason, raw))
    return result


def _items(text: str) -> list[Any]:
    data = load_json(text, "CSL-JSON")
    if isinstance(data, dict) and not any(key in data for key in WRAPPERS):
        data = [data]
    if not isinstance(data, list):
        raise ParseError(0, "not CSL-JSON: expected an array of items or one item object")
    if not data:
        raise ParseError(0, "the CSL-JSON array holds no item")
    return data


def _paper(item: Any, number: int, raw: str, venues: VenueLines) -> PaperDraft:
    if not isinstance(item, dict):
        raise ParseError(number, f"the item is a JSON {type(item).__name__}, not an object", raw)
    title = _title(item)
    if not title:
        raise ParseError(number, "the item has no title", raw)
    venue_text = strip_markup(next((_text(item.get(key)) for key in VENUE_KEYS if _text(item.get(key))), ""))
    venue = venues.line(venue_text)
    doi = _doi(item)
    arxiv_id = _arxiv_id(item, doi)
    paper = PaperDraft(
        line=number,
        title=title,
        venue_text=venue_text,
        venue_acronym=venue.acronym or _other_acronym(item, venues),
        presentation=venue.presentation,
        doi=doi,
        arxiv_id=arxiv_id,
        links=_links(item, doi, arxiv_id),
        abstract=jats_text(_text(item.get("abstract"))),
        citation_key=_text(item.get("citation-key")) or _text(item.get("citation-label")),
        volume=_text(item.get("volume")),
        number=_text(item.get("issue")),
        pages=_pages(_text(item.get("page"))),
        publisher=strip_markup(_text(item.get("publisher"))),
        ids=_ids(item),
        citation_counts=_counts(item),
        raw=raw,
    )
    paper.date = next((found for key in DATE_KEYS if (found := _date(item.get(key)))), "")
    paper.year = int(paper.date[:4]) if paper.date else venue.year
    paper.kind = _kind(item, venue_text, paper.arxiv_id)
    paper.authors, paper.authors_complete = _authors(item.get("author"))
    return paper


def _title(item: dict) -> str:
    """The title, with the subtitle Crossref's CSL gives apart unless the title already holds it."""
    return with_subtitle(strip_markup(_text(item.get("title"))), strip_markup(_text(item.get("subtitle"))))


def _text(value: Any) -> str:
    """A field as one line of text: strings, numbers (a volume of 45), the first of a list."""
    if isinstance(value, list):
        value = next((part for part in value if isinstance(part, str | int) and str(part).strip()), "")
    if isinstance(value, bool):
        return ""
    return squash(str(value)) if isinstance(value, str | int | float) else ""


def _other_acronym(item: dict, venues: VenueLines) -> str:
    """The venue named by the event or an abbreviation, when the container's name does not say."""
    for key in (*VENUE_KEYS[1:], *SHORT_KEYS):
        short = _text(item.get(key))
        if short and (acronym := venues.line(short).acronym):
            return acronym
    return ""


def _authors(value: Any) -> tuple[list[AuthorDraft], bool]:
    """Names in reading order ("Given particle Family Suffix"); a literal as written. An "et al."
    among them, or no author at all, says the list is not complete."""
    authors: list[AuthorDraft] = []
    complete = isinstance(value, list) and bool(value)
    for person in value if isinstance(value, list) else []:
        name = _name(person)
        if name.lower() in CUT_NAMES:
            complete = False
        elif name:
            authors.append(AuthorDraft(name, ids=_person_ids(person)))
    return authors, complete and bool(authors)


def _name(person: Any) -> str:
    if isinstance(person, str):  # not CSL, but some tools write names as strings
        return reading_order(person)
    if not isinstance(person, dict):
        return ""
    if _text(person.get("literal")):
        return _text(person["literal"])
    particles = (_text(person.get("dropping-particle")), _text(person.get("non-dropping-particle")))
    family = " ".join(part for part in (*particles, _text(person.get("family"))) if part)
    return NameParts(_text(person.get("given")), family, _text(person.get("suffix"))).full


def _person_ids(person: Any) -> dict[str, str]:
    """Crossref's CSL gives an author's ORCID ("http://orcid.org/0000-…")."""
    orcid = normalize_orcid(_text(person.get("ORCID"))) if isinstance(person, dict) else ""
    return {"orcid": orcid} if orcid else {}


def _date(value: Any) -> str:
    """ "2023", "2023-06" or "2023-06-18" from date-parts (numbers or strings), "raw", "literal",
    or an EDTF string; "" when none is readable."""
    if isinstance(value, str):
        return parse_date(value) or _year(value)
    if not isinstance(value, dict):
        return ""
    parts = value.get("date-parts")
    first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
    numbers = [int(part) for part in first[:3] if isinstance(part, int | str) and str(part).strip().isdigit()]
    if numbers and YEAR_RE.fullmatch(str(numbers[0])):
        return _iso(numbers)
    written = _text(value.get("raw")) or _text(value.get("literal"))
    return (parse_date(written) or _year(written)) if written else ""


def _iso(numbers: list[int]) -> str:
    """[2023], [2023, 6], [2023, 6, 18] as ISO; a month past 12 (CSL's seasons are 21-24) is left out."""
    year, month, day = (*numbers, 0, 0)[:3]
    if not 1 <= month <= 12:
        return f"{year:04d}"
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def _year(text: str) -> str:
    found = YEAR_RE.search(text)
    return found.group(0) if found else ""


def _kind(item: dict, venue_text: str, arxiv_id: str) -> str:
    """By the CSL type, or Crossref's own type (and subtype: a blog post is not a preprint)."""
    csl_type, subtype = _text(item.get("type")), _text(item.get("subtype"))
    kind = KINDS.get(csl_type, "") or CROSSREF_KINDS.get(csl_type, "")
    if csl_type == "posted-content" and subtype:
        kind = POSTED_KINDS.get(subtype, "")
    if kind == "journal" and ARXIV_VENUE_RE.search(venue_text):
        return "preprint"  # "arXiv preprint arXiv:2301.01234" as the journal
    if kind:
        return kind
    return "preprint" if arxiv_id else "other"


def _doi(item: dict) -> str:
    doi = normalize_doi(_text(item.get("DOI")) or _text(item.get("doi")))
    url = _text(item.get("URL"))
    return doi or (normalize_doi(url) if "doi.org/" in url else "")


def _arxiv_id(item: dict, doi: str) -> str:
    if is_arxiv_doi(doi):  # DataCite's DOI of an arXiv paper names its id
        return arxiv_id_from_doi(doi)
    if _text(item.get("archive")).lower() == "arxiv" and _text(item.get("archive_location")):
        found = normalize_arxiv_id(f"arXiv:{_text(item['archive_location'])}")
        if found:
            return found
    for key in ARXIV_KEYS:
        value = _text(item.get(key))
        found = normalize_arxiv_id(value) if "arxiv" in value.lower() else ""
        if found:
            return found
    return ""


def _links(item: dict, doi: str, arxiv_id: str) -> list[LinkDraft]:
    """The item's URL by its address; the page of its DOI or arXiv id is that id, not a link."""
    url = _text(item.get("URL"))
    if not url.startswith(("http://", "https://")):
        return []
    kind = _url_kind(url)
    return [] if names_id(kind, unquote(url), doi, arxiv_id) else [LinkDraft(kind, url)]


def _ids(item: dict) -> dict[str, str]:
    """PubMed's ids, which Zotero and Crossref write as PMID and PMCID."""
    found = {kind: _text(item.get(key)) for kind, key in (("pmid", "PMID"), ("pmcid", "PMCID"))}
    return {kind: value for kind, value in found.items() if value}


def _counts(item: dict) -> dict[str, int]:
    """Crossref's own CSL reports how often the work is cited."""
    count = item.get("is-referenced-by-count")
    if _text(item.get("source")).lower() == "crossref" and isinstance(count, int) and count >= 0:
        return {"crossref": count}
    return {}
