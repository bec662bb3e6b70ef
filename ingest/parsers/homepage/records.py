"""An entry's rows made into a paper: its title, authors, venue and year, links, honors and abstract."""

import re

from core.identifiers import normalize_arxiv_id, normalize_doi
from core.keys import fold
from core.names import clean_name, name_marks
from core.text import squash, strip_markup
from ingest.parsers.drafts import AuthorDraft, PaperDraft, ParseContext
from ingest.parsers.homepage.links import (
    entry_links,
)
from ingest.parsers.homepage.rows import (
    ABSTRACT_RE,
    AFTER_YEAR_RE,
    AUTHORS,
    BADGE_KINDS,
    CITATION,
    DATE_ONLY_RE,
    HONOR_RE,
    LEGEND_RE,
    PAREN_YEAR_RE,
    PROSE,
    PUBLISHED_RE,
    TITLE,
    VENUE,
    VOLUME_RE,
    WEAK,
    YEAR_RE,
    Row,
    keyed_title,
    venue_key,
)
from venues.names import parse_venue_line


def paper_of(rows: list[Row], anchor: Row, context: ParseContext) -> tuple[PaperDraft, set[str]]:
    """The entry's paper, and the texts of its lines that say nothing it could keep."""
    paper = PaperDraft(line=0, title="")
    names, paper.authors_complete = _names(anchor)
    paper.authors = [_author(name) for name in names]
    if anchor.citation:
        paper.title, paper.year = anchor.citation.title, anchor.citation.year
    title = None if anchor.citation else _title_row(rows, anchor)
    if title:
        paper.citation_key, paper.title = keyed_title(title.text)
    paper.title = squash(paper.title).strip(" .,").strip("“”\"'‘’").strip(" .,")
    parts = _Parts(rows, anchor, title, context)
    _venue(paper, parts.venue, context)
    if anchor.citation and anchor.citation.year:
        paper.year = anchor.citation.year  # "(2024)." of the citation, not a number in its venue
    notes = [note for note in parts.notes if fold(note) != fold(paper.title)]
    unread = _notes(paper, notes, parts.prose, rows, context)
    paper.abstract = strip_markup(" ".join(ABSTRACT_RE.sub("", text) for text in parts.prose))
    lines = [row.line for row in rows]
    paper.links = entry_links(parts.labels, lines, paper.title, [author.name for author in paper.authors])
    _identifiers(paper, rows)
    return paper, unread


class _Parts:
    """An entry's rows besides its title and authors: the venue, link labels, notes and prose."""

    def __init__(self, rows: list[Row], anchor: Row, title: Row | None, context: ParseContext) -> None:
        self.labels: list[str] = []
        self.notes: list[str] = []
        self.prose: list[str] = []
        self.venue = anchor.citation.venue if anchor.citation else anchor.venue
        after = any(row.kind == VENUE for row in rows[rows.index(anchor) + 1 :])  # a badge before is a hint
        for row in rows:
            self.labels += row.labels
            if row is not anchor and row is not title and row.kind != "joined":
                self.add(row, row.line.number >= anchor.line.number or not after)
        self.fallbacks(context)

    def add(self, row: Row, may_be_venue: bool) -> None:
        if row.kind == VENUE and not self.venue and may_be_venue and _names_venue(row.text):
            self.venue = row.text
        elif row.kind == VENUE and _same_venue(row.text, self.venue):
            pass  # "Published in X, 2024" above a citation that names X again
        elif row.kind in (PROSE, TITLE, VENUE, WEAK, AUTHORS, CITATION) and row.text:
            (self.prose if row.kind == PROSE else self.notes).append(row.text)

    def fallbacks(self, context: ParseContext) -> None:
        if not self.venue:  # "Ecology 105(6): e4301": a volume and pages say venue where no word does
            self.venue = next((note for note in self.notes if VOLUME_RE.search(note)), "")
            self.notes = [note for note in self.notes if note != self.venue]
        if not self.venue:  # a table's "Where" cell that is also a label: "bioRxiv"
            aliases = context.venue_aliases
            self.venue = next((label for label in self.labels if venue_key(label) in aliases), "")
        after_year = AFTER_YEAR_RE.match(self.venue)
        if after_year:  # "In Proc. ECC, 2020. Best Student Paper Finalist": the sentence after is a note
            self.venue, self.notes = after_year.group(1), [after_year.group(2), *self.notes]


def _title_row(rows: list[Row], anchor: Row) -> Row | None:
    """The title: the title-like line nearest before the authors, else the first one after them."""
    at = rows.index(anchor)
    before = [row for row in rows[:at] if row.kind == TITLE and len(row.text.split()) >= 2]
    # A short title of capitalised words looks like a name ("Folding Shirts"): second choice.
    after = [row for row in rows[at + 1 :] if row.kind == TITLE and len(row.text.split()) >= 2] or [
        row for row in rows[at + 1 :] if row.kind == WEAK
    ]
    if before and rows[0] is before[0] and at - rows.index(before[0]) > 2 and not after:
        return before[0]  # an entry that opens with its title and closes with its authors
    between = rows[rows.index(before[-1]) + 1 : at] if before else []
    if before and (all(row.kind == PROSE for row in between) or not after):
        return before[-1]  # right above the authors, or with only a description between
    return after[0] if after else (before[-1] if before else None)


