"""DBLP's XML to drafts: a person's page (https://dblp.org/pid/{pid}.xml) or a record's own XML
(https://dblp.org/rec/{key}.xml, <dblp><article ...>...</article></dblp>)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from core.dates import MONTHS, YEAR_RE
from core.identifiers import (
    DBLP,
    DBLP_NAME,
    ORCID,
    arxiv_id_from_doi,
    dblp_homonym,
    is_arxiv_doi,
    normalize_arxiv_id,
    normalize_doi,
    normalize_orcid,
)
from core.keys import fold
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
from ingest.parsers.xmldoc import XmlDocument, read_xml, root_name, text_of
from venues.names import VenueLine, parse_venue_line

# DBLP's record types and the kind of paper each one is. An edited volume (proceedings) lists
# its editors, not authors: it is not the editors' paper, so "other".
KINDS = {
    "article": "journal", "inproceedings": "conference", "incollection": "book", "book": "book",
    "phdthesis": "thesis", "mastersthesis": "thesis", "proceedings": "other", "data": "other",
}  # fmt: skip
# Homepage records: who a person is (names, affiliations, links), not what they wrote.
NOT_PAPERS = {"www", "person"}
# The dump's own placeholders ("(error)", "(was never published)"), which other records point to.
NOTE_KEY = "dblpnote/"
# Resolvers that take a DOI as their path: older records link ACM's and IEEE CS's, not doi.org.
DOI_HOSTS = {"doi.org", "dx.doi.org", "doi.acm.org", "doi.ieeecomputersociety.org"}
# DBLP files arXiv preprints as articles of the journal "CoRR", keyed journals/corr/abs-2301-01234.
CORR_KEY = "journals/corr/"
DISAMBIGUATION = "disambiguation"
DISAMBIGUATION_WARNING = (
    "this DBLP page is a disambiguation profile: its publications are by several people of that name"
)


def sniff(head: str) -> int:
    """A DBLP person page (<dblpperson>) or DBLP records (<dblp>): 100; anything else 0."""
    return 100 if root_name(head) in ("dblpperson", "dblp") else 0


def parse(text: str, context: ParseContext) -> ParseResult:
    document = read_xml(text)
    root = document.root
    result = ParseResult(format=Format.DBLP)
    if root.tag == "dblpperson":
        _read_person_page(document, context, result)
        return result
    if root.tag != "dblp":
        raise ParseError(0, f"not DBLP XML: the root element is <{root.tag}>, not <dblpperson> or <dblp>")
    reader = _Reader(document, context.venue_aliases, owner_listed=False)
    for record in root:
        reader.read(record, result)
    if not result.papers and not result.errors:
        raise ParseError(0, "the DBLP XML holds no publication record (<article>, <inproceedings>, ...)")
    return result


def _read_person_page(document: XmlDocument, context: ParseContext, result: ParseResult) -> None:
    """The person the page is about, then their records (each in an <r>).

    The page's <homonyms> are other people with the same name: DBLP lists them only to tell
    people apart, so they are neither the subject nor drafts, and are not read.
    """
    root = document.root
    person = root.find("person")
    disambiguation = DISAMBIGUATION in (root.get("publtype", ""), _attribute(person, "publtype"))
    if disambiguation:  # a page of a name, not of a person: nobody owns its records
        result.warnings.append(DISAMBIGUATION_WARNING)
    else:
        subject = _subject(document, person)
        if subject is not None:
            result.people.append(subject)
    reader = _Reader(document, context.venue_aliases, owner_listed=not disambiguation)
    for wrapper in root.findall("r"):
        for record in wrapper:
            reader.read(record, result)


def _subject(document: XmlDocument, person: Element | None) -> PersonDraft | None:
    """The page's person: its root's name and pid, and its <person> record's ORCID and affiliation."""
    root = document.root
    first = person.find("author") if person is not None else None
    written = " ".join(root.get("name", "").split()) or text_of(first)
    if not written:
        return None
    name, number = dblp_homonym(written)
    ids = {DBLP: root.get("pid", "") or _attribute(first, "pid"), DBLP_NAME: written if number else ""}
    if person is not None:
        orcids = [
            normalize_orcid(text_of(url)) for url in person.findall("url") if "orcid.org" in text_of(url)
        ]
        ids[ORCID] = next((orcid for orcid in orcids if orcid), "")
    element = person if person is not None else root
    return PersonDraft(
        line=document.line(element) or 1,
        name=name,
        affiliation=_affiliation(person),
        ids={kind: value for kind, value in ids.items() if value},
        raw=document.raw(element) if person is not None else document.raw(root).partition(">")[0] + ">",
    )


def _affiliation(person: Element | None) -> str:
    """The current affiliation: DBLP labels the others ("PhD 2019", "former")."""
    if person is None:
        return ""
    notes = [note for note in person.findall("note") if note.get("type") == "affiliation" and text_of(note)]
    current = [note for note in notes if not note.get("label")]
    return text_of((current or notes)[0]) if notes else ""


def _attribute(element: Element | None, name: str) -> str:
    return element.get(name, "") if element is not None else ""


