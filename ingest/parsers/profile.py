"""The profile format: an aggregator's researcher page, a metrics header then paper entries.

An entry is a line "CVMar 8, 2022Code" (arXiv category glued to the date, then an optional
"Code" flag), the title, the authors (often cut with "et al.", sometimes followed by
" · affiliation"), then the first part of the abstract.
"""

import re
from dataclasses import dataclass, field

from core.dates import parse_date
from core.names import ET_AL_RE, PARTICLES, clean_name, name_marks, split_authors
from core.text import prose, squash
from ingest.formats import Format
from ingest.parsers.drafts import (
    AuthorDraft,
    LinkDraft,
    MetricsDraft,
    PaperDraft,
    ParseContext,
    ParseError,
    ParseResult,
    PersonDraft,
)

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
ENTRY_RE = re.compile(
    rf"(?P<category>[A-Z]{{2,4}}) ?(?P<date>(?:{MONTHS})[a-z]{{0,6}}\.? ?\d{{1,2}}(?:,? ?(?:19|20)\d{{2}})?)"
    r" ?(?P<code>Code)?"
)
NUMBER = r"(?P<number>\d[\d,]{0,15}(?:\.\d{1,3})?)(?P<thousands>[kK])?"
METRIC_RES = {
    "h_index": re.compile(rf"h-index ?:? ?{NUMBER}", re.IGNORECASE),
    "paper_count": re.compile(rf"{NUMBER} ?papers", re.IGNORECASE),
    "citation_count": re.compile(rf"{NUMBER} ?citations", re.IGNORECASE),
}
# Scores of the aggregator's own making, not facts about the person.
IGNORED_HEADER_RE = re.compile(r"(?:novelty|ai ?score) ?:? ?\d", re.IGNORECASE)
CS_CATEGORIES = frozenset(
    {"AI", "AR", "CC", "CE", "CG", "CL", "CR", "CV", "CY", "DB", "DC", "DL", "DM", "DS", "ET", "FL", "GL"}
    | {"GR", "GT", "HC", "IR", "IT", "LG", "LO", "MA", "MM", "MS", "NA", "NE", "NI", "OH", "OS", "PF"}
    | {"PL", "RO", "SC", "SD", "SE", "SI", "SY"}
)
OTHER_CATEGORIES = {"IV": "eess.IV", "AS": "eess.AS", "SP": "eess.SP", "ML": "stat.ML", "OC": "math.OC"}
GITHUB_RE = re.compile(r"https?://(?:www\.)?github\.com/[^\s{}<>\\\"'()\[\]]+", re.IGNORECASE)
AFFILIATION_SEPARATOR = " · "
NAME_TOKEN_CHARS = frozenset("-'.’")
GLUE_AFTER = frozenset(".:?!)]'\"’”")
MAX_TITLE_CHARS = 600
MAX_NAME_CHARS = 80
MAX_AUTHOR_LINE_CHARS = 5_000


@dataclass
class _Entry:
    """The lines of one entry: its category/date line and the lines up to the next one."""

    line: int
    match: re.Match[str]
    body: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def raw(self) -> str:
        return "\n".join(self.lines).strip()


def parse(text: str, context: ParseContext) -> ParseResult:
    """One PersonDraft from the header, one PaperDraft per entry; bad entries go to errors."""
    if not text.strip():
        raise ParseError(0, "the input is empty")
    result = ParseResult(format=Format.PROFILE)
    header: list[tuple[int, str]] = []
    entry: _Entry | None = None
    entries = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = squash(line)
        match = ENTRY_RE.fullmatch(stripped)
        if match:
            _finish(entry, context, result)
            entry, entries = _Entry(number, match, lines=[line]), entries + 1
        elif entry:
            entry.lines.append(line)
            if stripped:
                entry.body.append(stripped)
        elif stripped:
            header.append((number, stripped))
    _finish(entry, context, result)
    person = _person(header, result)
    if not entries and (person is None or person.metrics is None):
        raise ParseError(0, "not a profile page: no metrics (h-index, papers, citations) and no entries")
    if person:
        result.people.append(person)
    result.errors.sort(key=lambda error: error.line)
    return result


def _person(header: list[tuple[int, str]], result: ParseResult) -> PersonDraft | None:
    """Name, research field and metrics from the lines before the first entry."""
    if not header:
        return None
    person = PersonDraft(line=header[0][0], raw="\n".join(line for _, line in header))
    metrics = MetricsDraft()
    for number, line in header:
        if _read_metric(line, metrics) or IGNORED_HEADER_RE.match(line):
            continue
        if not person.name:
            person.name = line
        elif not person.research_field:
            person.research_field = line
        else:
            result.errors.append(ParseError(number, f"header line not understood: {line[:80]!r}", line))
    if metrics != MetricsDraft():
        person.metrics = metrics
    return person if person.name or person.metrics else None


def _read_metric(line: str, metrics: MetricsDraft) -> bool:
    """Sets the metric the line states ("h-index15", "54papers", "1,706citations"); False if none."""
    for name, pattern in METRIC_RES.items():
        match = pattern.fullmatch(line)
        if match:
            if getattr(metrics, name) is None:  # "54 Papers" above the list repeats "54papers"
                setattr(metrics, name, _number(match))
            return True
    return False


def _number(match: re.Match[str]) -> int:
    value = float(match["number"].replace(",", ""))
    return round(value * 1000) if match["thousands"] else int(value)


