"""OpenAlex works (a /works list page, or one GET /works/W… work) to paper drafts."""

import re
from collections.abc import Mapping
from typing import Any

from core.identifiers import (
    arxiv_id_from_doi,
    is_arxiv_doi,
    normalize_arxiv_id,
    normalize_doi,
    normalize_openalex_id,
    normalize_orcid,
)
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

# A work's own id, or a list page's meta (which only OpenAlex reports with its response time).
WORK_ID_RE = re.compile(r'"id"\s*:\s*"https?://openalex\.org/W\d+"')
META_RE = re.compile(r'"meta"\s*:\s*\{[^{}]*"db_response_time_ms"')
DIGITS_RE = re.compile(r"\d+")
# The work types that say what the work is whatever hosts it.
TYPE_KINDS = {
    "dissertation": "thesis", "book": "book", "book-chapter": "book", "monograph": "book",
    "edited-book": "book", "reference-book": "book", "dataset": "other", "software": "other",
}  # fmt: skip
SOURCE_KINDS = {"journal": "journal", "conference": "conference", "repository": "preprint"}
# Where the source says nothing: OpenAlex's older types and Crossref's.
FALLBACK_KINDS = {
    "preprint": "preprint", "posted-content": "preprint", "proceedings-article": "conference",
    "journal-article": "journal",
}  # fmt: skip
PUBLISHED_SOURCES = ("journal", "conference")
# Punctuation that an inverted index keeps as a word of its own: "results , which" -> "results, which".
SPACE_BEFORE_CLOSING_RE = re.compile(r"\s+([,.;:!?%)\]}])")
SPACE_AFTER_OPENING_RE = re.compile(r"([(\[{])\s+")


def sniff(head: str) -> int:
    """100 for a works list page or one work; 0 otherwise."""
    start = head.lstrip()[:1]
    if start != "{":
        return 0
    return 100 if WORK_ID_RE.search(head) or META_RE.search(head) else 0


def parse(text: str, context: ParseContext) -> ParseResult:
    data = load_json(text, "an OpenAlex response")
    works, listed = _records(data)
    result = ParseResult(format=Format.OPENALEX)
    venues: dict[str, VenueLine] = {}
    seen: dict[str, int] = {}
    for line, work in enumerate(works, start=1):
        try:
            paper = _paper(work, line, context.venue_aliases, venues)
        except ParseError as error:
            result.errors.append(error)
            continue
        except Exception as error:  # one record's surprise must not sink the page
            reason = f"the work could not be read: {type(error).__name__}: {error}"
            result.errors.append(ParseError(line, reason, raw_json(work)))
            continue
        work_id = paper.ids.get("openalex", "")
        if work_id in seen:
            reason = f"duplicate work {work_id} (first at record {seen[work_id]})"
            result.errors.append(ParseError(line, reason, paper.raw))
            continue
        if work_id:
            seen[work_id] = line
        paper.owner_listed = listed
        result.papers.append(paper)
    return result


