"""Crossref REST API responses (JSON: one work, or a list of works) to paper drafts."""

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.dates import YEAR_RE
from core.identifiers import (
    ARXIV_DOI_PREFIX,
    ORCID,
    arxiv_id_from_doi,
    is_arxiv_doi,
    normalize_arxiv_id,
    normalize_doi,
    normalize_orcid,
)
from core.text import latex_to_text, strip_markup
from ingest.formats import Format
from ingest.parsers.bibtex import ARXIV_VENUE_RE, PAGES_DASH_RE
from ingest.parsers.drafts import AuthorDraft, LinkDraft, PaperDraft, ParseContext, ParseError, ParseResult
from ingest.parsers.jsonvalues import as_list, as_obj, as_str, load_json_object, raw_json
from venues.names import VenueLine, parse_venue_line

SNIFF_RE = re.compile(r'"message-type"\s*:\s*"work(?:-list)?"')
KINDS = {
    "journal-article": "journal", "proceedings-article": "conference", "posted-content": "preprint",
    "book": "book", "book-chapter": "book", "book-part": "book", "book-section": "book",
    "book-track": "book", "edited-book": "book", "monograph": "book", "reference-book": "book",
    "dissertation": "thesis",
}  # fmt: skip
# What posted content is when it is not a preprint.
POSTED_KINDS = {"preprint": "preprint", "working-paper": "preprint", "dissertation": "thesis"}
# The dates of a work, the first one given wins: issued is the earliest of print and online;
# a dissertation may carry only the date its degree was approved.
DATE_FIELDS = ("issued", "published", "published-print", "published-online", "posted", "approved")
# Relations that name another version of the work: an arXiv DOI among them is its preprint.
VERSION_RELATIONS = ("has-preprint", "is-preprint-of", "has-version", "is-version-of")
# JATS and MathML come with namespace prefixes ("<jats:p>", "<mml:annotation>"): drop them.
NAMESPACE_RE = re.compile(r"<(/?)[A-Za-z][\w.-]*:(?=[A-Za-z])")
BLOCK_RE = re.compile(r"</?(?:p|sec|title|list|list-item)\b[^<>]*>", re.IGNORECASE)
# The heading JATS puts before the text of an abstract.
HEADING_RE = re.compile(r"^(?:abstract|summary|graphical abstract)\s*[.:]?$", re.IGNORECASE)
# MathML's own TeX: "<annotation encoding="application/x-tex">O(n^2)</annotation>" reads "O(n²)".
TEX_ANNOTATION_RE = re.compile(r'<annotation\b[^<>]*encoding="application/x-tex"[^<>]*>([^<]*)</annotation>')


def sniff(head: str) -> int:
    """100 when the text is a Crossref works response (its "message-type"), else 0."""
    return 100 if head.lstrip()[:1] == "{" and SNIFF_RE.search(head) else 0


def parse(text: str, context: ParseContext) -> ParseResult:
    items = _items(load_json_object(text, "a Crossref response"))
    reader = _Reader(context.venue_aliases)
    result = ParseResult(format=Format.CROSSREF)
    seen: dict[str, int] = {}
    for line, item in enumerate(items, start=1):
        raw = raw_json(item)
        try:
            paper = reader.paper(_record(item, line, raw), line, raw)
        except ParseError as error:
            result.errors.append(error)
            continue
        except Exception as error:  # one record's surprise must not sink the listing
            reason = f"the record could not be read: {type(error).__name__}: {error}"
            result.errors.append(ParseError(line, reason, raw))
            continue
        if paper.doi and paper.doi in seen:
            result.errors.append(
                ParseError(line, f"the DOI {paper.doi} repeats record {seen[paper.doi]}", raw)
            )
            continue
        seen.setdefault(paper.doi, line)
        result.papers.append(paper)
    return result


