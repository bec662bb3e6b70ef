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

from ingest.normalize.identifiers import normalize_arxiv_id, normalize_doi
from ingest.normalize.keys import fold, venue_key
from ingest.normalize.names import clean_name, name_marks
from ingest.normalize.text import squash, strip_markup
from ingest.normalize.venues import parse_venue_line
from ingest.parsers.drafts import AuthorDraft, PaperDraft, ParseContext, ParseError
from ingest.parsers.homepage.authors import Citation, is_owner, read_authors, read_citation, sentence_stops
from ingest.parsers.homepage.entries import DAY, MONTH
from ingest.parsers.homepage.entries import YEAR as YEAR_PATTERN
from ingest.parsers.homepage.lines import Line
from ingest.parsers.homepage.links import (
    entry_links,
    is_label_line,
    label_texts,
    trailing_buttons,
    trailing_labels,
)
from ingest.parsers.homepage.sections import BULLET_RE

TITLE, AUTHORS, WEAK, CITATION, VENUE, LINKS, PROSE, YEAR = (
    "title", "authors", "weak", "citation", "venue", "links", "prose", "year",
)  # fmt: skip
NUMBER_RE = re.compile(r"^(?:\[\s*[A-Za-z]{0,3}\d{1,4}\s*\]|\(?[A-Za-z]{0,2}\d{1,4}[.)])\s+")
YEAR_LINE_RE = re.compile(r"((?:1[6-9]|20)\d{2})\s*:?\s*(?:\(\d{1,4}\))?")
YEAR_RE = re.compile(r"(?<![\w/.])((?:1[6-9]|20)\d{2})(?![\w/])")
AFTER_YEAR_RE = re.compile(r"^(.*?\b(?:1[6-9]|20)\d{2}[a-z]?\)?)\.\s+([A-Z].{3,})$")
ACRONYM_RE = re.compile(r"\b[A-Z][A-Za-z]*[A-Z]")
VOLUME_RE = re.compile(r"\b\d{1,4}\s*\(\d{1,4}\)|\b\d{1,4}\s*:\s*[eE]?\d{1,6}")
DATE_ONLY_RE = re.compile(rf"(?:(?:{DAY}\s+)?{MONTH}\s+(?:{DAY},?\s+)?)?{YEAR_PATTERN}", re.IGNORECASE)
PAREN_YEAR_RE = re.compile(r"\((?:[A-Za-z]{3,9}\.? )?((?:1[6-9]|20)\d{2})[a-z]?\)")
PATENT_RE = re.compile(r"\bpatent\b", re.IGNORECASE)
LEGEND_RE = re.compile(
    r"^\s*[*†‡#]*\s*(?:equal contribution|joint first|corresponding author|denotes|indicates)", re.I
)
BADGE_KINDS = {"thesis": "thesis", "dissertation": "thesis", "preprint": "preprint", "workshop": "workshop"}
KEY_RE = re.compile(r"[A-Za-z][\w.+-]*_[\w.+-]*|[A-Za-z][A-Za-z-]*(?:19|20)?\d{2}(?:_?[A-Za-z][\w-]*)?")
VENUE_WORDS_RE = re.compile(
    r"\b(?:conference|conf\.|proceedings|proc\.|journal|transactions|trans\.|workshops?|symposium|symp\."
    r"|arxiv|preprint|corr|magazine|letters|springer|elsevier|ieee|acm|siam|vol\.|volume|pp\.|pages"
    r"|thesis|dissertation|chapter|technical report|tech\. rep\.|under review|submitted|to appear"
    r"|published in|accepted (?:at|to|by|in)|in press)\b|^in:?\s+[A-Z]",
    re.IGNORECASE,
)
PUBLISHED_RE = re.compile(
    r"^(?:published|presented|accepted|appeared|appearing|to appear)\s+(?:in|at|to|by)\s*:?\s*", re.I
)
HONOR_RE = re.compile(
    r"\b(?:award|best|prize|oral|spotlight|highlight|top \d+|nominat\w*|honou?rable|distinguished"
    r"|selected (?:as|for)|finalist|most cited|runner.up|outstanding|winner)\b",
    re.IGNORECASE,
)
ABSTRACT_RE = re.compile(r"^(?:abstract|tl;?dr|summary)\s*[:.—-]\s*", re.IGNORECASE)