def _records(data: Any) -> tuple[list[Any], bool]:
    """The works and whether they are a list page (one author's works, as the harvest asks)."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"], True  # empty for an author without works yet: nothing wrong
    if isinstance(data, dict) and normalize_openalex_id(as_str(data.get("id"))).startswith("W"):
        return [data], False
    if isinstance(data, dict) and data.get("error"):
        message = squash(f"{as_str(data.get('error'))} {as_str(data.get('message'))}")
        raise ParseError(0, f"the OpenAlex response is an error: {message[:500]}")
    raise ParseError(0, 'not an OpenAlex works response: expected {"meta", "results": [...]} or a work')


def _paper(work: Any, line: int, aliases: Mapping[str, str], venues: dict[str, VenueLine]) -> PaperDraft:
    raw = raw_json(work)
    if not isinstance(work, dict):
        raise ParseError(line, "the record is not a work object", raw)
    work_id = normalize_openalex_id(as_str(work.get("id")))
    if work_id and not work_id.startswith("W"):
        raise ParseError(line, f"the record is not a work but OpenAlex {work_id}", raw)
    title = strip_markup(as_str(work.get("title")) or as_str(work.get("display_name")))
    if not title:
        raise ParseError(line, f"the work {work_id or '(no id)'} has no title", raw)
    location = _venue_location(work)
    source = as_obj(location.get("source"))
    venue_text = squash(_text(source.get("display_name")))
    if venue_text not in venues:
        venues[venue_text] = parse_venue_line(venue_text, aliases)
    venue = venues[venue_text]
    doi = normalize_doi(as_str(work.get("doi")) or as_str(as_obj(work.get("ids")).get("doi")))
    year = as_int(work.get("publication_year")) or year_of(work.get("publication_date")) or venue.year
    paper = PaperDraft(
        line=line,
        title=title,
        venue_text=venue_text,
        venue_acronym=venue.acronym,
        year=year,
        date=date_of_year(work.get("publication_date"), year),
        kind=_kind(work, as_str(source.get("type")).lower(), venue),
        presentation=venue.presentation,
        doi=doi,
        arxiv_id=_arxiv_id(work, doi),
        links=_links(work),
        abstract=_abstract(work.get("abstract_inverted_index")),
        publisher=_publisher(source),
        ids=_ids(work, work_id),
        raw=raw,
    )
    _add_biblio(paper, as_obj(work.get("biblio")))
    _add_authors(paper, work)
    count = as_int(work.get("cited_by_count"))
    if count is not None and count >= 0:
        paper.citation_counts["openalex"] = count
    return paper


def _places(work: dict) -> list[dict]:
    """The primary location first, then the others; before mid-2023 OpenAlex named them
    host_venue and alternate_host_venues, flat objects that are read here as locations."""
    primary = as_obj(work.get("primary_location"))
    if as_obj(primary.get("source")) or not as_obj(work.get("host_venue")):
        return [primary, *as_objs(work.get("locations"))]
    venues = [as_obj(work.get("host_venue")), *as_objs(work.get("alternate_host_venues"))]
    return [_location_of_venue(venue) for venue in venues]


def _location_of_venue(venue: dict) -> dict:
    source = {
        "display_name": venue.get("display_name"),
        "type": venue.get("type"),
        "host_organization_name": venue.get("publisher"),
    }
    return {"source": source if venue.get("display_name") else {}, "landing_page_url": venue.get("url")}


def _venue_location(work: dict) -> dict:
    """Where the work appeared: the primary location, but a published one over a repository's."""
    locations = _places(work)
    primary = locations[0]
    kind = _source_type(primary)
    if as_obj(primary.get("source")) and kind != "repository":
        return primary
    published = next((place for place in locations if _source_type(place) in PUBLISHED_SOURCES), None)
    if published is not None:
        return published
    return next((place for place in locations if as_obj(place.get("source"))), primary)


def _source_type(location: dict) -> str:
    return as_str(as_obj(location.get("source")).get("type")).lower()


def _kind(work: dict, source_type: str, venue: VenueLine) -> str:
    """The work's type where it is telling (a thesis), else its source's, else the older types."""
    work_type = as_str(work.get("type")).lower()
    if work_type == "book-chapter" and source_type == "conference":
        return "conference"  # a chapter of a conference's proceedings (LNCS and the like)
    if work_type in TYPE_KINDS:
        return TYPE_KINDS[work_type]
    if source_type in SOURCE_KINDS:
        return SOURCE_KINDS[source_type]
    if venue.acronym.lower() == "arxiv":
        return "preprint"
    return FALLBACK_KINDS.get(work_type) or FALLBACK_KINDS.get(as_str(work.get("type_crossref")).lower(), "")


def _publisher(source: dict) -> str:
    if as_str(source.get("type")).lower() == "repository":
        return ""  # arXiv's host (Cornell University) publishes nothing of the paper
    return squash(as_str(source.get("host_organization_name")))


