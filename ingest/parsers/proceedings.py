"""Proceedings lists in markdown: "## [n] Title", then **Authors**, **Conference**, **URL**,
**Abstract** fields, entries separated by "----" lines."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from core.identifiers import normalize_doi
from core.names import clean_name, name_marks, split_authors
from core.text import squash, strip_markup
from ingest.formats import Format
from ingest.parsers.drafts import AuthorDraft, LinkDraft, PaperDraft, ParseContext, ParseError, ParseResult
from venues.names import VenueLine, parse_venue_line

# No lazy quantifier before an optional tail: a long run of spaces must not make it quadratic.
HEADING_RE = re.compile(r"^\s*#{1,6}(?:\s+|(?=\[))(?:\[(?P<number>\d+)\])?(?P<title>.*)$")
FIELD_RE = re.compile(
    r"^\s*(?P<bold>\*\*|__)?(?P<name>authors?|conference|venue|url|doi|abstract)(?P=bold)?\s*:"
    r"(?:\s*(?:\*\*|__)(?!\S))?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
SEPARATOR_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
# Neither part crosses a "[": a line of "[[[[" or "[a]([a](" stays linear.
MD_LINK_RE = re.compile(r"\[([^\[\]\n]*)\]\(\s*([^()\[\]\s]*)\s*\)")
BARE_URL_RE = re.compile(r"https?://\S+")
# The scraper put tags of the abstracts on lines of their own: those breaks are not spaces.
TAG_BREAK_RE = re.compile(r"\n(?=<)|(?<=>)\n")
FIELD_NAMES = {"author": "authors", "venue": "conference"}
# A "<" that opens no tag before the next "<": escaped, so that the markup stripper (its tag
# search and HTMLParser both go quadratic on "<a <a <a ...") only ever meets whole tags.
LONE_LT_RE = re.compile(r"<(?!/?[a-zA-Z][^<>]*>)")


@dataclass
class _Entry:
    """The lines of one listing entry, sorted by field, before any cleaning."""

    line: int
    title: str | None = None
    number: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    abstract: list[str] = field(default_factory=list)
    indent: str = ""
    raw: list[str] = field(default_factory=list)


def parse(text: str, context: ParseContext) -> ParseResult:
    result = ParseResult(format=Format.PROCEEDINGS)
    venues: dict[str, VenueLine] = {}
    for entry in _entries(text.split("\n")):
        if not entry.fields and not entry.number:
            continue  # text between entries, or a page heading ("# CVPR 2023 papers")
        try:
            result.papers.append(_paper(entry, context, venues))
        except ParseError as error:
            result.errors.append(error)
        except Exception as error:  # one entry's surprise must not sink the rest of the list
            reason = f"the entry could not be read: {type(error).__name__}: {error}"
            result.errors.append(ParseError(entry.line, reason, "\n".join(entry.raw).strip()))
    if not result.papers and not result.errors:
        raise ParseError(0, "no proceedings entry (## [n] Title, **Authors**: ..., **URL**: ...) was found")
    return result


def _entries(lines: list[str]) -> Iterator[_Entry]:
    """One pass over the lines; an entry ends at a separator or at the next heading."""
    entry: _Entry | None = None
    current = ""  # the field that a line without a label continues
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r")  # trailing spaces stay: one can be the only space before a tag
        heading = HEADING_RE.match(line)
        label = FIELD_RE.match(line) if not heading else None
        if label and current == "abstract" and not label.group("bold"):
            label = None  # "Code: ..." inside an abstract is text, not a field
        separator = not heading and not label and SEPARATOR_RE.match(line)
        if heading or separator or (label and entry and _repeats(entry, label)):
            if entry:
                yield entry
            entry, current = None, ""
        if separator:
            continue
        if entry is None and (heading or label):
            entry = _Entry(line=number)
        if entry is None:
            continue
        entry.raw.append(line)
        current = _read_line(entry, line, heading, label, current)
    if entry:
        yield entry


def _repeats(entry: _Entry, label: re.Match[str]) -> bool:
    """A field met again after the abstract starts a new entry whose heading is missing."""
    return _field_name(label) in entry.fields and "abstract" in entry.fields


def _field_name(label: re.Match[str]) -> str:
    name = label.group("name").lower()
    return FIELD_NAMES.get(name, name)


def _read_line(
    entry: _Entry, line: str, heading: re.Match | None, label: re.Match | None, current: str
) -> str:
    """Files one line into the entry; returns the field that the next line continues."""
    if heading:
        entry.number, entry.title = heading.group("number") or "", heading.group("title").strip()
        return ""
    if label:
        name = _field_name(label)
        if name == "abstract":
            entry.indent = line[: len(line) - len(line.lstrip())]
            entry.abstract.append(label.group("value"))
        entry.fields.setdefault(name, label.group("value"))
        return name
    if current == "abstract" or (line.strip() and not current):
        entry.abstract.append(line.removeprefix(entry.indent))
        return "abstract"
    if line.strip():
        entry.fields[current] = f"{entry.fields[current]} {line.strip()}"
        return current
    return ""


def _paper(entry: _Entry, context: ParseContext, venues: dict[str, VenueLine]) -> PaperDraft:
    raw = "\n".join(entry.raw).strip()
    title = _text(entry.title or "")
    if not title:
        number = f" [{entry.number}]" if entry.number else ""
        raise ParseError(entry.line, f"the entry{number} has no title", raw)
    venue_text = _unemphasize(entry.fields.get("conference", ""))
    if venue_text not in venues:
        venues[venue_text] = parse_venue_line(venue_text, context.venue_aliases)
    venue = venues[venue_text]
    paper = PaperDraft(
        line=entry.line,
        title=title,
        venue_text=venue_text,
        venue_acronym=venue.acronym,
        year=venue.year,
        date=str(venue.year or ""),
        kind="conference",
        presentation=venue.presentation,
        abstract=_abstract(entry.abstract),
        raw=raw,
    )
    _add_authors(paper, entry.fields.get("authors", ""))
    _add_url(paper, _url(entry.fields.get("url", "") or entry.fields.get("doi", "")))
    return paper


def _unemphasize(value: str) -> str:
    """ "*cvpr 2023*" -> "cvpr 2023": the listing puts field values in italics."""
    return squash(value).strip("*_ ")


def _add_authors(paper: PaperDraft, text: str) -> None:
    names, complete = split_authors(_text(_unemphasize(text)))
    paper.authors_complete = complete
    for name in names:
        equal, corresponding = name_marks(name)
        cleaned = clean_name(name)
        if cleaned:
            paper.authors.append(AuthorDraft(cleaned, equal_contribution=equal, corresponding=corresponding))


def _url(value: str) -> str:
    """The target of "[label](target)", else the first bare URL, else the value itself."""
    link = MD_LINK_RE.search(value)
    if link:
        return link.group(2) or link.group(1).strip()
    bare = BARE_URL_RE.search(value)
    return bare.group(0) if bare else _unemphasize(value)


def _add_url(paper: PaperDraft, url: str) -> None:
    if not url:
        return
    paper.doi = normalize_doi(url)
    if paper.doi and not url.startswith(("http://", "https://")):
        url = f"https://doi.org/{paper.doi}"
    kind = "doi" if paper.doi else "pdf" if url.lower().endswith(".pdf") else "other"
    paper.links.append(LinkDraft(kind, url))


def _abstract(lines: list[str]) -> str:
    """Paragraphs (blank-line separated) as clean text, joined by blank lines."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(_text(TAG_BREAK_RE.sub("", "\n".join(current))))
            current = []
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _text(markup: str) -> str:
    """The text of a string with stray HTML or MathML, on one line."""
    return strip_markup(LONE_LT_RE.sub("&lt;", markup)) if "<" in markup else strip_markup(markup)
