"""Each line of a section given a shape: an author list, a whole one-line citation, a venue line,
link labels, prose, a year heading, or a title-like line. Shapes follow from the line alone."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from core.dates import YEAR as YEAR_PATTERN
from core.keys import venue_key as _venue_key
from core.text import squash
from ingest.parsers.drafts import ParseContext
from ingest.parsers.homepage.authors import (
    YEAR_RE,
    Citation,
    is_owner,
    read_authors,
    read_citation,
    sentence_stops,
)
from ingest.parsers.homepage.entries import DAY, MONTH
from ingest.parsers.homepage.lines import Line
from ingest.parsers.homepage.links import (
    is_label_line,
    label_texts,
    trailing_buttons,
    trailing_labels,
)
from ingest.parsers.homepage.sections import BULLET_RE
from venues.names import parse_venue_line

TITLE, AUTHORS, WEAK, CITATION, VENUE, LINKS, PROSE, YEAR = (
    "title", "authors", "weak", "citation", "venue", "links", "prose", "year",
)  # fmt: skip
NUMBER_RE = re.compile(r"^(?:\[\s*[A-Za-z]{0,3}\d{1,4}\s*\]|\(?[A-Za-z]{0,2}\d{1,4}[.)])\s+")
YEAR_LINE_RE = re.compile(rf"({YEAR_PATTERN})\s*:?\s*(?:\(\d{{1,4}}\))?")
AFTER_YEAR_RE = re.compile(rf"^(.*?\b{YEAR_PATTERN}[a-z]?\)?)\.\s+([A-Z].{{3,}})$")
ACRONYM_RE = re.compile(r"\b[A-Z][A-Za-z]*[A-Z]")
VOLUME_RE = re.compile(r"\b\d{1,4}\s*\(\d{1,4}\)|\b\d{1,4}\s*:\s*[eE]?\d{1,6}")
DATE_ONLY_RE = re.compile(rf"(?:(?:{DAY}\s+)?{MONTH}\s+(?:{DAY},?\s+)?)?{YEAR_PATTERN}", re.IGNORECASE)
CLOSING_YEAR_RE = re.compile(rf"(?:^|[\s,(]){YEAR_PATTERN}[a-z]?\)?\.?$")
PAREN_YEAR_RE = re.compile(rf"\((?:[A-Za-z]{{3,9}}\.? )?({YEAR_PATTERN})[a-z]?\)")
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


@lru_cache(maxsize=65536)
def venue_key(text: str) -> str:
    """The catalogue's key of a short line, kept: badges and venue names repeat down a page."""
    return _venue_key(text)


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
    elif keyed_title(core)[0] and "_" in keyed_title(core)[0]:
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
    if CLOSING_YEAR_RE.search(text) and len(text.split()) <= 12:
        return True
    # "ICLR", "CVPR '23", "Proc. of ICASSP": a line that names a known venue.
    first = re.split(r"[,(]", text, maxsplit=1)[0]
    if len(first.split()) <= 4 and venue_key(first) in context.venue_aliases:
        return True  # "ICCV, 2023 (Oral Presentation)", "CVPR"
    if len(text.split()) > 4:  # a title may hold an acronym too ("Tube MPC with Conformal Prediction")
        return False
    # "ICCV, 2023 (Oral Presentation)": an acronym in a short line, looked up the long way.
    return bool(ACRONYM_RE.search(text)) and bool(parse_venue_line(text, context.venue_aliases).acronym)


def keyed_title(text: str) -> tuple[str, str]:
    """ "tif_cvpr2024 Few-shot Learner ..." -> the citation key and the title."""
    key, _, title = text.partition(" ")
    if title.strip() and KEY_RE.fullmatch(key) and title.lstrip()[0].isupper():
        return key, title
    return "", text