def _arxiv_id(work: dict, doi: str) -> str:
    """From arXiv's DataCite DOI, else from a location at arxiv.org (its landing page or PDF)."""
    if is_arxiv_doi(doi):
        found = arxiv_id_from_doi(doi)
        if found:
            return found
    for place in _places(work):
        for key in ("landing_page_url", "pdf_url"):
            url = as_str(place.get(key))
            if "arxiv.org/" in url.lower():
                found = normalize_arxiv_id(url)
                if found:
                    return found
    return ""


def _links(work: dict) -> list[LinkDraft]:
    """The PDF of the primary location and of the best open-access one, each once."""
    urls = [
        as_str(as_obj(work.get(key)).get("pdf_url")).strip()
        for key in ("primary_location", "best_oa_location")
    ]
    return [LinkDraft("pdf", url) for url in dict.fromkeys(urls) if url.startswith(("http://", "https://"))]


def _ids(work: dict, work_id: str) -> dict[str, str]:
    ids = as_obj(work.get("ids"))
    found = {"openalex": work_id} if work_id else {}
    mag = DIGITS_RE.search(as_str(ids.get("mag")))
    pmid = DIGITS_RE.search(as_str(ids.get("pmid")).rsplit("/", 1)[-1])
    pmcid = DIGITS_RE.search(as_str(ids.get("pmcid")).rstrip("/").rsplit("/", 1)[-1])
    if mag:
        found["mag"] = mag.group(0)
    if pmid:
        found["pmid"] = pmid.group(0)
    if pmcid:
        found["pmcid"] = f"PMC{pmcid.group(0)}"
    return found


def _add_biblio(paper: PaperDraft, biblio: dict) -> None:
    paper.volume = squash(as_str(biblio.get("volume")))
    paper.number = squash(as_str(biblio.get("issue")))
    first, last = squash(as_str(biblio.get("first_page"))), squash(as_str(biblio.get("last_page")))
    paper.pages = f"{first}-{last}" if first and last and first != last else first or last


def _add_authors(paper: PaperDraft, work: dict) -> None:
    authorships = as_objs(work.get("authorships"))
    paper.authors_complete = bool(authorships) and work.get("is_authors_truncated") is not True
    for authorship in authorships:
        author = as_obj(authorship.get("author"))
        name = squash(_text(author.get("display_name")) or _text(authorship.get("raw_author_name")))
        if not name:
            paper.authors_complete = False  # an author the list cannot name
            continue
        author_id = normalize_openalex_id(as_str(author.get("id")))
        ids = {
            "openalex": author_id if author_id.startswith("A") else "",
            "orcid": normalize_orcid(as_str(author.get("orcid"))),
        }
        paper.authors.append(
            AuthorDraft(
                name=name,
                corresponding=authorship.get("is_corresponding") is True,
                affiliation=_affiliation(authorship),
                ids={kind: value for kind, value in ids.items() if value},
            )
        )


def _affiliation(authorship: dict) -> str:
    """The first institution's name, else the first affiliation as the paper wrote it."""
    for institution in as_objs(authorship.get("institutions")):
        name = squash(_text(institution.get("display_name")))
        if name:
            return name
    strings = authorship.get("raw_affiliation_strings")
    written = strings if isinstance(strings, list) else [authorship.get("raw_affiliation_string")]
    return next((squash(_text(text)) for text in written if squash(_text(text))), "")


def _abstract(index: Any) -> str:
    """The abstract rebuilt from its inverted index ({"word": [positions]}): each word at its places."""
    if not isinstance(index, dict):
        return ""
    words: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(positions, list):
            continue
        for position in positions:
            if isinstance(position, int) and not isinstance(position, bool) and position >= 0:
                words.setdefault(position, str(word))  # two words at one place: the first stays
    text = " ".join(words[position] for position in sorted(words))
    text = SPACE_AFTER_OPENING_RE.sub(r"\1", SPACE_BEFORE_CLOSING_RE.sub(r"\1", text))
    return strip_markup(text)


def _text(value: Any) -> str:
    return strip_markup(as_str(value))
