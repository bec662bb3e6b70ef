"""ORCID API v3.0 responses (JSON) to paper drafts: a works summary, one work, or a bulk of works."""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.dates import YEAR_RE
from core.identifiers import (
    ORCID,
    arxiv_id_from_doi,
    is_arxiv_doi,
    normalize_arxiv_id,
    normalize_doi,
    normalize_orcid,
)
from core.text import strip_markup
from ingest.formats import Format
from ingest.parsers import bibtex
from ingest.parsers.bibtex import ARXIV_VENUE_RE
from ingest.parsers.drafts import (
    AuthorDraft,
    LinkDraft,
    PaperDraft,
    ParseContext,
    ParseError,
    ParseResult,
    PersonDraft,
)
from ingest.parsers.jsonvalues import as_list, as_obj, as_objs, as_str, load_json_object, raw_json
from venues.names import VenueLine, parse_venue_line

# A works summary ("group" of "work-summary"), a bulk of works, a path under an ORCID iD, or
# the key only ORCID's external ids have (since API 2.0; a work as a member posts it has no path).
SNIFF_RE = re.compile(
    r'"work-summary"\s*:|"bulk"\s*:\s*\[\s*\{\s*"(?:work|error)"\s*:'
    r'|"path"\s*:\s*"/\d{4}-\d{4}-\d{4}-\d{3}[\dX]/works?\b'
    r'|"external-id-relationship"\s*:',
    re.IGNORECASE,
)
KINDS = {
    "journal-article": "journal", "conference-paper": "conference", "conference-abstract": "conference",
    "conference-poster": "conference", "preprint": "preprint", "working-paper": "preprint",
    "book": "book", "book-chapter": "book", "edited-book": "book", "dissertation-thesis": "thesis",
    "dissertation": "thesis",
}  # fmt: skip
# Contributors who did not write the work: ORCID lists editors and translators beside authors.
NOT_AUTHORS = {"editor", "chair-or-translator", "translator", "support-staff", "assignee"}
# ids that identify the work itself; a "part-of" id (a journal's ISSN, a book's ISBN) does not.
SELF = "self"
VERSION_OF = "version-of"
OTHER_IDS = {"pmid": "pmid", "pmc": "pmcid"}
PARAGRAPH_RE = re.compile(r"</?p\b[^<>]*>|<br\s*/?>|\n[ \t]*\n", re.IGNORECASE)


def sniff(head: str) -> int:
    """100 when the text is an ORCID works response (by its keys), else 0."""
    return 100 if head.lstrip()[:1] == "{" and SNIFF_RE.search(head) else 0


def parse(text: str, context: ParseContext) -> ParseResult:
    record = load_json_object(text, "an ORCID works response")
    data = _works_of(record)
    reader = _Reader(context.venue_aliases, context)
    result = ParseResult(format=Format.ORCID)
    if "group" in data:
        _read_records(as_list(data.get("group")), reader.group, result)
        works: Iterable[Any] = [
            summary for group in as_list(data.get("group")) for summary in _summaries(group)
        ]
    elif "bulk" in data:
        _read_records(as_list(data.get("bulk")), reader.bulk_item, result)
        works = [as_obj(item).get("work") for item in as_list(data.get("bulk"))]
    elif "put-code" in data or "title" in data:
        _read_records([data], reader.work, result)
        works = [data]
    else:
        raise ParseError(0, 'not an ORCID works response: no "group", "bulk" or "put-code"')
    # A record without works yet answers an empty list: nothing to read, and nothing wrong.
    listed = isinstance(data.get("group"), list) or isinstance(data.get("bulk"), list)
    if not result.papers and not result.errors and not listed:
        raise ParseError(0, "the ORCID response lists no works")
    owner, path = _owner([data, as_obj(record.get("orcid-identifier")), record, *works])
    if owner:
        result.people = [PersonDraft(line=1, ids={ORCID: owner}, raw=raw_json({"path": path}))]
    return result


