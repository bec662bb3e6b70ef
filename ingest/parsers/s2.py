"""Semantic Scholar Academic Graph papers (an author's papers, a search, a batch, one paper) to drafts."""

import re
from collections.abc import Mapping
from typing import Any

from core.identifiers import arxiv_id_from_doi, is_arxiv_doi, normalize_arxiv_id, normalize_doi
from core.text import squash, strip_markup
from ingest.formats import Format
from ingest.parsers.drafts import (
    AuthorDraft,
    LinkDraft,
    PaperDraft,
    ParseContext,
    ParseError,
    ParseResult,
)
from ingest.parsers.jsonvalues import (
    as_int,
    as_obj,
    as_objs,
    as_str,
    date_of_year,
    load_json,
    raw_json,
    year_of,
)
from venues.names import VenueLine, parse_venue_line

# Every paper the Graph API returns carries its paperId, whatever fields were asked for.
PAPER_ID_KEY_RE = re.compile(r'"paperId"\s*:')
# An author's papers page with no paper on it: {"offset": 100, "data": []}; a search that found
# nothing leaves "data" out: {"total": 0, "offset": 0}.
EMPTY_PAGE_RE = re.compile(
    r'^\s*\{\s*(?:"offset"\s*:\s*\d+\s*,\s*(?:"next"\s*:\s*\d+\s*,\s*)?"data"\s*:\s*\[\s*\]'
    r'|"total"\s*:\s*0\s*,\s*"offset"\s*:\s*\d+\s*\}\s*$)'
)
# The records of a paper's citations or references page wrap other people's papers.
LINK_KEYS = ("citingPaper", "citedPaper")
ARXIV_VENUE_RE = re.compile(r"^\s*(?:arxiv(?:\.org)?|corr)\s*$", re.IGNORECASE)
PAGES_DASH_RE = re.compile(r"\s*[-\u2010-\u2015]+\s*")
DIGITS_RE = re.compile(r"\d+")
# S2's publicationTypes, where the venue's own type is unknown; a conference paper is often
# also tagged "JournalArticle", so "Conference" is read first.
TYPE_KINDS = (
    ("conference", "conference"), ("journalarticle", "journal"), ("book", "book"),
    ("booksection", "book"), ("dataset", "other"),
)  # fmt: skip
VENUE_KINDS = {"conference": "conference", "journal": "journal"}
# externalIds keys -> the paper id kinds of core.identifiers.PAPER_ID_KINDS.
EXTERNAL_IDS = {"DBLP": "dblp", "MAG": "mag", "PubMed": "pmid", "CorpusId": "s2_corpus"}


def sniff(head: str) -> int:
    """100 for a response whose objects carry S2's paperId, or an author's empty page; else 0."""
    if head.lstrip()[:1] not in ("{", "["):
        return 0
    return 100 if PAPER_ID_KEY_RE.search(head) or EMPTY_PAGE_RE.match(head) else 0


def parse(text: str, context: ParseContext) -> ParseResult:
    papers, listed = _records(load_json(text, "a Semantic Scholar response"))
    result = ParseResult(format=Format.S2)
    venues: dict[str, VenueLine] = {}
    seen: dict[str, int] = {}
    for line, record in enumerate(papers, start=1):
        try:
            paper = _paper(record, line, context.venue_aliases, venues)
        except ParseError as error:
            result.errors.append(error)
            continue
        except Exception as error:  # one record's surprise must not sink the page
            reason = f"the paper could not be read: {type(error).__name__}: {error}"
            result.errors.append(ParseError(line, reason, raw_json(record)))
            continue
        paper_id = paper.ids.get("s2", "")
        if paper_id in seen:
            reason = f"duplicate paper {paper_id} (first at record {seen[paper_id]})"
            result.errors.append(ParseError(line, reason, paper.raw))
            continue
        if paper_id:
            seen[paper_id] = line
        paper.owner_listed = listed
        result.papers.append(paper)
    return result