@dataclass
class Row:
    """One line of a section with its shape."""

    line: Line
    kind: str
    text: str
    labels: list[str] = field(default_factory=list)
    authors: tuple[list[str], bool] | None = None
    citation: Citation | None = None
    venue: str = ""  # of an author line that ends with the venue


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


def classify(line: Line, context: ParseContext) -> Row:
    text = NUMBER_RE.sub("", BULLET_RE.sub("", line.text.strip())).replace("**", "").replace("__", "")
    if len(text) > 2 and text[0] == text[-1] and text[0] in "*_":
        text = text[1:-1]  # "*CVPR 2023*": markdown's emphasis around the whole line
    if YEAR_LINE_RE.fullmatch(text):
        return Row(line, YEAR, text)
    if is_label_line(text):
        return Row(line, LINKS, "", label_texts(text))
    core, labels = trailing_labels(text)
    core, buttons = trailing_buttons(squash(core))
    labels += buttons
    row = Row(line, TITLE, core, labels)
    authors = read_authors(core) if core else None
    if authors:
        names = authors[0]
        sure = len(names) > 1 or any(is_owner(n, context.owner_name) or n in line.bold for n in names)
        row.kind, row.authors = (AUTHORS if sure else WEAK), authors
    elif citation := read_citation(core):
        row.kind, row.citation = CITATION, citation
    elif joined := _authors_and_venue(core, context):
        row.kind, row.authors, row.venue = AUTHORS, joined[0], joined[1]
    elif _keyed_title(core)[0] and "_" in _keyed_title(core)[0]:
        pass  # "ECCV2020_FPT Feature Pyramid Transformer": a citation key, then the title
    elif len(core.split()) < 30 and _is_venue(core, context):
        row.kind = VENUE
    elif _is_prose(core):
        row.kind = PROSE
    return row


def _authors_and_venue(text: str, context: ParseContext) -> tuple[tuple[list[str], bool], str] | None:
    """ "A. Lee, B. Cho. In CVPR, 2023." under a title line: the authors and the venue on one line."""
    if len(text) > 1500 or not YEAR_RE.search(text):
        return None
    for stop in sentence_stops(text):
        rest = text[stop + 1 :].strip()
        authors = read_authors(text[:stop])
        if authors and _is_venue(rest, context):
            return authors, rest
    return None


def _is_prose(text: str) -> bool:
    """Sentences about a paper: long, or a long line that ends as a sentence does."""
    words = len(text.split())
    ends = len(re.findall(r"[.!?](?:\s|$)", text))
    return words >= 30 or (words >= 14 and ends >= 2) or (words >= 15 and text.endswith("."))


def _is_venue(text: str, context: ParseContext) -> bool:
    if len(text.split()) > 30:
        return False
    if VENUE_WORDS_RE.search(text):
        return True
    # "Nature, 2020", "(2023).", "Science 2021": a year that closes a short line.
    if re.search(r"(?:^|[\s,(])(?:1[6-9]|20)\d{2}[a-z]?\)?\.?$", text) and len(text.split()) <= 12:
        return True
    # "ICLR", "CVPR '23", "Proc. of ICASSP": a line that names a known venue.
    first = re.split(r"[,(]", text, maxsplit=1)[0]
    if len(first.split()) <= 4 and venue_key(first) in context.venue_aliases:
        return True  # "ICCV, 2023 (Oral Presentation)", "CVPR"
    if len(text.split()) > 4:  # a title may hold an acronym too ("Tube MPC with Conformal Prediction")
        return False
    # "ICCV, 2023 (Oral Presentation)": an acronym in a short line, looked up the long way.
    return bool(ACRONYM_RE.search(text)) and bool(parse_venue_line(text, context.venue_aliases).acronym)


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
    anchors = []
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