@dataclass
class _Reader:
    """Reads records in order; remembers the keys seen and the venue lines already resolved."""

    document: XmlDocument
    aliases: Mapping[str, str]
    owner_listed: bool
    keys: dict[str, int] = field(default_factory=dict)
    venues: dict[str, VenueLine] = field(default_factory=dict)

    def read(self, record: Element, result: ParseResult) -> None:
        line, key = self.document.line(record), record.get("key", "")
        if record.tag in NOT_PAPERS or key.startswith(NOTE_KEY):
            return
        if record.tag not in KINDS:
            reason = f"unknown DBLP record type <{record.tag}>"
            result.errors.append(ParseError(line, reason, self.document.raw(record)))
            return
        if key and key in self.keys:
            reason = f"duplicate DBLP record {key!r} (first at line {self.keys[key]})"
            result.errors.append(ParseError(line, reason, self.document.raw(record)))
            return
        try:
            paper = self.paper(record, line)
        except ParseError as error:
            result.errors.append(error)
            return
        except Exception as error:  # one record's surprise must not sink a 2,000-record page
            reason = f"the record could not be read: {type(error).__name__}: {error}"
            result.errors.append(ParseError(line, reason, self.document.raw(record)))
            return
        result.papers.append(paper)
        if key:
            self.keys[key] = line

    def paper(self, record: Element, line: int) -> PaperDraft:
        key, raw = record.get("key", ""), self.document.raw(record)
        fields = _fields(record)
        title = _title(record.find("title"))
        if not title:
            raise ParseError(line, f"the DBLP record {key!r} has no title", raw)
        venue_text = fields.get("journal") or fields.get("booktitle") or ""
        venue = self.venue(venue_text)
        links, doi, arxiv_id = _editions(record)
        preprint = record.tag == "article" and (key.startswith(CORR_KEY) or fold(venue_text) == "corr")
        if preprint and not arxiv_id:  # CoRR's volume names the arXiv id: "abs/2301.01234"
            arxiv_id = normalize_arxiv_id(f"arXiv:{fields.get('volume', '').removeprefix('abs/')}")
        year = _year(fields.get("year", "")) or venue.year
        authors = [_author(element) for element in record.findall("author") if text_of(element)]
        return PaperDraft(
            line=line,
            title=title,
            authors=authors,
            authors_complete=bool(authors),  # an edited volume names editors only
            venue_text=venue_text,
            venue_acronym=venue.acronym,
            year=year,
            date=_date(year, fields.get("month", "")),
            kind="preprint" if preprint else _kind(record.tag, venue),
            doi=doi,
            arxiv_id=arxiv_id,
            links=links,
            presentation=venue.presentation,
            citation_key=f"DBLP:{key}" if key else "",  # the key DBLP's own BibTeX gives the record
            volume=fields.get("volume", ""),
            number=fields.get("number", ""),
            pages=fields.get("pages", ""),
            publisher=fields.get("publisher") or fields.get("school", ""),  # a thesis: its school
            ids={DBLP: key} if key else {},
            owner_listed=self.owner_listed,
            raw=raw,
        )

    def venue(self, text: str) -> VenueLine:
        if text not in self.venues:
            self.venues[text] = parse_venue_line(text, self.aliases)
        return self.venues[text]


def _fields(record: Element) -> dict[str, str]:
    """Each child's text on one line, the first of a repeated one."""
    fields: dict[str, str] = {}
    for child in record:
        if child.tag not in fields:
            fields[child.tag] = text_of(child)
    return fields


def _title(element: Element | None) -> str:
    """DBLP ends every title with a "." (not after "?" or "!"): without it."""
    title = text_of(element)
    return title[:-1].rstrip() if title.endswith(".") else title


def _author(element: Element) -> AuthorDraft:
    """ "Wei Wang 0001" -> Wei Wang, known to DBLP by the pid and by that name with its number."""
    written = text_of(element)
    name, number = dblp_homonym(written)
    ids = {
        DBLP: element.get("pid", "").strip(),
        DBLP_NAME: written if number else "",
        ORCID: normalize_orcid(element.get("orcid", "")),
    }
    return AuthorDraft(name, ids={kind: value for kind, value in ids.items() if value})


def _editions(record: Element) -> tuple[list[LinkDraft], str, str]:
    """The links (<ee>, "electronic editions") and the DOI and arXiv id they name."""
    links: list[LinkDraft] = []
    doi = arxiv_id = ""
    for element in record.findall("ee"):
        url = "".join(text_of(element).split())
        if not url or any(link.url == url or link.label == url for link in links):
            continue
        kind = _link_kind(url)
        if kind == "doi":
            doi = doi or normalize_doi(url)
        elif kind == "arxiv":
            arxiv_id = arxiv_id or normalize_arxiv_id(url)
        web = url.startswith(("http://", "https://"))
        links.append(LinkDraft(kind, url if web else "", "" if web else url))
    if not arxiv_id and is_arxiv_doi(doi):  # DataCite's DOI of an arXiv paper
        arxiv_id = arxiv_id_from_doi(doi)
    return links, doi, arxiv_id


def _link_kind(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[broken" and the like
        return "other"
    host = parts.netloc.lower().removeprefix("www.")
    if host in DOI_HOSTS and normalize_doi(url):
        return "doi"
    if (host == "arxiv.org" or host.endswith(".arxiv.org")) and normalize_arxiv_id(url):
        return "arxiv"
    return "pdf" if parts.path.lower().endswith(".pdf") else "other"


def _kind(tag: str, venue: VenueLine) -> str:
    """The record type's kind; a conference paper at a venue line naming a workshop is a workshop's."""
    kind = KINDS[tag]
    return "workshop" if kind == "conference" and venue.kind == "workshop" else kind


def _year(text: str) -> int | None:
    found = YEAR_RE.search(text)
    return int(found.group(0)) if found else None


def _date(year: int | None, month_text: str) -> str:
    """ "YYYY", or "YYYY-MM" when the record has a readable <month> ("June", "jun", "6")."""
    if not year:
        return ""
    month_text = month_text.strip().lower()
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text[:3])
    return f"{year:04d}-{month:02d}" if month and 1 <= month <= 12 else f"{year:04d}"
