"""Publications found from the shape of their entries, whatever the template.

Every line of a section is first given a shape: an author list, a whole one-line
citation, a venue line, link labels, prose, a year heading, or a title-like line.
Entries are anchored on their author lists; whether a page puts the title before or
after the authors is read from the page itself, and list items or table rows of an
HTML page keep each entry's lines together.
"""

import itertools
import re
from dataclasses import dataclass, field

from core.keys import fold
from ingest.parsers.drafts import PaperDraft, ParseContext, ParseError
from ingest.parsers.homepage.lines import Line
from ingest.parsers.homepage.records import paper_of
from ingest.parsers.homepage.rows import (
    AUTHORS,
    CITATION,
    HONOR_RE,
    KEY_RE,
    LINKS,
    PATENT_RE,
    PROSE,
    TITLE,
    VENUE,
    WEAK,
    YEAR,
    YEAR_LINE_RE,
    Row,
    classify,
)


@dataclass
class Found:
    """What the publications of a section came to, and which of its lines they took."""

    papers: list[PaperDraft] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # line numbers


def find_papers(lines: list[Line], context: ParseContext, *, selected: bool, strict: bool) -> Found:
    """The publications among a section's lines; strict where a section is not about publications."""
    rows = [classify(line, context) for line in lines if line.text.strip()]
    for before, row in itertools.pairwise(rows):
        if before.kind == WEAK and row.kind in (AUTHORS, CITATION):
            before.kind = TITLE  # "Folding Shirts Quickly" over an author list is a title, not a name
    found = Found()
    if any(row.kind in (AUTHORS, CITATION, WEAK) for row in rows):
        found.used.update(row.line.number for row in rows if row.kind == YEAR)
    for start, stop, year in _entries(rows, strict):
        _draft(rows[start:stop], year, selected, context, found)
    return found


def _entries(rows: list[Row], strict: bool) -> list[tuple[int, int, int | None]]:
    """(start, stop, year heading) of each entry among the rows."""
    anchors = _anchors(rows, strict)
    if not anchors:
        return []
    if _authors_close_entries(rows, anchors):
        return _closed_entries(rows, anchors)
    before = _title_comes_first(rows, anchors)
    starts = [_head(rows, anchors, k, before) for k in range(len(anchors))]
    entries = []
    for k, start in enumerate(starts):
        limit = starts[k + 1] if k + 1 < len(starts) else len(rows)
        stop = _tail_end(rows, anchors[k], limit, before)
        entries.append((start, stop, _year_before(rows, start)))
        gap = next((i for i in range(stop, limit) if rows[i].kind != YEAR), limit)
        if gap < limit and rows[gap].kind == TITLE:  # a record without authors, kept as an error
            entries.append((gap, limit, None))
    return entries


def _authors_close_entries(rows: list[Row], anchors: list[int]) -> bool:
    """Whether each entry ends with its authors (Quarto's listings): a title follows every author
    list but the last, and the title of the first stands several lines above it."""
    lists = [a for a in anchors if rows[a].kind != CITATION]
    if len(lists) < 3 or _title_comes_first(rows, anchors) or rows[lists[0]].line.item:
        return False
    followed = sum(1 for a in lists[:-1] if rows[a + 1].kind in (TITLE, WEAK))
    return followed == len(lists) - 1