def _finish(entry: _Entry | None, context: ParseContext, result: ParseResult) -> None:
    if entry is None:
        return
    try:
        result.papers.append(_paper(entry, context))
    except ParseError as error:
        result.errors.append(error)


def _paper(entry: _Entry, context: ParseContext) -> PaperDraft:
    if not entry.body:
        raise ParseError(entry.line, "a category/date line without a title", entry.raw)
    title, names, complete, rest = _title_and_authors(entry)
    if len(title) > MAX_TITLE_CHARS:
        raise ParseError(entry.line, f"the title line is {len(title):,} characters long", entry.raw)
    found = parse_date(entry.match["date"], context.observed_at)
    abstract = " ".join(rest)
    return PaperDraft(
        line=entry.line,
        title=prose(title),
        authors=[_author(name) for name in names],
        authors_complete=complete,
        date=found,
        year=int(found[:4]) if found else None,
        kind="preprint",
        categories=[_category(entry.match["category"])],
        links=_links(entry.match, abstract),
        abstract=prose(abstract),
        raw=entry.raw,
    )


def _title_and_authors(entry: _Entry) -> tuple[str, list[str], bool, list[str]]:
    """(title, author names, complete, abstract lines) of an entry's body."""
    body = entry.body
    authors = _author_line(body[1]) if len(body) > 1 else None
    if authors:
        return body[0], *authors, body[2:]
    glued = _split_glued(body[0])
    if glued:
        return *glued, body[1:]
    cut = _author_line(body[0])
    if cut and not cut[1]:
        raise ParseError(entry.line, "no title: an author list follows the category/date line", entry.raw)
    # No author line: the paper is kept, its author list unknown.
    return body[0], [], False, body[1:]


def _author_line(line: str) -> tuple[list[str], bool] | None:
    """The names of an author line and whether it is complete; None if the line is not one."""
    if len(line) > MAX_AUTHOR_LINE_CHARS:
        return None
    # " · tsinghua" after the names is the paper's affiliation; no author's for sure: dropped.
    names, complete = split_authors(line.split(AFFILIATION_SEPARATOR, 1)[0])
    if names and all(_is_name(clean_name(name)) for name in names):
        return names, complete
    return None


def _split_glued(line: str) -> tuple[str, list[str], bool] | None:
    """ "…TrainingChaojian Yu, Bo Han et al." -> (title, names, complete); None if nothing is glued."""
    if len(line) > MAX_TITLE_CHARS + MAX_AUTHOR_LINE_CHARS:
        return None
    text = line.split(AFFILIATION_SEPARATOR, 1)[0]
    complete = not ET_AL_RE.search(text)
    parts = [part.strip().removeprefix("and ") for part in ET_AL_RE.sub("", text).split(",")]
    first = len(parts) - 1  # parts[first + 1:] are whole names, parts[first] holds the glue
    while first > 0 and _is_name(clean_name(parts[first])):
        first -= 1
    if complete and first == len(parts) - 1:
        return None  # neither "et al." nor a comma list: a title, not a glued author list
    cut = _glue_point(parts[first])
    if cut is None:
        return None
    title = ", ".join([*parts[:first], parts[first][:cut]])
    return squash(title), [parts[first][cut:], *parts[first + 1 :]], complete


def _glue_point(text: str) -> int | None:
    """Where a name starts glued to the end of a title: the rightmost such point."""
    for index in range(len(text) - 1, max(0, len(text) - MAX_NAME_CHARS), -1):
        if _is_glue(text, index) and _is_name(clean_name(text[index:])):
            return index
    return None


def _is_glue(text: str, index: int) -> bool:
    """A capital right after a lower-case letter, a digit or punctuation, or starting "Ab" after "CLIP"."""
    char, before = text[index], text[index - 1]
    if not char.isupper() or before.isspace():
        return False
    if before.islower() or before.isdigit() or before in GLUE_AFTER:
        return True
    return before.isupper() and index + 1 < len(text) and text[index + 1].islower()


def _is_name(name: str) -> bool:
    """ "Chaojian Yu", "Luc Van Gool", "Steven C.H. Hoi": two to six capitalised words."""
    tokens = name.split()
    return 2 <= len(tokens) <= 6 and len(name) <= MAX_NAME_CHARS and all(map(_is_name_token, tokens))


def _is_name_token(token: str) -> bool:
    if token.lower() in PARTICLES:
        return True
    return (
        token[0].isalpha()
        and not token[0].islower()
        and all(char.isalpha() or char in NAME_TOKEN_CHARS for char in token)
    )


def _author(name: str) -> AuthorDraft:
    equal, corresponding = name_marks(name)
    return AuthorDraft(name=clean_name(name), equal_contribution=equal, corresponding=corresponding)


def _category(abbreviation: str) -> str:
    """ "CV" -> "cs.CV", "IV" -> "eess.IV"; an abbreviation not known is kept as written."""
    if abbreviation in CS_CATEGORIES:
        return f"cs.{abbreviation}"
    return OTHER_CATEGORIES.get(abbreviation, abbreviation)


def _links(match: re.Match[str], abstract: str) -> list[LinkDraft]:
    """A code link when the entry is flagged "Code", with the GitHub URL the abstract gives."""
    if not match["code"]:
        return []
    url = GITHUB_RE.search(abstract)
    return [LinkDraft(kind="code", url=url.group(0).rstrip(".,;:") if url else "")]