def _works_of(record: dict[str, Any]) -> dict[str, Any]:
    """The works summary of a whole record (/record: "activities-summary") or of its activities
    (/activities: "works"); any other response as it is."""
    activities = as_obj(record.get("activities-summary")) or record
    works = activities.get("works")
    return works if isinstance(works, dict) and "group" in works else record


def _read_records(
    items: list[Any], read: Callable[[dict[str, Any], int, str], PaperDraft], result: ParseResult
) -> None:
    """Each item read on its own: one that cannot be read is an error, the rest still go in."""
    seen: dict[str, int] = {}
    for line, item in enumerate(items, start=1):
        raw = raw_json(item)
        try:
            if not isinstance(item, dict):
                raise ParseError(line, "the record is not a JSON object", raw)
            paper = read(item, line, raw)
        except ParseError as error:
            result.errors.append(error)
            continue
        except Exception as error:  # one record's surprise must not sink the listing
            reason = f"the record could not be read: {type(error).__name__}: {error}"
            result.errors.append(ParseError(line, reason, raw))
            continue
        put_code = paper.ids.get("orcid_put_code", "")
        if put_code in seen:
            result.errors.append(
                ParseError(line, f"put-code {put_code} repeats record {seen[put_code]}", raw)
            )
            continue
        if put_code:
            seen[put_code] = line
        result.papers.append(paper)


@dataclass
class _Ids:
    """A work's external ids: its own DOIs, arXiv ids (its own, and of another version), PubMed's."""

    dois: list[str] = field(default_factory=list)
    arxiv: list[str] = field(default_factory=list)
    version_arxiv: list[str] = field(default_factory=list)
    others: dict[str, str] = field(default_factory=dict)

    def doi(self, arxiv_too: bool) -> str:
        """The work's DOI; arXiv's DataCite DOI only when asked (the work is the preprint)."""
        plain = [doi for doi in self.dois if not is_arxiv_doi(doi)]
        return next(iter(plain or (self.dois if arxiv_too else [])), "")


@dataclass
class _Reader:
    aliases: Mapping[str, str]
    context: ParseContext
    venues: dict[str, VenueLine] = field(default_factory=dict)

    def group(self, group: dict[str, Any], line: int, raw: str) -> PaperDraft:
        """One paper from a group of summaries: the strongest one, with the ids of them all."""
        summaries = _summaries(group)
        if not summaries:
            raise ParseError(line, "the group holds no work summary", raw)
        ranked = sorted(summaries, key=_strength, reverse=True)
        chosen = next((summary for summary in ranked if _title(summary)), None)
        if chosen is None:
            raise ParseError(line, "the work has no title", raw)
        paper = self.work(chosen, line, raw)
        _add_group_ids(paper, ranked)
        paper.authors, paper.authors_complete = [], False  # a summary lists no contributors
        return paper

    def bulk_item(self, item: dict[str, Any], line: int, raw: str) -> PaperDraft:
        if isinstance(item.get("error"), dict):
            error = item["error"]
            message = (
                as_str(error.get("developer-message")) or as_str(error.get("user-message")) or "no message"
            )
            raise ParseError(line, f"ORCID error {as_str(error.get('response-code'))}: {message}", raw)
        if not isinstance(item.get("work"), dict):
            raise ParseError(line, 'the bulk item holds neither "work" nor "error"', raw)
        return self.work(item["work"], line, raw)

    def work(self, work: dict[str, Any], line: int, raw: str) -> PaperDraft:
        """A summary or a work's details: what both say, then what only the details say."""
        title = _title(work)
        if not title:
            raise ParseError(line, "the work has no title", raw)
        venue_text = _text(_value(work.get("journal-title")))
        venue = self.venue(venue_text)
        found = _ids(work)
        paper = PaperDraft(
            line=line,
            title=title,
            venue_text=venue_text,
            venue_acronym=venue.acronym,
            abstract=_prose(as_str(work.get("short-description"))),
            arxiv_id=next(iter([*found.arxiv, *found.version_arxiv]), ""),
            links=_links(_value(work.get("url"))),
            ids=dict(found.others),
            owner_listed=True,
            raw=raw,
        )
        paper.year, paper.date = _date(work.get("publication-date"))
        if not paper.year and venue.year:
            paper.year, paper.date = venue.year, str(venue.year)
        paper.kind = _kind(work, paper.arxiv_id)
        paper.doi = found.doi(paper.kind == "preprint")
        if work.get("put-code") not in (None, ""):
            paper.ids["orcid_put_code"] = as_str(work.get("put-code"))
        self.add_authors(paper, work)
        return paper

    def venue(self, text: str) -> VenueLine:
        if text not in self.venues:
            self.venues[text] = parse_venue_line(text, self.aliases)
        return self.venues[text]

    def add_authors(self, paper: PaperDraft, work: dict[str, Any]) -> None:
        """From the contributors; where they are missing, from the BibTeX citation."""
        contributors = as_list(as_obj(work.get("contributors")).get("contributor"))
        if contributors:
            paper.authors, paper.authors_complete = _authors(contributors)
            return
        paper.authors_complete = False
        citation = as_obj(work.get("citation"))
        if as_str(citation.get("citation-type")).lower() == "bibtex":
            self.fill_from_citation(paper, as_str(citation.get("citation-value")))

    def fill_from_citation(self, paper: PaperDraft, text: str) -> None:
        try:
            cited = bibtex.parse(text, self.context).papers
        except ParseError:
            return
        if not cited or not cited[0].authors:
            return
        entry = cited[0]
        paper.authors, paper.authors_complete = entry.authors, entry.authors_complete
        if not paper.venue_text:
            paper.venue_text, paper.venue_acronym = entry.venue_text, entry.venue_acronym
        for name in ("volume", "number", "pages", "publisher", "doi", "arxiv_id", "citation_key"):
            if not getattr(paper, name):
                setattr(paper, name, getattr(entry, name))
        if not paper.year:
            paper.year, paper.date = entry.year, entry.date