def _records(data: Any) -> tuple[list[Any], bool]:
    """The papers, and whether they are an author's papers ({"offset", "data"}, no "total")."""
    if isinstance(data, list):  # POST /paper/batch: a paper, or null for an id not found, each
        records, listed = data, False
    elif isinstance(data, dict) and isinstance(data.get("data"), list):
        records, listed = data["data"], "total" not in data
    elif isinstance(data, dict) and isinstance(data.get("recommendedPapers"), list):
        records, listed = data["recommendedPapers"], False  # the recommendations API: nobody's list
    elif isinstance(data, dict) and "paperId" in data:
        records, listed = [data], False
    elif isinstance(data, dict) and set(data) == {"total", "offset"} and as_int(data["total"]) == 0:
        records, listed = [], False  # a search that found nothing
    elif isinstance(data, dict) and (data.get("error") or data.get("message")):
        message = squash(as_str(data.get("error")) or as_str(data.get("message")))
        raise ParseError(0, f"the Semantic Scholar response is an error: {message[:500]}")
    else:
        raise ParseError(0, 'not a Semantic Scholar response: expected {"data": [...]}, a list or a paper')
    if not records and not isinstance(data, dict):  # an author without papers yet answers an empty page
        raise ParseError(0, "the Semantic Scholar response lists no papers")
    _refuse_other_records(as_objs(records))
    return records, listed


def _refuse_other_records(records: list[dict]) -> None:
    """A page of a paper's citations or references, or of authors, is no list of papers to read."""
    if records and all(any(key in record for key in LINK_KEYS) for record in records):
        raise ParseError(
            0, "the Semantic Scholar response lists a paper's citations or references, not papers to ingest"
        )
    if records and all("authorId" in record and "paperId" not in record for record in records):
        raise ParseError(0, "the Semantic Scholar response lists authors, not papers")


def _paper(record: Any, line: int, aliases: Mapping[str, str], venues: dict[str, VenueLine]) -> PaperDraft:
    raw = raw_json(record)
    if not isinstance(record, dict):
        what = "null (an id the source did not find)" if record is None else "not a paper object"
        raise ParseError(line, f"the record is {what}", raw)
    paper_id = squash(as_str(record.get("paperId")))
    title = strip_markup(as_str(record.get("title")))
    if not title:
        raise ParseError(line, f"the paper {paper_id or '(no id)'} has no title", raw)
    external = as_obj(record.get("externalIds"))
    doi = normalize_doi(as_str(external.get("DOI")))
    journal = as_obj(record.get("journal"))
    year = as_int(record.get("year")) or year_of(record.get("publicationDate"))
    paper = PaperDraft(
        line=line,
        title=title,
        year=year,
        date=date_of_year(record.get("publicationDate"), year),
        doi=doi,
        arxiv_id=_arxiv_id(external, doi),
        links=_links(record),
        abstract=strip_markup(as_str(record.get("abstract"))),
        ids=_ids(record, paper_id, external),
        raw=raw,
    )
    _add_venue(paper, record, journal, aliases, venues)
    paper.pages = _pages(as_str(journal.get("pages")))
    _add_authors(paper, record.get("authors"))
    count = as_int(record.get("citationCount"))
    if count is not None and count >= 0:
        paper.citation_counts["s2"] = count
    return paper