def _items(data: dict[str, Any]) -> list[Any]:
    """The works of a "work" or "work-list" response; anything else is not one."""
    kind, message = as_str(data.get("message-type")), data.get("message")
    if as_str(data.get("status")) not in ("ok", ""):
        raise ParseError(0, f"Crossref answered {as_str(data.get('status'))!r}: {raw_json(message)[:500]}")
    if kind == "work" and isinstance(message, dict):
        return [message]
    if kind == "work-list" and isinstance(message, dict):
        if not isinstance(message.get("items"), list):
            raise ParseError(0, "the Crossref response lists no works")
        items: list[Any] = message["items"]  # empty when nothing matched: nothing to read, and nothing wrong
        return items
    raise ParseError(0, f'not a Crossref works response: message-type {kind!r}, not "work" or "work-list"')


def _record(item: Any, line: int, raw: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ParseError(line, "the record is not a JSON object", raw)
    return item


@dataclass
class _Reader:
    aliases: Mapping[str, str]
    venues: dict[str, VenueLine] = field(default_factory=dict)

    def paper(self, item: dict[str, Any], line: int, raw: str) -> PaperDraft:
        title = _title(item)
        if not title:
            raise ParseError(line, "the work has no title", raw)
        doi = normalize_doi(as_str(item.get("DOI")))
        venue_text = _first(item.get("container-title"))
        if not venue_text and as_str(item.get("type")) == "proceedings-article":
            venue_text = _text(as_str(as_obj(item.get("event")).get("name")))
        venue = self.venue(venue_text)
        paper = PaperDraft(
            line=line,
            title=title,
            venue_text=venue_text,
            venue_acronym=venue.acronym or self.venue(_first(item.get("short-container-title"))).acronym,
            doi=doi,
            arxiv_id=_arxiv_id(doi, as_obj(item.get("relation"))),
            links=_links(item),
            abstract=jats_text(as_str(item.get("abstract"))),
            volume=_text(as_str(item.get("volume"))),
            number=_text(as_str(item.get("issue"))),
            pages=" ".join(PAGES_DASH_RE.sub("-", as_str(item.get("page"))).split()),
            publisher=_text(as_str(item.get("publisher"))),
            raw=raw,
        )
        paper.year, paper.date = _date(item)
        if not paper.year and venue.year:
            paper.year, paper.date = venue.year, str(venue.year)
        paper.kind = _kind(item, venue_text, doi)
        paper.authors, paper.authors_complete = _authors(as_list(item.get("author")))
        count = item.get("is-referenced-by-count")
        if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
            paper.citation_counts = {"crossref": count}
        return paper

    def venue(self, text: str) -> VenueLine:
        if text not in self.venues:
            self.venues[text] = parse_venue_line(text, self.aliases)
        return self.venues[text]


def _title(item: dict[str, Any]) -> str:
    """The first title (else the original-language one), with the first subtitle unless the
    title already holds it."""
    main = _first(item.get("title")) or _first(item.get("original-title"))
    return with_subtitle(main, _first(item.get("subtitle")))


def with_subtitle(main: str, subtitle: str) -> str:
    """A title and the subtitle given apart, joined by a colon unless the title holds it already."""
    if not main or not subtitle or subtitle.lower() in main.lower():
        return main
    return f"{main} {subtitle}" if main[-1] in ":?!.-–—" else f"{main}: {subtitle}"


def _authors(items: list[Any]) -> tuple[list[AuthorDraft], bool]:
    """Authors in order: "Given Family", or an organisation's name as written; complete when
    every one has a name (a work listing none is not)."""
    authors: list[AuthorDraft] = []
    complete = True
    for author in (as_obj(item) for item in items):
        given, family = _text(as_str(author.get("given"))), _text(as_str(author.get("family")))
        name = f"{given} {family}".strip() or _text(as_str(author.get("name")))
        if not name:
            complete = False
            continue
        orcid = normalize_orcid(as_str(author.get("ORCID")))
        places = [_text(as_str(as_obj(place).get("name"))) for place in as_list(author.get("affiliation"))]
        affiliation = "; ".join(place for place in places if place)
        authors.append(AuthorDraft(name, affiliation=affiliation, ids={ORCID: orcid} if orcid else {}))
    return authors, complete and bool(authors)


def _date(item: dict[str, Any]) -> tuple[int | None, str]:
    """(year, "YYYY" / "YYYY-MM" / "YYYY-MM-DD") from the first date with a year: [[2023, 6]];
    a paper of proceedings that Crossref dates not at all, from the day its event began."""
    dates = [item.get(name) for name in DATE_FIELDS]
    if as_str(item.get("type")) == "proceedings-article":
        dates.append(as_obj(item.get("event")).get("start"))
    for date in dates:
        date_parts = as_list(as_obj(date).get("date-parts"))
        parts = as_list(date_parts[0]) if date_parts else []
        year = as_str(parts[0]).strip() if parts else ""
        if not YEAR_RE.fullmatch(year):
            continue
        text = year
        for part, top in zip(parts[1:3], (12, 31), strict=False):
            part = as_str(part).strip()
            if not part.isdigit() or not 1 <= int(part) <= top:
                break
            text += f"-{int(part):02d}"
        return int(year), text
    return None, ""


def _kind(item: dict[str, Any], venue_text: str, doi: str) -> str:
    kind_name = as_str(item.get("type"))
    kind = KINDS.get(kind_name, "other")
    if kind_name == "posted-content" and as_str(item.get("subtype")):
        kind = POSTED_KINDS.get(as_str(item.get("subtype")), "other")
    if is_arxiv_doi(doi) or (kind == "journal" and ARXIV_VENUE_RE.search(venue_text)):
        return "preprint"
    return kind


def _arxiv_id(doi: str, relation: dict[str, Any]) -> str:
    """From arXiv's own DOI, else from a preprint (or version) relation to one."""
    if is_arxiv_doi(doi):
        return arxiv_id_from_doi(doi)
    for name in VERSION_RELATIONS:
        for related in (as_obj(item) for item in as_list(relation.get(name))):
            id_type, value = as_str(related.get("id-type")).lower(), as_str(related.get("id"))
            related_doi = normalize_doi(value) if id_type == "doi" else ""
            if is_arxiv_doi(related_doi):
                value = related_doi.removeprefix(ARXIV_DOI_PREFIX)
            elif id_type != "arxiv":
                continue
            found = normalize_arxiv_id(f"arXiv:{value}")
            if found:
                return found
    return ""


def _links(item: dict[str, Any]) -> list[LinkDraft]:
    """The DOI's address, and the full texts Crossref lists as PDFs."""
    url = as_str(item.get("URL")).strip()
    links = (
        [LinkDraft("doi" if "doi.org/" in url.lower() else "other", url)] if url.startswith("http") else []
    )
    for link in (as_obj(entry) for entry in as_list(item.get("link"))):
        address = as_str(link.get("URL")).strip()
        pdf = as_str(link.get("content-type")).lower() == "application/pdf" and address.startswith("http")
        if pdf and all(known.url != address for known in links):
            links.append(LinkDraft("pdf", address))
    return links


def jats_text(jats: str) -> str:
    """JATS to plain paragraphs: tags and MathML's annotations dropped, the "Abstract" heading too."""
    if not jats:
        return ""
    parts = (strip_markup(part) for part in BLOCK_RE.split(_math_as_tex(NAMESPACE_RE.sub(r"<\1", jats))))
    return "\n\n".join(part for part in parts if part and not HEADING_RE.match(part))


def _math_as_tex(markup: str) -> str:
    """Each MathML formula that carries its TeX as that TeX read as text; the others as they are."""
    pieces, start = [], 0
    while (begin := markup.find("<math", start)) >= 0 and (end := markup.find("</math>", begin)) >= 0:
        tex = TEX_ANNOTATION_RE.search(markup, begin, end)
        formula = html.escape(latex_to_text(f"${html.unescape(tex.group(1))}$")) if tex else markup[begin:end]
        pieces += [markup[start:begin], formula, "" if tex else "</math>"]
        start = end + len("</math>")
    return "".join(pieces) + markup[start:]


def _first(value: Any) -> str:
    """The first non-empty text of a Crossref list field (["..."]), as plain text."""
    texts = (_text(as_str(entry)) for entry in (value if isinstance(value, list) else [value]))
    return next((text for text in texts if text), "")


def _text(value: str) -> str:
    """Plain text on one line: tags (<i>, <sub>, MathML) dropped, entities decoded."""
    return strip_markup(_math_as_tex(NAMESPACE_RE.sub(r"<\1", value))) if value else ""