def _authors(contributors: list[Any]) -> tuple[list[AuthorDraft], bool]:
    """The authors in the order listed, and whether every one of them had a name."""
    authors: list[AuthorDraft] = []
    complete = True
    for contributor in (as_obj(item) for item in contributors):
        attributes = as_obj(contributor.get("contributor-attributes"))
        if as_str(attributes.get("contributor-role")).lower() in NOT_AUTHORS:
            continue
        name = _text(_value(contributor.get("credit-name")))
        if not name:
            complete = False
            continue
        orcid_id = as_obj(contributor.get("contributor-orcid"))
        orcid = normalize_orcid(as_str(orcid_id.get("path")) or as_str(orcid_id.get("uri")))
        authors.append(AuthorDraft(name, ids={ORCID: orcid} if orcid else {}))
    return authors, complete and bool(authors)


def _add_group_ids(paper: PaperDraft, ranked: list[dict[str, Any]]) -> None:
    """The ids the group's other summaries carry: arXiv ids from any of them; DOIs and PubMed's
    only from the same kind of version (a published paper does not take its preprint's DOI)."""
    preprint = paper.kind == "preprint"
    found = [_ids(summary) for summary in ranked]
    alike = [ids for summary, ids in zip(ranked, found, strict=True) if preprint or not _is_preprint(summary)]
    paper.doi = paper.doi or next((ids.doi(preprint) for ids in alike if ids.doi(preprint)), "")
    arxiv = [one for ids in found for one in ids.arxiv] + [one for ids in found for one in ids.version_arxiv]
    paper.arxiv_id = paper.arxiv_id or next(iter(arxiv), "")
    for ids in alike:
        paper.ids = {**ids.others, **paper.ids}