def _closed_entries(rows: list[Row], anchors: list[int]) -> list[tuple[int, int, int | None]]:
    """Entries that open with their title and close with their authors; the first one starts as
    far above its authors as the others do (what stands before it is the page's, not the entry's)."""
    entries = []
    lengths = sorted(b - a for a, b in itertools.pairwise(anchors))
    for k, anchor in enumerate(anchors):
        if rows[anchor].kind == CITATION:
            entries.append((anchor, anchor + 1, _year_before(rows, anchor)))
            continue
        previous = anchors[k - 1] if k else -1
        start = previous + 1
        if not k or rows[previous].kind == CITATION:
            start = _nearest_title(rows, max(start, anchor - lengths[len(lengths) // 2] + 1), start, anchor)
        entries.append((start, anchor + 1, _year_before(rows, start)))
    return entries


def _nearest_title(rows: list[Row], guess: int, floor: int, anchor: int) -> int:
    titles = [i for i in range(max(floor, guess - 2), anchor) if rows[i].kind == TITLE]
    return next((i for i in titles if len(rows[i].text.split()) >= 3), guess)


def _anchors(rows: list[Row], strict: bool) -> list[int]:
    """Rows that anchor an entry: author lists and whole citations."""
    anchors: list[int] = []
    for i, row in enumerate(rows):
        if anchors and anchors[-1] == i - 1 and row.kind == AUTHORS and rows[i - 1].kind == AUTHORS:
            _join_authors(rows[i - 1], row)  # an author list wrapped onto a second line
            continue
        if (
            row.kind == CITATION
            or (row.kind == AUTHORS and not strict and _has_title_near(rows, i))
            or (row.kind == AUTHORS and strict and _has_title_near(rows, i) and _has_venue_near(rows, i))
            or (row.kind == WEAK and not strict and _weak_anchor(rows, i))
        ):
            anchors.append(i)
    return anchors


def _join_authors(first: Row, second: Row) -> None:
    assert first.authors and second.authors
    first.authors = (first.authors[0] + second.authors[0], second.authors[1])
    second.kind = "joined"


def _has_title_near(rows: list[Row], i: int) -> bool:
    near = rows[max(0, i - 8) : i + 4]  # a title may stand well above (Quarto) or below (Hugo)
    return any(row.kind in (TITLE, WEAK) and len(row.text.split()) >= 2 for row in near)


def _has_venue_near(rows: list[Row], i: int) -> bool:
    return any(row.kind == VENUE for row in rows[i + 1 : i + 3])


def _weak_anchor(rows: list[Row], i: int) -> bool:
    """A lone name between a title and a venue or labels is the paper's only author."""
    before = rows[i - 1].kind if i else ""
    after = rows[i + 1].kind if i + 1 < len(rows) else ""
    return before == TITLE and after in (VENUE, LINKS)


def _title_comes_first(rows: list[Row], anchors: list[int]) -> bool:
    """Whether the page puts titles before author lists (most do) or after them."""
    lists = [a for a in anchors if rows[a].kind != CITATION]
    first = sum(1 for a in lists if a and _title_above(rows, 0, a) is not None)
    return not lists or first * 2 >= len(lists)


def _head(rows: list[Row], anchors: list[int], k: int, before: bool) -> int:
    """Where entry k starts: its anchor, or the title line (or same-item lines) before it."""
    anchor = anchors[k]
    floor = anchors[k - 1] + 1 if k else 0
    while floor < anchor and rows[floor].kind == "joined":
        floor += 1
    item = rows[anchor].line.item
    if item and (not k or rows[anchors[k - 1]].line.item != item):
        start = anchor
        while start > floor and rows[start - 1].line.item == item and rows[start - 1].kind != YEAR:
            start -= 1
        return start
    if rows[anchor].kind == CITATION:
        return _shown_title(rows, floor, anchor)
    title = _title_above(rows, floor, anchor)
    if before and title is not None:
        return title - 1 if _is_badge(rows, title - 1, floor) else title
    return anchor


def _title_above(rows: list[Row], floor: int, anchor: int) -> int | None:
    """The title line above an author list, with at most a description between them."""
    i = anchor - 1
    if i > floor and rows[i].kind == PROSE:
        i -= 1
    return i if i >= floor and rows[i].kind == TITLE else None


BADGE_RE = re.compile(r"[A-Z][A-Z&+-]{1,11}")


def _is_badge(rows: list[Row], i: int, floor: int) -> bool:
    """A venue's short name above a title ("ICLR"), after an entry that has its own venue line."""
    row = rows[i] if i >= floor else None
    if row is None or len(row.text.split()) > 3 or re.search(r"\d", row.text):
        return False
    if row.kind != VENUE and not (row.kind == TITLE and BADGE_RE.fullmatch(row.text)):
        return False  # a known venue's name, or a lone acronym the catalogue does not know ("IWSLT")
    return (
        i == floor or rows[i - 1].kind in (YEAR, LINKS) or any(other.kind == VENUE for other in rows[floor:i])
    )


def _shown_title(rows: list[Row], floor: int, anchor: int) -> int:
    """A citation whose title the page also shows above it ("Title / Published in X / citation")."""
    citation = rows[anchor].citation
    assert citation
    wanted = fold(citation.title)
    for i in range(max(floor, anchor - 5), anchor):
        if rows[i].kind == TITLE and fold(rows[i].text) == wanted:
            return i
    return anchor


def _tail_end(rows: list[Row], anchor: int, limit: int, before: bool) -> int:
    """Where an entry's lines end: at the next entry, a year heading or a record without authors."""
    item = rows[anchor].line.item
    has_venue = rows[anchor].kind == CITATION or any(row.kind == VENUE for row in rows[anchor : anchor + 3])
    for i in range(anchor + 1, limit):
        row = rows[i]
        if row.kind == YEAR or (item and row.line.item and row.line.item != item and _starts_item(rows, i)):
            return i
        if before and row.kind == TITLE and _orphan_start(rows, i, limit, has_venue):
            return i
    return limit


def _starts_item(rows: list[Row], i: int) -> bool:
    return rows[i - 1].line.item != rows[i].line.item and rows[i].kind not in (LINKS, PROSE)


def _orphan_start(rows: list[Row], i: int, limit: int, has_venue: bool) -> bool:
    """A title followed by a venue line, after an entry that has its venue: a record without authors."""
    key = rows[i].text.partition(" ")[0]
    if "_" in key and KEY_RE.fullmatch(key):
        return True
    # The venue must not stand right before the next entry's title: that is its badge ("ICLR").
    if rows[i].labels or HONOR_RE.search(rows[i].text):
        return False
    return has_venue and i + 2 < limit and rows[i + 1].kind == VENUE


def _year_before(rows: list[Row], start: int) -> int | None:
    for row in reversed(rows[:start]):
        if row.kind == YEAR:
            year = YEAR_LINE_RE.fullmatch(row.text)
            assert year  # a YEAR row is one this pattern matched
            return int(year.group(1))
    return None


def _draft(rows: list[Row], year: int | None, selected: bool, context: ParseContext, found: Found) -> None:
    """One entry's rows to a paper, or to an error kept with its lines."""
    anchor = next((row for row in rows if row.kind in (AUTHORS, WEAK, CITATION)), None)
    raw = "\n".join(row.line.text.rstrip() for row in rows)
    number = rows[0].line.number
    if anchor is None:
        if len(rows) > 1 and any(row.kind == VENUE for row in rows):
            title = rows[0].text
            key = title.partition(" ")[0] if "_" in title.partition(" ")[0] else title
            found.errors.append(ParseError(number, f"publication {key!r} has no author line", raw))
            found.used.update(row.line.number for row in rows)
        return
    paper, unread = paper_of(rows, anchor, context)
    paper.year = paper.year or year
    if not paper.year and not paper.venue_text:
        return  # names and a line: a person, a caption; not a publication
    if PATENT_RE.search(paper.venue_text):
        found.used.update(row.line.number for row in rows)
        return  # a patent: read, and not a paper
    if not paper.title:
        found.errors.append(ParseError(number, "publication without a title", raw))
    else:
        paper.line, paper.raw, paper.selected = number, raw, selected
        found.papers.append(paper)
    found.used.update(row.line.number for row in rows if row.text not in unread or row.labels)
