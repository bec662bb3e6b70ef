"""The arXiv API's Atom feed (http://export.arxiv.org/api/query?...) to paper drafts."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from core.identifiers import normalize_arxiv_id, normalize_doi
from ingest.formats import Format
from ingest.parsers.drafts import AuthorDraft, LinkDraft, PaperDraft, ParseContext, ParseError, ParseResult
from ingest.parsers.xmldoc import XmlDocument, read_xml, root_name, text_of
from venues.names import VenueLine, parse_venue_line

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
# The feed names the API in its own id and namespaces; other Atom feeds (a blog's, ours) do not.
ARXIV_FEED_RE = re.compile(r"arxiv\.org/(?:api\b|schemas/atom)", re.IGNORECASE)
SNIFF_CHARS = 5000
# The API answers a bad query with a feed of one entry whose id is .../api/errors#...
ERROR_ID = "arxiv.org/api/errors"
DATE_RE = re.compile(r"^((?:1[6-9]|20)\d{2})-(\d{2})-(\d{2})")
# arXiv's own categories ("cs.CV", "hep-th", "physics.comp-ph"); the feed also lists ACM and MSC
# classes ("I.2.10", "68T45") as categories, which are not.
CATEGORY_RE = re.compile(r"^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?$")
# The kinds a catalogue venue gives the paper a journal_ref names.
PUBLISHED_KINDS = {"conference", "journal", "workshop", "book", "thesis"}
ARXIV_VENUE = "arXiv"


def sniff(head: str) -> int:
    """An Atom feed from the arXiv API: 100; any other text (another Atom feed too) 0."""
    if root_name(head) != "feed":
        return 0
    return 100 if ARXIV_FEED_RE.search(head[:SNIFF_CHARS]) else 0


def parse(text: str, context: ParseContext) -> ParseResult:
    """Each <entry> a preprint; an empty feed (nothing found, nothing new) is no error."""
    document = read_xml(text)
    if document.root.tag != f"{ATOM}feed":
        raise ParseError(0, f"not an arXiv API feed: the root element is <{_local(document.root.tag)}>")
    entries = document.root.findall(f"{ATOM}entry")
    for entry in entries:
        if ERROR_ID in text_of(entry.find(f"{ATOM}id")):
            summary = text_of(entry.find(f"{ATOM}summary")) or text_of(entry.find(f"{ATOM}title"))
            raise ParseError(0, f"the arXiv API refused the query: {summary or 'no reason given'}")
    result = ParseResult(format=Format.ARXIV)
    reader = _Reader(document, context.venue_aliases)
    for entry in entries:
        reader.read(entry, result)
    return result


@dataclass
class _Reader:
    document: XmlDocument
    aliases: Mapping[str, str]
    ids: dict[str, int] = field(default_factory=dict)
    venues: dict[str, VenueLine] = field(default_factory=dict)

    def read(self, entry: Element, result: ParseResult) -> None:
        line, raw = self.document.line(entry), self.document.raw(entry)
        try:
            paper = self.paper(entry, line, raw)
        except ParseError as error:
            result.errors.append(error)
            return
        except Exception as error:  # one entry's surprise must not sink the feed
            result.errors.append(
                ParseError(line, f"the entry could not be read: {type(error).__name__}: {error}", raw)
            )
            return
        if paper.arxiv_id in self.ids:
            reason = f"arXiv {paper.arxiv_id} appears twice (first at line {self.ids[paper.arxiv_id]})"
            result.errors.append(ParseError(line, reason, raw))
            return
        self.ids[paper.arxiv_id] = line
        result.papers.append(paper)

    def paper(self, entry: Element, line: int, raw: str) -> PaperDraft:
        written_id = text_of(entry.find(f"{ATOM}id"))
        arxiv_id = normalize_arxiv_id(written_id)
        if not arxiv_id:
            raise ParseError(line, f"the entry has no arXiv id (its id is {written_id[:100]!r})", raw)
        title = text_of(entry.find(f"{ATOM}title"))
        if not title:
            raise ParseError(line, f"the entry arXiv {arxiv_id} has no title", raw)
        day = _day(text_of(entry.find(f"{ATOM}published")) or text_of(entry.find(f"{ATOM}updated")))
        authors = [_author(element) for element in entry.findall(f"{ATOM}author")]
        authors = [author for author in authors if author.name]
        paper = PaperDraft(
            line=line,
            title=title,
            authors=authors,
            authors_complete=bool(authors),
            year=int(day[:4]) if day else None,
            date=day,
            kind="preprint",
            doi=normalize_doi(text_of(entry.find(f"{ARXIV}doi"))),
            arxiv_id=arxiv_id,
            links=_links(entry, arxiv_id),
            categories=_categories(entry),
            abstract=text_of(entry.find(f"{ATOM}summary")),
            raw=raw,
        )
        self.place(paper, text_of(entry.find(f"{ARXIV}journal_ref")))
        return paper

    def place(self, paper: PaperDraft, journal_ref: str) -> None:
        """Where the paper was published, when its journal_ref names a known venue; else arXiv."""
        arxiv = self.venue(ARXIV_VENUE).acronym  # the catalogue's name for arXiv itself
        venue = self.venue(journal_ref) if journal_ref else None
        if venue is None or not venue.acronym or venue.acronym == arxiv or venue.kind == "preprint":
            paper.venue_text = journal_ref or ARXIV_VENUE
            paper.venue_acronym = venue.acronym if venue else arxiv
            return
        paper.venue_text, paper.venue_acronym = journal_ref, venue.acronym
        paper.presentation = venue.presentation
        # The catalogue's kind of the venue; where the catalogue gives none, the pipeline takes
        # the stored venue's (ingest.merge.kind_for).
        paper.kind = venue.kind if venue.kind in PUBLISHED_KINDS else ""
        if venue.year and venue.year != paper.year:  # the venue's year, not the preprint's
            paper.year, paper.date = venue.year, str(venue.year)

    def venue(self, text: str) -> VenueLine:
        if text not in self.venues:
            self.venues[text] = parse_venue_line(text, self.aliases)
        return self.venues[text]


def _author(element: Element) -> AuthorDraft:
    affiliations = [text_of(found) for found in element.findall(f"{ARXIV}affiliation")]
    return AuthorDraft(
        text_of(element.find(f"{ATOM}name")), affiliation="; ".join(filter(None, affiliations))
    )


def _links(entry: Element, arxiv_id: str) -> list[LinkDraft]:
    """The abstract page and the PDF, without a version (the newest), and the DOI's page."""
    links = [
        LinkDraft("arxiv", f"https://arxiv.org/abs/{arxiv_id}"),
        LinkDraft("pdf", f"https://arxiv.org/pdf/{arxiv_id}"),
    ]
    for element in entry.findall(f"{ATOM}link"):
        href = "".join(element.get("href", "").split())
        if element.get("title") == "doi" and href.startswith(("http://", "https://")):
            links.append(LinkDraft("doi", href))
    return links


def _categories(entry: Element) -> list[str]:
    primary = entry.find(f"{ARXIV}primary_category")
    terms = [primary.get("term", "")] if primary is not None else []
    terms += [element.get("term", "") for element in entry.findall(f"{ATOM}category")]
    return list(dict.fromkeys(term.strip() for term in terms if CATEGORY_RE.match(term.strip())))


def _day(text: str) -> str:
    """ "2023-01-03T18:00:01Z" -> "2023-01-03"; "" when it is no date."""
    found = DATE_RE.match(text)
    if not found or not ("01" <= found.group(2) <= "12" and "01" <= found.group(3) <= "31"):
        return ""
    return found.group(0)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