def _is_badge(rows: list[Row], i: int, floor: int) -> bool:
    """A venue's short name above a title ("ICLR"), after an entry that has its own venue line."""
    row = rows[i] if i >= floor else None
    if row is None or row.kind != VENUE or len(row.text.split()) > 3 or re.search(r"\d", row.text):
        return False
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
            return int(YEAR_LINE_RE.fullmatch(row.text).group(1))
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
    paper, unread = _paper(rows, anchor, context)
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


def _paper(rows: list[Row], anchor: Row, context: ParseContext) -> tuple[PaperDraft, set[str]]:
    """The entry's paper, and the texts of its lines that say nothing it could keep."""
    paper = PaperDraft(line=0, title="")
    names, paper.authors_complete = _names(anchor)
    paper.authors = [_author(name) for name in names]
    labels: list[str] = []
    notes: list[str] = []
    prose: list[str] = []
    venue_text = anchor.citation.venue if anchor.citation else anchor.venue
    if anchor.citation:
        paper.title = anchor.citation.title
        paper.year = anchor.citation.year
    after = any(row.kind == VENUE for row in rows[rows.index(anchor) + 1 :])  # a badge before is a hint
    title = None if anchor.citation else _title_row(rows, anchor)
    if title:
        paper.citation_key, paper.title = _keyed_title(title.text)
    for row in rows:
        labels += row.labels
        if row is anchor or row is title or row.kind == "joined":
            continue
        named = _names_venue(row.text)
        if (
            row.kind == VENUE
            and named
            and not venue_text
            and (row.line.number >= anchor.line.number or not after)
        ):
            venue_text = row.text
        elif row.kind == VENUE and _same_venue(row.text, venue_text):
            continue  # "Published in X, 2024" above a citation that names X again
        elif row.kind in (PROSE, TITLE, VENUE, WEAK, AUTHORS, CITATION) and row.text:
            (prose if row.kind == PROSE else notes).append(row.text)
    paper.title = squash(paper.title).strip(" .,").strip("“”\"'‘’").strip(" .,")
    if not venue_text:  # "Ecology 105(6): e4301": a volume and pages say venue where no word does
        venue_text = next((note for note in notes if VOLUME_RE.search(note)), "")
        notes = [note for note in notes if note != venue_text]
    if not venue_text:  # a table's "Where" cell that is also a label: "bioRxiv"
        venue_text = next((label for label in labels if venue_key(label) in context.venue_aliases), "")
    after_year = AFTER_YEAR_RE.match(venue_text)
    if after_year:  # "In Proc. ECC, 2020. Best Student Paper Finalist": the sentence after is a note
        venue_text, notes = after_year.group(1), [after_year.group(2), *notes]
    _venue(paper, venue_text, context)
    if anchor.citation and anchor.citation.year:
        paper.year = anchor.citation.year  # "(2024)." of the citation, not a number in its venue
    notes = [note for note in notes if fold(note) != fold(paper.title)]
    unread = _notes(paper, notes, prose, rows, context)
    paper.abstract = strip_markup(" ".join(ABSTRACT_RE.sub("", text) for text in prose))
    lines = [row.line for row in rows]
    paper.links = entry_links(labels, lines, paper.title, [author.name for author in paper.authors])
    _identifiers(paper, rows)
    return paper, unread


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


def _keyed_title(text: str) -> tuple[str, str]:
    """ "tif_cvpr2024 Few-shot Learner ..." -> the citation key and the title."""
    key, _, title = text.partition(" ")
    if title.strip() and KEY_RE.fullmatch(key) and title.lstrip()[0].isupper():
        return key, title
    return "", text


def _venue(paper: PaperDraft, text: str, context: ParseContext) -> None:
    if not text:
        return
    venue = parse_venue_line(PUBLISHED_RE.sub("", text), context.venue_aliases)
    paper.venue_text, paper.venue_acronym = venue.text, venue.acronym
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
