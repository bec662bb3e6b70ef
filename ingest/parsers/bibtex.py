"""BibTeX files (a lab's publication list) to paper drafts, split by bibtexparser v2."""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import bibtexparser
from bibtexparser import model
from bibtexparser.model import Block, Entry

from core.dates import MONTHS, YEAR_RE
from core.identifiers import (
    DBLP,
    DBLP_NAME,
    arxiv_id_from_doi,
    dblp_homonym,
    is_arxiv_doi,
    normalize_arxiv_id,
    normalize_doi,
)
from core.names import (
    clean_name,
    is_native_script,
    name_marks,
    person_fit,
    romaji_key,
    split_bibtex_authors,
)
from core.text import latex_to_text, squash
from ingest.formats import Format
from ingest.parsers.drafts import (
    AuthorDraft,
    LinkDraft,
    PaperDraft,
    ParseContext,
    ParseError,
    ParseResult,
    PersonDraft,
)
from venues.names import VenueLine, parse_venue_line

KINDS = {
    "inproceedings": "conference", "conference": "conference", "article": "journal",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "book": "book", "incollection": "book", "inbook": "book",
}  # fmt: skip
PREPRINT_TYPES = {"misc", "unpublished", "online", "preprint"}
# DBLP's BibTeX keys its entries by its own record keys: "DBLP:conf/cvpr/WangL23".
DBLP_KEY_PREFIX = "DBLP:"
ARXIV_VENUE_RE = re.compile(r"\b(?:arxiv|corr)\b", re.IGNORECASE)
PAGES_DASH_RE = re.compile(r"\s*[-\u2010-\u2015]+\s*")
# LaTeX reads a bare % as the start of a comment and would drop the rest of the line.
BARE_PERCENT_RE = re.compile(r"(?<!\\)%")
# Text outside any entry that looks like fields: what an extra "}" leaves behind.
STRAY_FIELDS_RE = re.compile(r"^[\s},]*\w+\s*=\s*[{\"\d]", re.MULTILINE)
# "github.com/lab/repo": an address without its scheme; "paper.pdf" alone is a file of the site.
BARE_HOST_RE = re.compile(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/", re.IGNORECASE)
ENTRY_START_RE = re.compile(r"^[ \t]*@", re.MULTILINE)
TRUE_WORDS = {"true", "yes", "1"}
# Fields that give the reading of the author list written in another script: JBibTeX's "yomi"
# and the like ("author_yomi", "author-romaji", "author_en").
READING_FIELDS = (
    "yomi", "author_yomi", "author-yomi", "authoryomi", "yomi_author", "author_reading",
    "author_romaji", "author-romaji", "author_en", "author-en", "author_english",
)  # fmt: skip
# Site-specific link fields (al-folio and the like) and the link kind each one gives.
LINK_FIELDS = {
    "pdf": "pdf", "code": "code", "slides": "slides", "poster": "poster",
    "video": "video", "supp": "supplement", "website": "project",
}  # fmt: skip


def parse(text: str, context: ParseContext) -> ParseResult:
    reader = _Reader(context.venue_aliases, owner_name=context.owner_name)
    result = ParseResult(format=Format.BIBTEX)
    for line, block in _blocks(text):
        reader.read(block, line, result)
    if not result.papers and not result.errors:
        raise ParseError(0, "no BibTeX entry (@type{key, field = {...}}) was found")
    result.people = reader.owner_spellings()
    return result


def _blocks(text: str) -> Iterator[tuple[int, Block]]:
    """The blocks of the file with their 1-based lines; an unbalanced brace ends at the next "@"."""
    try:
        # No middleware: _Reader removes the enclosing of the fields it reads, and only of those.
        library = bibtexparser.parse_string(text, parse_stack=[])
    except Exception:  # a splitter failure must not sink the file: read it entry by entry
        yield from _blocks_one_by_one(text)
        return
    for block in library.blocks:
        yield (block.start_line or 0) + 1, block


def _blocks_one_by_one(text: str) -> Iterator[tuple[int, Block]]:
    starts = sorted({0, *(match.start() for match in ENTRY_START_RE.finditer(text))})
    line = 1
    for begin, end in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[begin:end]
        try:
            blocks = bibtexparser.parse_string(chunk, parse_stack=[]).blocks
        except Exception as error:
            blocks = [model.ParsingFailedBlock(error=error, start_line=0, raw=chunk.strip())]
        for block in blocks:
            yield line + (block.start_line or 0), block
        line += chunk.count("\n")


@dataclass
class _Reader:
    """Reads blocks in file order; remembers @string macros, keys seen, and repeated names and venues."""

    aliases: Mapping[str, str]
    strings: dict[str, str] = field(default_factory=dict)
    keys: dict[str, int] = field(default_factory=dict)
    names: dict[str, tuple[str, bool, bool, dict[str, str]]] = field(default_factory=dict)
    venues: dict[str, VenueLine] = field(default_factory=dict)
    last: PaperDraft | None = None  # the paper of the block just read, if it gave one
    owner_name: str = ""
    # Names in another script ("山下 恵太"): the line of their first entry, and the reading
    # (yomi) of the one that is the owner's.
    native_lines: dict[str, int] = field(default_factory=dict)
    owner_native: dict[str, str] = field(default_factory=dict)

    def read(self, block: Block | None, line: int, result: ParseResult) -> None:
        if isinstance(block, (model.DuplicateBlockKeyBlock, model.DuplicateFieldKeyBlock)):
            # Judged here: a repeated key is checked below, a repeated field keeps its first value.
            block = block.ignore_error_block
        last, self.last = self.last, None
        if isinstance(block, Entry):
            self.read_entry(block, line, result)
        elif isinstance(block, model.String):
            self.strings[block.key.lower()] = self.value(block.value)
        elif isinstance(block, model.ParsingFailedBlock):
            reason = getattr(block.error, "abort_reason", "") or str(block.error)
            result.errors.append(ParseError(line, f"unreadable BibTeX: {squash(reason)}", block.raw or ""))
        elif isinstance(block, model.ImplicitComment) and STRAY_FIELDS_RE.search(block.comment):
            self.reject_cut_entry(last, block, line, result)

    def reject_cut_entry(
        self, last: PaperDraft | None, stray: model.ImplicitComment, line: int, result: ParseResult
    ) -> None:
        """Fields after an entry's end: an extra "}" cut the entry short, so the entry is not whole."""
        if last is None or not result.papers or result.papers[-1] is not last:
            result.errors.append(ParseError(line, "fields outside any entry", stray.raw or ""))
            return
        result.papers.pop()
        self.keys.pop(last.citation_key, None)
        reason = "an extra closing brace ends the entry early; the fields after it are outside"
        result.errors.append(ParseError(last.line, reason, f"{last.raw}{stray.raw or ''}"))

    def read_entry(self, entry: Entry, line: int, result: ParseResult) -> None:
        # BibTeX itself keeps the first of two entries with one key and rejects the second.
        if entry.key and entry.key in self.keys:
            reason = f"duplicate citation key {entry.key!r} (first at line {self.keys[entry.key]})"
            result.errors.append(ParseError(line, reason, entry.raw or ""))
            return
        try:
            self.last = self.paper(entry, line)
        except ParseError as error:
            result.errors.append(error)
            return
        except Exception as error:  # one entry's surprise must not sink a 100,000-entry file
            reason = f"the entry could not be read: {type(error).__name__}: {error}"
            result.errors.append(ParseError(line, reason, entry.raw or ""))
            return
        result.papers.append(self.last)
        if entry.key:
            self.keys[entry.key] = line

    def value(self, raw: str) -> str:
        """A field's text without its enclosing: {..}, "..", a @string macro, "a # b" joined."""
        if "#" not in raw:
            return self.unenclosed(raw.strip())
        return "".join(self.unenclosed(part.strip()) for part in _concatenated(raw))

    def unenclosed(self, part: str) -> str:
        if (part[:1] == "{" and part[-1:] == "}") or (part[:1] == '"' and part[-1:] == '"'):
            return part[1:-1]
        return self.strings.get(part.lower(), part)

    def fields(self, entry: Entry) -> dict[str, str]:
        fields: dict[str, str] = {}
        for item in entry.fields:
            key = item.key.lower()
            if key not in fields:
                fields[key] = self.value(item.value)
        return fields

    def paper(self, entry: Entry, line: int) -> PaperDraft:
        fields = self.fields(entry)
        title = _latex(fields.get("title", ""))
        if not title:
            raise ParseError(line, f"the entry {entry.key!r} has no title", entry.raw or "")
        venue_text = _latex(fields.get("booktitle") or fields.get("journal") or "")
        venue = self.venue(venue_text)
        doi = _doi(fields)
        paper = PaperDraft(
            line=line,
            title=title,
            venue_text=venue_text,
            venue_acronym=venue.acronym or self.venue(fields.get("abbr", "")).acronym,
            year=_year(fields.get("year", "")) or venue.year,
            presentation=venue.presentation,
            doi=doi,
            arxiv_id=_arxiv_id(fields, doi),
            links=_links(fields),
            categories=_one_line(fields.get("primaryclass", "")).split(),
            abstract=_latex(fields.get("abstract", "")),
            citation_key=entry.key,
            volume=_one_line(fields.get("volume", "")),
            number=_one_line(fields.get("number", "")),
            pages=_pages(fields.get("pages", "")),
            publisher=_latex(fields.get("publisher", "")),
            selected=fields.get("selected", "").strip().lower() in TRUE_WORDS,
            ids=_dblp_key(entry.key),
            raw=entry.raw or "",
        )
        paper.kind = _kind(entry.entry_type.lower(), venue_text, paper.arxiv_id or fields.get("eprint", ""))
        paper.date = _date(paper.year, fields.get("month", ""))
        self.add_authors(paper, fields.get("author", ""))
        self.read_readings(paper, fields)
        return paper

    def venue(self, text: str) -> VenueLine:
        if text not in self.venues:
            self.venues[text] = parse_venue_line(text, self.aliases)
        return self.venues[text]

    def add_authors(self, paper: PaperDraft, text: str) -> None:
        names, paper.authors_complete = split_bibtex_authors(text)
        for name in names:
            if name not in self.names:
                # DBLP tells homonyms apart by a number: "Wei Wang 0001" is Wei Wang, to DBLP that one.
                base, number = dblp_homonym(name)
                cleaned = clean_name(base)
                ids = {DBLP_NAME: f"{cleaned} {number}"} if number and cleaned else {}
                self.names[name] = (cleaned, *name_marks(name), ids)
            cleaned, equal, corresponding, ids = self.names[name]
            if cleaned:
                paper.authors.append(AuthorDraft(cleaned, equal, corresponding, ids=dict(ids)))

    def read_readings(self, paper: PaperDraft, fields: dict[str, str]) -> None:
        """Note the author written in another script whose reading (a yomi field) is the owner's."""
        native = [author.name for author in paper.authors if is_native_script(author.name)]
        for name in native:
            self.native_lines.setdefault(name, paper.line)
        reading = next((fields[name] for name in READING_FIELDS if fields.get(name)), "")
        if not (native and reading and self.owner_name):
            return
        readings = [clean_name(name) for name in split_bibtex_authors(reading)[0]]
        if len(readings) != len(paper.authors) and len(readings) != 1:
            return  # not a reading of this list; one alone is the first author's (JBibTeX sorts by it)
        owner = romaji_key(self.owner_name)
        fits = {
            author.name: person_fit(romaji_key(read), [owner])
            for author, read in zip(paper.authors, readings, strict=False)
            if author.name in native
        }
        best = max(fits.values(), default=0)
        chosen = [name for name, fit in fits.items() if fit == best]
        if best and len(chosen) == 1:
            self.owner_native.setdefault(chosen[0], reading)

    def owner_spellings(self) -> list[PersonDraft]:
        """The owner's native spellings, each a record about the owner before its first paper."""
        return [
            PersonDraft(line=self.native_lines[name], name=name, raw=f"author = {{{name}}}, read {reading}")
            for name, reading in self.owner_native.items()
        ]


def _concatenated(raw: str) -> list[str]:
    """The parts of "{a} # macro # "b"", split at the # signs outside braces and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(raw[start:index])
            start = index + 1
    return [*parts, raw[start:]]


def _latex(text: str) -> str:
    """LaTeX to Unicode on one line; the converter runs only where a backslash or $ calls for it."""
    if "%" in text and ("\\" in text or "$" in text):
        text = BARE_PERCENT_RE.sub(r"\\%", text)
    return _one_line(latex_to_text(text))


def _one_line(text: str) -> str:
    """What squash() gives, cheaper where it counts: on every field of a 100,000-entry file."""
    return " ".join(text.split())


def _pages(text: str) -> str:
    """ "659--669" -> "659-669"."""
    return text.strip() if text.isdigit() else _one_line(PAGES_DASH_RE.sub("-", text))


def _year(text: str) -> int | None:
    found = YEAR_RE.search(text)
    return int(found.group(0)) if found else None


def _date(year: int | None, month_text: str) -> str:
    """ "YYYY", or "YYYY-MM" when a month field ("jun", "June", "6") is readable."""
    if not year:
        return ""
    month_text = month_text.strip().lower()
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text[:3])
    return f"{year:04d}-{month:02d}" if month and 1 <= month <= 12 else f"{year:04d}"


def _kind(entry_type: str, venue_text: str, eprint: str) -> str:
    if entry_type == "article" and ARXIV_VENUE_RE.search(venue_text):
        return "preprint"
    if entry_type in PREPRINT_TYPES:
        return "preprint" if eprint else "other"
    return KINDS.get(entry_type, "other")


def _dblp_key(key: str) -> dict[str, str]:
    record = key.removeprefix(DBLP_KEY_PREFIX).strip() if key.startswith(DBLP_KEY_PREFIX) else ""
    return {DBLP: record} if record else {}


def _doi(fields: dict[str, str]) -> str:
    # DBLP escapes a DOI's underscores for LaTeX: "10.1007/978-3-642-60831-5\_34".
    doi, url = (fields.get(name, "").replace("\\_", "_") for name in ("doi", "url"))
    return normalize_doi(doi) or (normalize_doi(url) if "doi.org/" in url else "")


def _arxiv_id(fields: dict[str, str], doi: str) -> str:
    """From eprint (when arXiv's), arXiv's own DOI, an arxiv field, then any field naming arXiv."""
    prefix = (fields.get("archiveprefix", "") or fields.get("eprinttype", "")).strip().lower()
    if fields.get("eprint") and prefix in ("", "arxiv"):
        found = normalize_arxiv_id(fields["eprint"])
        if found:
            return found
    if is_arxiv_doi(doi):  # DataCite's DOI of an arXiv paper names its id
        return arxiv_id_from_doi(doi)
    volume = fields.get("volume", "").strip()
    if volume.startswith("abs/") and ARXIV_VENUE_RE.search(fields.get("journal", "")):  # DBLP's CoRR
        found = normalize_arxiv_id(f"arXiv:{volume.removeprefix('abs/')}")
        if found:
            return found
    for name in ("arxiv", "url", "html", "pdf", "journal", "note", "howpublished"):
        value = fields.get(name, "")
        if value and (name == "arxiv" or "arxiv" in value.lower()):
            found = normalize_arxiv_id(value if name != "arxiv" else f"arXiv:{value}")
            if found:
                return found
    return ""


def _links(fields: dict[str, str]) -> list[LinkDraft]:
    """url by its address, html as a project page (or arXiv's), and the site-specific link fields."""
    url, html = fields.get("url", ""), fields.get("html", "")
    found = [(_url_kind(url), url)] if url else []
    if html:
        found.append((_url_kind(html) if "arxiv.org" in html else "project", html))
    found += [(LINK_FIELDS[name], value) for name, value in fields.items() if name in LINK_FIELDS and value]
    links: list[LinkDraft] = []
    seen: set[tuple[str, str]] = set()
    for kind, value in found:
        url = "".join(value.split()).replace("\\_", "_")
        if (kind, url) in seen or not url:
            continue
        seen.add((kind, url))
        if BARE_HOST_RE.match(url):
            url = f"https://{url}"
        web = url.startswith(("http://", "https://"))
        links.append(LinkDraft(kind, url if web else "", "" if web else url))
    return links


def _url_kind(url: str) -> str:
    """A url field's kind: a .pdf is the paper, else its host tells (arXiv, code hosts, DOI)."""
    url = "".join(url.split())
    try:
        parts = urlsplit(url if "://" in url else f"//{url}")
    except ValueError:  # "http://[broken" and the like
        return "other"
    host, path = parts.netloc.lower().removeprefix("www."), parts.path.lower()
    if path.endswith(".pdf") or (host == "arxiv.org" and path.startswith("/pdf/")):
        return "pdf"
    if host == "arxiv.org":
        return "arxiv"
    if host in ("github.com", "gitlab.com", "bitbucket.org"):
        return "code"
    return "doi" if host in ("doi.org", "dx.doi.org") else "other"
