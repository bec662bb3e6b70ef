"""A page cut into sections at its headings, with menus and footers set aside.

A heading is a short line that names a kind of section ("Recent Publications",
"Publications (all | selected)", "Qianru's Talks", "PhD Students"); a run of such
lines with nothing between them is a menu, not a heading.
"""

import re
from dataclasses import dataclass, field

from ingest.normalize.keys import fold
from ingest.parsers.homepage.lines import Line

BULLET_RE = re.compile(r"^(?:[•·▪◦‣►▸]\s*|[-*–]\s+|#{1,6}\s+)")
POSSESSIVE_RE = re.compile(r"^([A-Za-z][\w-]*)['’]s\s+(\S.*)$")
NUMBERING_RE = re.compile(r"^(?:\d{1,2}|[ivx]{1,4})[.)]\s+", re.I)
# Words of a heading, by the section they name. Matched on folded words.
KIND_WORDS: dict[str, set[str]] = {
    "bio": {"bio", "biography", "about", "profile", "introduction", "welcome", "biosketch"},
    "news": {"news", "updates", "announcements", "happenings"},
    "members": {
        "students", "postdocs", "postdoctoral", "fellows", "assistants", "staff",
        "engineers", "scientists", "researchers", "visitors", "interns", "alumni", "members",
        "people", "team", "advisees", "mentees", "scholars", "graduates", "collaborators_",
    },
    "publications": {
        "publications", "publication", "papers", "preprints", "articles", "manuscripts", "proceedings",
        "chapters", "theses", "dissertations", "patents", "bibliography", "research", "works", "pubs",
    },
    "award": {"awards", "award", "honors", "honours", "prizes", "fellowships", "grants", "funding"},
    "service": {"service", "services", "reviewing", "editorial", "committees", "activities"},
    "talk": {"talks", "keynotes", "presentations", "tutorials", "lectures_"},
    "seminar": {"seminars", "seminar"},
    "collaboration": {"collaborations", "collaborators", "partners"},
    "teaching": {"teaching", "courses", "lectures", "classes"},
    "ignored": {
        "programmes", "programs", "contact", "links", "misc", "miscellaneous", "cv", "resume", "openings",
        "vacancies", "positions", "interests", "projects", "software", "datasets", "education",
        "experience", "employment", "home", "blog", "gallery", "photos", "join", "prospective", "sponsors",
        "biography_",
    },
}  # fmt: skip
# Words that qualify a heading without changing its kind.
QUALIFIERS = {
    "selected", "recent", "full", "all", "complete", "list", "of", "my", "our", "the", "and", "peer",
    "reviewed", "refereed", "other", "more", "latest", "key", "representative", "main", "major",
    "current", "past", "former", "new", "older", "journal", "journals", "conference", "conferences",
    "workshop", "workshops", "book", "books", "phd", "ph", "d", "master", "masters", "msc", "doctoral",
    "undergraduate", "graduate", "bachelor", "research", "lab", "group", "invited", "professional",
    "academic", "in", "international", "or", "by", "year", "topic", "short", "me", "honors",
    "earlier", "previous", "active", "program", "committee", "reading", "what",
    "s", "whats", "us", "visiting", "with", "at", "to", "technical", "reports", "report", "press", "media",
}  # fmt: skip
MENU_WORDS = set().union(*KIND_WORDS.values()) - {"research", "people"} | {"home", "cv", "contact", "blog"}
CHROME_RE = re.compile(
    r"©|\bcopyright\b|powered by|last (?:updated|modified)|all rights reserved|built with|theme by"
    r"|hosted (?:on|by) github|^\s*back to top\s*$|^\s*(?:skip to (?:main )?content|toggle navigation)\s*$",
    re.I,
)
YEAR_RE = re.compile(r"(?:1[6-9]|20)\d{2}")


@dataclass
class Section:
    kind: str
    title: str
    line: int
    lines: list[Line] = field(default_factory=list)


@dataclass
class Heading:
    kind: str
    title: str
    given_name: str = ""


def heading(line: Line) -> Heading | None:
    """The section a line names, when it is a heading."""
    text = line.text.strip()
    if not text or len(text) > 80 or (text[-1] in ".,;" and not line.level):
        return None
    title = _bare_title(text)
    given_name, bare = "", title
    possessive = POSSESSIVE_RE.match(title)
    if possessive:
        given_name, bare = possessive.groups()
    kind = heading_kind(bare)
    if kind:
        return Heading(kind, title, given_name)
    return None


def heading_kind(title: str) -> str:
    """The kind of section a heading's words name; "" when they name none or several."""
    words = fold(title).replace("ph d", "phd").split()
    if not words or len(words) > 7:
        return ""
    kinds = {kind for word in words for kind, names in KIND_WORDS.items() if word in names}
    if "research" in words and kinds - {"publications"}:
        kinds.discard("publications")  # "Research Fellows", "Research Interests"
    if kinds == {"publications"} and "research" in words and {"group", "lab", "team"} & set(words):
        kinds = {"members"}
    if "selected" in words and kinds == {"publications"}:
        kinds = {"selected"}
    leftover = [w for w in words if w not in QUALIFIERS and not any(w in n for n in KIND_WORDS.values())]
    if len(kinds) != 1 or leftover:
        return ""
    return kinds.pop()


def _bare_title(text: str) -> str:
    """ "• Publications (all | selected) [Venues]:" -> "Publications"."""
    text = BULLET_RE.sub("", text)
    text = re.sub(r"\[[^\]]*\]|\([^)]*\)|\{[^}]*\}", " ", text)
    text = re.split(r"\s[|/]\s", text)[0]
    text = NUMBERING_RE.sub("", text.strip())
    return " ".join(text.replace(":", " ").split())


def is_chrome(line: Line) -> bool:
    """A footer or a menu line: "© 2025 ... Powered by Jekyll", "Home | Publications | CV"."""
    text = line.text.strip()
    if CHROME_RE.search(text) and len(text) < 200:
        return True
    words = fold(text).split()
    menu = sum(word in MENU_WORDS for word in words)
    return menu >= 3 and menu >= 0.6 * len(words)


def split_sections(lines: list[Line]) -> tuple[list[Section], str]:
    """The page cut at its headings, and the given name of a possessive heading ("Qianru's Talks")."""
    sections = [Section("preamble", "", 1)]
    given_name = ""
    menus = _menu_lines(lines)
    for index, line in enumerate(lines):
        found = heading(line) if index not in menus else None
        if index in menus or is_chrome(line):
            continue
        if found:
            sections.append(Section(found.kind, found.title, line.number))
            given_name = given_name or found.given_name
        else:
            sections[-1].lines.append(line)
    return sections, given_name


def _menu_lines(lines: list[Line]) -> set[int]:
    """Indexes of runs of three or more short adjacent lines, most of them menu words."""
    menus: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, Line(0, "")]):
        words = fold(_bare_title(line.text)).split()
        adjacent = bool(run) and 0 <= line.number - lines[run[-1]].number <= 1
        if words and len(words) <= 4 and (not run or adjacent):
            run.append(index)
            continue
        named = sum(any(w in MENU_WORDS for w in fold(lines[i].text).split()) for i in run)
        if len(run) >= 3 and named >= 2 and named >= 0.5 * len(run):
            menus.update(run)
        run = [index] if words and len(words) <= 4 else []
    return menus