def _ids(work: dict[str, Any]) -> _Ids:
    found = _Ids()
    for item in as_list(as_obj(work.get("external-ids")).get("external-id")):
        item = as_obj(item)
        kind = as_str(item.get("external-id-type")).lower()
        relation = as_str(item.get("external-id-relationship")).lower() or SELF
        value = _value(item.get("external-id-normalized")) or as_str(item.get("external-id-value"))
        if relation not in (SELF, VERSION_OF):
            continue
        arxiv = found.arxiv if relation == SELF else found.version_arxiv
        if kind == "doi" and normalize_doi(value):
            doi = normalize_doi(value)
            if relation == SELF:
                found.dois.append(doi)
            if is_arxiv_doi(doi):
                arxiv.append(arxiv_id_from_doi(doi))
        elif kind == "arxiv" and normalize_arxiv_id(f"arXiv:{value}"):
            arxiv.append(normalize_arxiv_id(f"arXiv:{value}"))
        elif kind in OTHER_IDS and relation == SELF and value.strip():
            found.others.setdefault(OTHER_IDS[kind], value.strip())
    found.arxiv, found.version_arxiv = [i for i in found.arxiv if i], [i for i in found.version_arxiv if i]
    return found


def _strength(summary: dict[str, Any]) -> tuple[int, int]:
    """Published (a journal or conference type, with its journal-title) over a preprint, then
    the summary its owner ranks highest (display-index)."""
    index = as_str(summary.get("display-index"))
    published = 2 if _value(summary.get("journal-title")).strip() else 1
    if _is_preprint(summary):
        published = 0
    return published, int(index) if index.isdigit() else 0


def _is_preprint(work: dict[str, Any]) -> bool:
    return _kind(work, next(iter(_ids(work).arxiv), "")) == "preprint"


def _kind(work: dict[str, Any], arxiv_id: str) -> str:
    kind = KINDS.get(as_str(work.get("type")).lower().replace("_", "-"), "other")
    if kind == "journal" and ARXIV_VENUE_RE.search(_value(work.get("journal-title"))):
        return "preprint"
    return "preprint" if kind == "other" and arxiv_id else kind


def _title(work: dict[str, Any]) -> str:
    """The title with its subtitle; the translated title only when the original is missing."""
    title = as_obj(work.get("title"))
    main = _text(_value(title.get("title"))) or _text(_value(title.get("translated-title")))
    subtitle = _text(_value(title.get("subtitle")))
    if not main or not subtitle or subtitle.lower() in main.lower():
        return main
    return f"{main} {subtitle}" if main[-1] in ":?!.-–—" else f"{main}: {subtitle}"


def _date(date: Any) -> tuple[int | None, str]:
    """(year, "YYYY" / "YYYY-MM" / "YYYY-MM-DD"): the precision ORCID has."""
    date = as_obj(date)
    year_text = _value(date.get("year")).strip()
    if not YEAR_RE.fullmatch(year_text):
        return None, ""
    year, text = int(year_text), year_text
    for name, top in (("month", 12), ("day", 31)):
        part = _value(date.get(name)).strip()
        if not part.isdigit() or not 1 <= int(part) <= top:
            break
        text += f"-{int(part):02d}"
    return year, text


def _links(url: str) -> list[LinkDraft]:
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        return []
    lowered = url.lower()
    if "doi.org/" in lowered:
        return [LinkDraft("doi", url)]
    if lowered.endswith(".pdf") or "arxiv.org/pdf/" in lowered:
        return [LinkDraft("pdf", url)]
    return [LinkDraft("arxiv" if "arxiv.org/" in lowered else "other", url)]


def _owner(items: list[Any]) -> tuple[str, str]:
    """The iD whose record this is, from the first "path" that names one, and that path."""
    for item in items:
        path = as_str(as_obj(item).get("path"))
        if normalize_orcid(path):
            return normalize_orcid(path), path
    return "", ""


def _summaries(group: Any) -> list[dict[str, Any]]:
    return as_objs(as_obj(group).get("work-summary"))


def _text(value: str) -> str:
    """Plain text on one line: tags dropped, entities decoded."""
    return strip_markup(value) if value else ""


def _prose(value: str) -> str:
    """Paragraphs (HTML's or blank-line separated) as plain text, joined by blank lines."""
    paragraphs = (_text(part) for part in PARAGRAPH_RE.split(value)) if value else ()
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _value(item: Any) -> str:
    """The text of ORCID's {"value": ...} wrapper (or of a bare value)."""
    return as_str(item.get("value")) if isinstance(item, dict) else as_str(item)