def _add_venue(
    paper: PaperDraft, record: dict, journal: dict, aliases: Mapping[str, str], venues: dict[str, VenueLine]
) -> None:
    """The published venue (publicationVenue, then venue, then journal) over arXiv, its acronym, the kind."""
    place = as_obj(record.get("publicationVenue"))
    place_name = squash(_text(place.get("name")))
    names = [
        name
        for name in (place_name, squash(_text(record.get("venue"))), squash(_text(journal.get("name"))))
        if name
    ]
    published = [name for name in names if not _is_arxiv(name, aliases, venues)]
    paper.venue_text = (published or names or [""])[0]
    venue = _venue(paper.venue_text, aliases, venues)
    paper.venue_acronym, paper.presentation = venue.acronym, venue.presentation
    paper.year = paper.year or venue.year
    own = bool(published) and paper.venue_text == place_name  # the venue is publicationVenue's
    if own and not venue.acronym:
        paper.venue_acronym = _alternate_acronym(place.get("alternate_names"), aliases, venues)
    if not published and (paper.arxiv_id or is_arxiv_doi(paper.doi)):
        # On arXiv alone: S2 files such papers under the "journal" ArXiv, "JournalArticle" typed.
        paper.kind = "preprint"
        return
    journal_name = squash(_text(journal.get("name")))
    if journal_name and not _is_arxiv(journal_name, aliases, venues):
        paper.volume = squash(as_str(journal.get("volume")))
    venue_type = as_str(place.get("type")).lower() if own else ""
    paper.kind = VENUE_KINDS.get(venue_type) or _type_kind(record.get("publicationTypes"))


def _venue(text: str, aliases: Mapping[str, str], venues: dict[str, VenueLine]) -> VenueLine:
    if text not in venues:
        venues[text] = parse_venue_line(text, aliases)
    return venues[text]


def _is_arxiv(name: str, aliases: Mapping[str, str], venues: dict[str, VenueLine]) -> bool:
    return bool(ARXIV_VENUE_RE.match(name)) or _venue(name, aliases, venues).acronym.lower() == "arxiv"


def _alternate_acronym(names: Any, aliases: Mapping[str, str], venues: dict[str, VenueLine]) -> str:
    """The catalogue acronym of the first alternate name that has one ("CVPR" for a name it misses)."""
    for name in names if isinstance(names, list) else []:
        acronym = _venue(squash(_text(name)), aliases, venues).acronym
        if acronym and acronym.lower() != "arxiv":
            return acronym
    return ""


def _type_kind(types: Any) -> str:
    written = (
        {re.sub(r"\W", "", as_str(kind)).lower() for kind in types} if isinstance(types, list) else set()
    )
    return next((kind for name, kind in TYPE_KINDS if name in written), "")


def _arxiv_id(external: dict, doi: str) -> str:
    found = (
        normalize_arxiv_id(f"arXiv:{squash(as_str(external.get('ArXiv')))}") if external.get("ArXiv") else ""
    )
    if not found and is_arxiv_doi(doi):  # arXiv's own DataCite DOI names its id
        found = arxiv_id_from_doi(doi)
    return found


def _ids(record: dict, paper_id: str, external: dict) -> dict[str, str]:
    found = {"s2": paper_id} if paper_id else {}
    for key, kind in EXTERNAL_IDS.items():
        value = squash(as_str(external.get(key)))
        if value:
            found[kind] = value
    corpus = squash(as_str(record.get("corpusId")))
    if corpus and "s2_corpus" not in found:
        found["s2_corpus"] = corpus
    pmcid = DIGITS_RE.search(as_str(external.get("PubMedCentral")))
    if pmcid:
        found["pmcid"] = f"PMC{pmcid.group(0)}"
    return found


def _links(record: dict) -> list[LinkDraft]:
    url = as_str(as_obj(record.get("openAccessPdf")).get("url")).strip()
    return [LinkDraft("pdf", url)] if url.startswith(("http://", "https://")) else []


def _add_authors(paper: PaperDraft, authors: Any) -> None:
    listed = as_objs(authors)
    paper.authors_complete = bool(listed)
    for author in listed:
        name = squash(_text(author.get("name")))
        if not name:
            paper.authors_complete = False  # an author the list cannot name
            continue
        author_id = squash(as_str(author.get("authorId")))
        paper.authors.append(AuthorDraft(name=name, ids={"s2": author_id} if author_id else {}))


def _pages(text: str) -> str:
    """ " 1-14", "116 - 135" -> "1-14", "116-135"."""
    return squash(PAGES_DASH_RE.sub("-", squash(text))).strip("-")


def _text(value: Any) -> str:
    return strip_markup(as_str(value))
