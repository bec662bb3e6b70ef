"""RIS files (EndNote, Zotero, Mendeley, Web of Science, Scopus, IEEE Xplore, ACM DL) to paper drafts.

A record runs from "TY  - JOUR" to "ER  -"; every other line is a tag, two spaces, a hyphen, a
space and the value ("AU  - Okafor, Mira"). Tags repeat (AU, UR, KW, N1) and their values
accumulate; a line without a tag continues the value of the tag before it.
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date as Date
from functools import cached_property
from urllib.parse import unquote

from core.dates import MONTHS, YEAR_RE, parse_date
from core.identifiers import arxiv_id_from_doi, is_arxiv_doi, normalize_arxiv_id, normalize_doi
from core.names import reading_order
from core.text import squash, strip_markup
from ingest.formats import Format
from ingest.parsers.bibtex import ARXIV_VENUE_RE, _pages, _url_kind
from ingest.parsers.drafts import AuthorDraft, LinkDraft, PaperDraft, ParseContext, ParseError, ParseResult
from venues.names import VenueLine, parse_venue_line

# "TY  - JOUR"; tolerated: one or three spaces before the hyphen, nothing after it ("ER  -").
TAG_RE = re.compile(r"^[ \t]*([A-Z][A-Z0-9])[ \t]{1,3}-(?:[ \t]+(.*?))?[ \t]*$")
SNIFF_LINES = 4  # "1." or "Record #1 of 2" may stand before the first TY
TYPE_CODE_RE = re.compile(r"[A-Z][A-Z0-9]{1,7}\s*")
KINDS = {
    "JOUR": "journal", "JFULL": "journal", "EJOUR": "journal", "INPR": "journal", "MGZN": "journal",
    "CONF": "conference", "CPAPER": "conference",
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CHAP": "book", "ECHAP": "book",
    "THES": "thesis",
}  # fmt: skip
# Types that are a preprint when they carry an arXiv id, and "other" without one.
PREPRINT_TYPES = {"UNPB", "RPRT", "GEN", "ELEC", "MANSCPT", "STAND", "WEB", "BLOG"}
# Types whose BT is their own title (the spec's "whole book" and "unpublished work").
BT_TITLE_TYPES = {"BOOK", "EBOOK", "EDBOOK", "UNPB"}
# A whole book appears in no venue: its T2 is the series ("Lecture Notes in Computer Science").
BOOK_TYPES = {"BOOK", "EBOOK", "EDBOOK"}
TITLE_TAGS = ("TI", "T1", "CT")
AUTHOR_TAGS = {"AU", "A1"}
CONTAINER_TAGS = ("T2", "JF", "JO", "BT")  # the journal or proceedings, written out
# C3 is the proceedings' title only in a conference paper; elsewhere it is a custom field
# (Cochrane's "PUBMED 21314913", a PMCID, a book's title prefix).
PROCEEDINGS_TAGS = ("T2", "JF", "JO", "C3", "BT")
CONFERENCE_TYPES = {"CONF", "CPAPER"}
SHORT_TAGS = ("J2", "JA")  # its abbreviation: "IEEE Trans. Pattern Anal. Mach. Intell."
DATE_TAGS = ("DA", "PY", "Y1")
ABSTRACT_TAGS = ("AB", "N2")
# Where an arXiv id shows besides the DOI: notes, URLs, the container ("arXiv preprint arXiv:…").
ARXIV_TAGS = ("N1", "M1", "M3", "AN", "UR", "L1", "L2", "T2", "JO", "JF", "J2", "JA")
# "et al." or "others" as an author, or after the last one: the list was cut.
CUT_RE = re.compile(r"(?:^|,\s*|\s+)(?:et\.?\s*al\.?|others|\.\.\.|…)\s*$", re.IGNORECASE)
DAY_RANGE_RE = re.compile(r"\b\d{1,2}\s*[-–]\s*\d{1,2}\b")
URL_RE = re.compile(r"https?://[^\s;]+", re.IGNORECASE)
RAW_CHARS = 20_000


def sniff(head: str) -> int:
    """100 when the text opens with a TY line (after at most a few lines of an export's header)."""
    lines = (line for line in head.removeprefix("\ufeff").split("\n") if line.strip())
    for number, line in zip(range(SNIFF_LINES), lines, strict=False):
        match = TAG_RE.match(line)
        if match:
            # After a header, only a type's code ("JOUR") says that the TY line is one.
            typed = match.group(1) == "TY" and bool(match.group(2))
            return 100 if typed and (number == 0 or TYPE_CODE_RE.fullmatch(match.group(2))) else 0
    return 0


def parse(text: str, context: ParseContext) -> ParseResult:
    result = ParseResult(format=Format.RIS)
    venues = VenueLines(context.venue_aliases)
    for record in _records(text, result):
        if not record.typed:
            reason = "tags outside a record: no TY line starts them"
            result.errors.append(ParseError(record.line, reason, record.raw))
            continue
        try:
            result.papers.append(_paper(record, venues))
        except ParseError as error:
            result.errors.append(error)
        except Exception as error:  # one record's surprise must not sink the file
            reason = f"the record could not be read: {type(error).__name__}: {error}"
            result.errors.append(ParseError(record.line, reason, record.raw))
    if not result.papers and not result.errors:
        raise ParseError(0, 'no RIS record ("TY  - JOUR" ... "ER  -") was found')
    return result


@dataclass
class _Record:
    """One record's tags in file order, from the line it starts on."""

    line: int
    typed: bool  # it starts with TY
    # Each tag with the pieces of its value: its line's, then its continuation lines'.
    parts: list[tuple[str, list[str]]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def raw(self) -> str:
        return "\n".join(self.lines)[:RAW_CHARS]

    @cached_property
    def tags(self) -> list[tuple[str, str]]:
        """(tag, value) in file order; read once the record is whole."""
        return [(tag, " ".join(part for part in pieces if part)) for tag, pieces in self.parts]

    @cached_property
    def by_tag(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for tag, value in self.tags:
            if value:
                found.setdefault(tag, []).append(value)
        return found

    def values(self, *tags: str) -> list[str]:
        """The non-empty values of the tags, in the order of the tags named, then of the file."""
        return [value for tag in tags for value in self.by_tag.get(tag, ())]

    def first(self, *tags: str) -> str:
        return next(iter(self.values(*tags)), "")


def _records(text: str, result: ParseResult) -> Iterator[_Record]:
    """The records of the text; lines outside them that are no tag go to result.unread."""
    record: _Record | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r").removeprefix("\ufeff")
        match = TAG_RE.match(line)
        if match and match.group(1) == "TY":
            if record is not None:  # the last record ended without ER: it is still read
                yield record
            record = _Record(number, typed=True)
        elif match and record is None:
            record = _Record(number, typed=False)
        if record is None:
            if line.strip():
                result.unread.append((number, line))
            continue
        record.lines.append(line)
        _add(record, match, line)
        if match and match.group(1) == "ER":
            yield record
            record = None
    if record is not None:
        yield record


def _add(record: _Record, match: re.Match[str] | None, line: str) -> None:
    """A tag's value, or a continuation line joined to the value before it."""
    if match:
        record.parts.append((match.group(1), [squash(match.group(2) or "")]))
    elif line.strip() and record.parts:
        record.parts[-1][1].append(squash(line))


def _paper(record: _Record, venues: "VenueLines") -> PaperDraft:
    kind_tag = record.first("TY").upper()
    title = _title(record, kind_tag)
    if not title:
        raise ParseError(record.line, "the record has no title (TI or T1)", record.raw)
    venue_text, venue = _venue(record, kind_tag, venues)
    doi = _doi(record)
    arxiv_id = _arxiv_id(record, doi)
    paper = PaperDraft(
        line=record.line,
        title=title,
        venue_text=venue_text,
        venue_acronym=venue.acronym,
        presentation=venue.presentation,
        doi=doi,
        arxiv_id=arxiv_id,
        links=_links(record, doi, arxiv_id),
        abstract=strip_markup(record.first(*ABSTRACT_TAGS)),
        volume=record.first("VL"),
        number=record.first("IS"),
        pages=_page_range(record.first("SP"), record.first("EP")),
        publisher=strip_markup(record.first("PB")),
        raw=record.raw,
    )
    paper.year, paper.date = _issued(record, venue.year)
    paper.kind = _kind(kind_tag, venue_text, paper.arxiv_id)
    names = [value for tag, value in record.tags if tag in AUTHOR_TAGS and value]
    paper.authors, paper.authors_complete = _authors(names)
    return paper


def _title(record: _Record, kind_tag: str) -> str:
    tags = (*TITLE_TAGS, "BT") if kind_tag in BT_TITLE_TYPES else TITLE_TAGS
    return strip_markup(record.first(*tags))


@dataclass
class VenueLines:
    """Venue lines read once per spelling: a file names its few venues over and over (parsers.csl
    reads its items' with it too)."""

    aliases: Mapping[str, str]
    lines: dict[str, VenueLine] = field(default_factory=dict)

    def line(self, text: str) -> VenueLine:
        if text not in self.lines:
            self.lines[text] = parse_venue_line(text, self.aliases)
        return self.lines[text]


def _venue(record: _Record, kind_tag: str, venues: VenueLines) -> tuple[str, VenueLine]:
    """The container as written, and its venue line; the abbreviation (J2) names it when that does not."""
    if kind_tag in BOOK_TYPES:
        return "", VenueLine(text="")
    short = strip_markup(record.first(*SHORT_TAGS))
    tags = PROCEEDINGS_TAGS if kind_tag in CONFERENCE_TYPES else CONTAINER_TAGS
    text = strip_markup(record.first(*tags)) or short
    venue = venues.line(text)
    if not venue.acronym and short and short != text:
        return text, replace(venue, acronym=venues.line(short).acronym)
    return text, venue


def _authors(values: list[str]) -> tuple[list[AuthorDraft], bool]:
    """ "Family, Given" as "Given Family", a name without a comma as written; an "et al." (alone or
    after a name) says the list was cut, and so does a record without authors."""
    authors: list[AuthorDraft] = []
    complete = True
    for value in values:
        name = CUT_RE.sub("", value).strip(" ,;")
        complete = complete and name == value.strip(" ,;")
        if name:
            authors.append(AuthorDraft(reading_order(name) if "," in name else name))
    return authors, complete and bool(authors)


def _issued(record: _Record, venue_year: int | None) -> tuple[int | None, str]:
    """(year, date): PY's year; the date as precise as DA (or PY) gives it, when its year agrees."""
    found = YEAR_RE.search(record.first("PY", "Y1", "DA"))
    year = int(found.group(0)) if found else None
    dates = [_date(value, year) for value in record.values(*DATE_TAGS)]
    date = max(dates, key=len, default="")
    year = year or venue_year
    return year, date or (f"{year:04d}" if year else "")


def _date(value: str, year: int | None) -> str:
    """ "2023/06/18/", "2023/06//", "2023///Spring", "2023-06-18", "June" (with PY's year) -> ISO."""
    parts = [part.strip() for part in re.split(r"[/-]", value)]
    if not YEAR_RE.fullmatch(parts[0]):
        return _written_date(value, year)
    if year and int(parts[0]) != year:
        return ""  # another year's date (of the online version, say) is not this one's
    month, day = ([int(part) if part.isdigit() else 0 for part in parts[1:3]] + [0, 0])[:2]
    if not 1 <= month <= 12:
        return parts[0]
    try:
        return Date(int(parts[0]), month, day).isoformat()
    except ValueError:  # no day, or "2023/02/30": keep what is sure
        return f"{parts[0]}-{month:02d}"


def _written_date(value: str, year: int | None) -> str:
    """ "June 18, 2023", "18 June 2023"; "July" alone is a month of PY's year."""
    found = parse_date(value)
    if found and DAY_RANGE_RE.search(value):
        found = found[:7]  # "18-22 June 2023", the days of a conference: its month is the date
    if found and (not year or found.startswith(f"{year:04d}")):
        return found
    month = MONTHS.get(value.strip().lower()[:3])
    return f"{year:04d}-{month:02d}" if year and month and value.strip().isalpha() else ""


def _page_range(start: str, end: str) -> str:
    """SP and EP as "123-130"; an SP that holds the whole range already is kept."""
    if start and end and end != start and not re.search(r"[-\u2010-\u2015]", start):
        return _pages(f"{start}-{end}")
    return _pages(start or end)


def _kind(kind_tag: str, venue_text: str, arxiv_id: str) -> str:
    if KINDS.get(kind_tag) == "journal" and ARXIV_VENUE_RE.search(venue_text):
        return "preprint"  # "arXiv preprint arXiv:2301.01234" in JO: Google Scholar's way
    if kind_tag in PREPRINT_TYPES or kind_tag not in KINDS:
        return "preprint" if arxiv_id else "other"
    return KINDS[kind_tag]


def _doi(record: _Record) -> str:
    """DO (a DOI or its URL); else one that M3 or a doi.org URL holds (older exports put it there)."""
    for value in record.values("DO", "M3"):
        if normalize_doi(value):
            return normalize_doi(value)
    urls = [url for value in record.values("UR") for url in URL_RE.findall(value) if "doi.org/" in url]
    return normalize_doi(urls[0]) if urls else ""


def _arxiv_id(record: _Record, doi: str) -> str:
    if is_arxiv_doi(doi):  # DataCite's DOI of an arXiv paper names its id
        return arxiv_id_from_doi(doi)
    for value in record.values(*ARXIV_TAGS):
        found = normalize_arxiv_id(value) if "arxiv" in value.lower() else ""
        if found:
            return found
    return ""


def _links(record: _Record, doi: str, arxiv_id: str) -> list[LinkDraft]:
    """L1 is the PDF; UR and L2 by their address. The DOI's and the arXiv id's own pages are those
    ids (the paper shows them), not links."""
    found = [("pdf", url) for value in record.values("L1") for url in URL_RE.findall(value)]
    found += [(_url_kind(url), url) for value in record.values("UR", "L2") for url in URL_RE.findall(value)]
    links: list[LinkDraft] = []
    for kind, url in dict.fromkeys(found):
        url = url.rstrip(".,")
        if names_id(kind, unquote(url), doi, arxiv_id):
            continue
        if all(link.url != url for link in links):
            links.append(LinkDraft(kind, url))
    return links


def names_id(kind: str, url: str, doi: str, arxiv_id: str) -> bool:
    """Whether the address is the page of the paper's DOI or arXiv id (shared with parsers.csl)."""
    if kind == "doi":
        return bool(doi) and normalize_doi(url) == doi
    return kind == "arxiv" and bool(arxiv_id) and normalize_arxiv_id(url) == arxiv_id