def _names_venue(text: str) -> bool:
    """Whether a venue-like line names a venue: not "(2024).", "Feb 1, 2025" or a tag ("journal")."""
    if not re.search(r"[^\W\d_]{2}", text) or DATE_ONLY_RE.fullmatch(text.strip(" .()")):
        return False
    return not re.fullmatch(r"[a-z]+", text.strip())


def _same_venue(text: str, other: str) -> bool:
    bare = [fold(YEAR_RE.sub("", PUBLISHED_RE.sub("", t))).strip(" ,.") for t in (text, other)]
    return all(bare) and (bare[0] in bare[1] or bare[1] in bare[0])


def _names(anchor: Row) -> tuple[list[str], bool]:
    if anchor.citation:
        return anchor.citation.authors, anchor.citation.complete
    assert anchor.authors
    return anchor.authors


def _author(name: str) -> AuthorDraft:
    equal, corresponding = name_marks(name)
    return AuthorDraft(name=clean_name(name), equal_contribution=equal, corresponding=corresponding)


# A venue's short name as pages write it: capitals first, letters, digits and dashes ("VTC2024-Spring").
OWN_ACRONYM_RE = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z0-9&+-]{0,18}")


def _venue(paper: PaperDraft, text: str, context: ParseContext) -> None:
    if not text:
        return
    venue = parse_venue_line(PUBLISHED_RE.sub("", text), context.venue_aliases)
    paper.venue_text, paper.venue_acronym = venue.text, venue.acronym
    if not venue.acronym:  # "Veh. Technol. Conf. (VTC2024-Spring)": the page's own short name
        paper.venue_acronym = next((note for note in venue.notes if OWN_ACRONYM_RE.fullmatch(note)), "")
    # "Brain 147, 1788 (2024)": a year in parentheses is the year; a page number is not.
    years = PAREN_YEAR_RE.findall(text) or YEAR_RE.findall(venue.text)
    paper.year = (int(years[-1]) if years else None) or venue.year or paper.year
    paper.presentation = venue.presentation
    if venue.acceptance_rate:
        paper.honors.append(f"Acceptance rate {venue.acceptance_rate}")
    paper.arxiv_id = normalize_arxiv_id(text)
    if paper.arxiv_id and (not venue.acronym or venue.acronym.lower() in ("arxiv", "corr")):
        paper.kind = "preprint"
    if not re.search(r"[A-Za-z]{2}", venue.text.replace("In ", "")):
        paper.venue_text = ""  # "(2023)." dates the paper; it names no venue


def _notes(
    paper: PaperDraft, notes: list[str], prose: list[str], rows: list[Row], context: ParseContext
) -> set[str]:
    """Short lines besides title, authors and venue: honors, a year line, or words about the paper."""
    honors: list[str] = []
    unread: set[str] = set()
    for note in notes:
        years = YEAR_RE.findall(note)
        if _badge(paper, note, context) or LEGEND_RE.match(note):
            continue
        if HONOR_RE.search(note) or any(row.text == note and row.labels for row in rows):
            lowered = note.lower()
            presentation = next((p for p in ("oral", "spotlight", "highlight") if p in lowered), "")
            paper.presentation = paper.presentation or presentation
            if not re.fullmatch(r"\(?(?:oral|spotlight|highlight|poster)(?: presentation)?\)?", lowered):
                paper.honors.insert(len(honors), note)  # the page's own words before the rate
                honors.append(note)
        elif years and len(note.split()) <= 3:
            paper.year = paper.year or int(years[-1])
        elif len(note.split()) >= 8 or note.endswith((".", "!", "?")):
            prose.append(note)  # a sentence about the paper: the page's description
        else:
            unread.add(note)  # a few words that are neither a sentence about the paper nor an honor
    return unread


def _badge(paper: PaperDraft, note: str, context: ParseContext) -> bool:
    """A venue's or a kind's short name by the entry ("ICLR", "Thesis", "Preprint")."""
    if len(note.split()) > 3:
        return False
    kind = next((kind for word, kind in BADGE_KINDS.items() if word in note.lower()), "")
    acronym = context.venue_aliases.get(venue_key(note), "")
    if not acronym and not kind and OWN_ACRONYM_RE.fullmatch(note) and paper.venue_text:
        acronym = note  # a badge the catalogue does not know ("IWSLT") still names the venue
    paper.kind = paper.kind or kind
    paper.venue_acronym = paper.venue_acronym or acronym
    return bool(kind or acronym)


def _identifiers(paper: PaperDraft, rows: list[Row]) -> None:
    for link in paper.links:
        if link.kind == "doi" and not paper.doi:
            paper.doi = normalize_doi(link.url)
        elif link.kind == "arxiv" and not paper.arxiv_id:
            paper.arxiv_id = normalize_arxiv_id(link.url)
    if not paper.doi:
        doi = re.search(
            r"\b(?:doi:\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/\S+)", " ".join(r.text for r in rows)
        )
        paper.doi = normalize_doi(doi.group(1)) if doi else ""
