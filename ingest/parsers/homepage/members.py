"""Members lists as labs write them: blocks anchored on a date line ("Name / 2018 - 2022 /
(with X) / institution / email"), plain lists of names, "PhD Students: A, B, C", and
alumni with "now at ...". Lines that are none of these are left unread."""

import re

from core.dates import parse_span
from core.identifiers import normalize_email
from core.names import split_authors
from core.text import squash
from ingest.parsers.drafts import MembershipDraft, ParseContext, ParseError, ParseResult
from ingest.parsers.homepage.authors import is_name
from ingest.parsers.homepage.entries import DATE, MONTH, RANGE_TAIL, YEAR
from ingest.parsers.homepage.sections import BULLET_RE, Section, heading_kind

SPAN_LINE_RE = re.compile(rf"(?:since|from)\s+{DATE}|{DATE}(?:{RANGE_TAIL}|\s*(?:-|–|—))?", re.IGNORECASE)
SPAN_RE = re.compile(
    rf"(?:since|from|started)\s+{DATE}|{DATE}(?:{RANGE_TAIL}|\s*[-–—](?!\s*\d))?|\b{MONTH}\s+{YEAR}",
    re.IGNORECASE,
)
WITH_RE = re.compile(r"\(\s*(?:with|co-?advised by)\s+([^()]+)\)", re.IGNORECASE)
NOW_RE = re.compile(r"\b(?:now|currently)(?:\s*:|\s+(?:at|with|a|an|in)\b).*$|→.*$", re.IGNORECASE)
AT_MARK_RE = re.compile(r"@|\[at\]|\(at\)|\{at\}", re.IGNORECASE)
FORMER_RE = re.compile(r"\b(?:alumni|alumnae|former|past|graduated)\b", re.IGNORECASE)
AFFILIATION_WORDS = ("university", "institute", "college", "academy", "school", "laboratory", "labs", "inc")
# A role line of a member block, folded by _role_key -> Membership role.
ROLE_TITLES = {
    "research assistant": "research_assistant", "research fellow": "research_fellow",
    "research student": "research_student", "research engineer": "research_engineer",
    "postdoc": "postdoc", "postdoctoral fellow": "postdoc", "postdoctoral researcher": "postdoc",
    "visiting": "visiting", "visiting student": "visiting", "visiting scholar": "visiting",
    "visiting researcher": "visiting", "visiting phd student": "visiting_phd", "phd student": "phd",
    "phd candidate": "phd", "master student": "master", "masters student": "master", "msc student": "master",
    "undergraduate": "undergraduate", "undergraduate student": "undergraduate", "intern": "other",
    "principal investigator": "faculty", "professor": "faculty", "assistant professor": "faculty",
    "associate professor": "faculty", "lab manager": "other", "research scientist": "research_fellow",
}  # fmt: skip
# A word of a member section's heading -> the role of members without a role line.
SECTION_ROLES = (
    ("visitingphd", "visiting_phd"), ("visit", "visiting"), ("phd", "phd"), ("doctoral", "phd"),
    ("master", "master"), ("msc", "master"), ("undergraduate", "undergraduate"),
    ("bachelor", "undergraduate"),
    ("postdoc", "postdoc"), ("fellow", "research_fellow"), ("assistant", "research_assistant"),
    ("engineer", "research_engineer"), ("faculty", "faculty"), ("principal", "faculty"),
    ("professor", "faculty"), ("scientist", "research_fellow"),
)  # fmt: skip

# Degrees and positions as people abbreviate them, in the order they are tried.
DEGREES = [
    (re.compile(p, re.IGNORECASE), role)
    for p, role in (
        (r"\bvisiting\b.*\bph\.?\s?d\b", "visiting_phd"),
        (r"\bvisit(?:ing|ors?)\b", "visiting"),
        (r"\bpost-?docs?\b|\bpostdoctoral\b", "postdoc"),
        (r"\bph\.?\s?d\b|\bdoctoral\b|\bdphil\b", "phd"),
        (r"\bm\.?\s?sc?\b\.?|\bmaster'?s?\b|\bm\.?eng\b|\bmphil\b", "master"),
        (r"\bb\.?\s?sc?\b\.?|\bbachelor'?s?\b|\bundergrad(?:uate)?s?\b|\bb\.?tech\b", "undergraduate"),
    )
]
CO_ADVISED_RE = re.compile(r",?\s*co-?(?:supervised|advised)\s+(?:with|by)\s+([^,;()]+)", re.IGNORECASE)
EMAIL_LABEL_RE = re.compile(r"^\s*e-?mail\s*:\s*", re.IGNORECASE)
ROLE_WORD_RE = re.compile(
    r"\b(?:post-?docs?|postdoctoral|fellow|engineer|scientist|assistant|professor|lecturer|student"
    r"|researcher|intern|candidate|manager|visiting|director|head)s?\b",
    re.IGNORECASE,
)
SEASON_RE = re.compile(
    rf"(?:(?:spring|summer|fall|autumn|winter)\s+)?{YEAR}(?:\s*[-–—]\s*{YEAR})?", re.IGNORECASE
)
HONORIFIC_RE = re.compile(r"^(?:dr|prof|professor|mr|mrs|ms|mx)\.?\s+", re.IGNORECASE)

Text = tuple[int, str]


def read_members(section: Section, context: ParseContext, result: ParseResult) -> None:
    """Members anchored on their date lines; the lines around them read as plain lists."""
    kept: list[Text] = []
    anchors: list[int] = []
    for line in section.lines:
        text = squash(BULLET_RE.sub("", line.text.strip()))
        if not text:
            continue
        if not SPAN_LINE_RE.fullmatch(text):
            kept.append((line.number, text))
        elif not kept or (anchors and anchors[-1] == len(kept) - 1):
            result.errors.append(ParseError(line.number, "member date line without a name", text))
        else:
            anchors.append(len(kept))
            kept.append((line.number, text))
    first_name = anchors[0] - 1 if anchors else len(kept)
    lister = _Lister(section.title, context, result)
    lister.read(kept[:first_name])
    for k, anchor in enumerate(anchors):
        stop = anchors[k + 1] - 1 if k + 1 < len(anchors) else len(kept)
        rest = _member(section, kept[anchor - 1 : stop], result)
        lister.read(rest)


def _member(section: Section, block: list[Text], result: ParseResult) -> list[Text]:
    """One member block; returns the lines after it that are not its fields."""
    (number, name), (_, span), *body = block
    bare, details = _name_and_details(name)  # "Marco De Luca, Ph.D. 2023"
    draft = MembershipDraft(line=number, name=bare or squash(name), section=section.title, role="")
    draft.start, draft.end = parse_span(span)
    used = next((i for i, (_, text) in enumerate(body) if not _member_field(draft, text)), len(body))
    degree = section_role(_role_words(details)) if details else "other"
    draft.role = title_role(draft.title) or (degree if degree != "other" else section_role(section.title))
    draft.raw = "\n".join(text for _, text in block[: used + 2])
    result.memberships.append(draft)
    return body[used:]


def _member_field(draft: MembershipDraft, text: str) -> bool:
    """Put one line of a member block in its field; False when the line starts another member."""
    advisors = WITH_RE.fullmatch(text)
    if advisors:
        draft.co_advisors += split_authors(advisors.group(1))[0]
    elif not draft.title and not draft.institution and title_role(text):
        draft.title = squash(text)
    elif not draft.email and normalize_email(text):
        draft.email = normalize_email(text)
    elif not draft.institution:
        draft.institution, draft.email = _institution_and_email(text)
    else:
        return False
    return True


def _institution_and_email(text: str) -> tuple[str, str]:
    """ "MPI for Informatics yaoyao.liu[at]mpi-inf.mpg.de" -> the institution and the address."""
    mark = AT_MARK_RE.search(text)
    if not mark:
        return squash(text), ""
    start = text.rfind(" ", 0, len(text[: mark.start()].rstrip()))
    email = normalize_email(text[start + 1 :])
    return (squash(text[: start + 1]), email) if email else (squash(text), "")


class _Lister:
    """Members written without date lines: names one a line or in a row, under role labels, or
    cards (a name, then lines about them: role and start, address, co-advisors, degrees)."""

    def __init__(self, title: str, context: ParseContext, result: ParseResult) -> None:
        self.title, self.context, self.result = title, context, result
        self.label = title
        self.span = ""  # a date line above a list of names ("Summer 2024:")
        self.last: MembershipDraft | None = None  # the member whose card is open

    def read(self, lines: list[Text]) -> None:
        for number, text in lines:
            self.line(number, text)

    def line(self, number: int, text: str) -> None:
        label, _, names = text.partition(":")
        role_line = self.last and not self.last.title and ":" not in text and not _is_label(text)
        # "Lab manager" under a name is their role, not a label.
        if self.last and role_line and self.detail(text):
            self.last.raw += "\n" + text
        elif heading_kind(text.rstrip(":")) == "members" or title_role(text.rstrip(":")):
            self.label, self.last, self.span = text.rstrip(": "), None, ""
        elif not names.strip() and SEASON_RE.fullmatch(label.strip()):
            self.span, self.last = label.strip(), None  # "Summer 2024:" dates the names below
        elif names.strip() and (_is_label(label) or title_role(label)):
            for name in _people(names):
                self.member(number, name, text, label=label)
            self.last = None
        elif self.last and self.detail(text):
            self.last.raw += "\n" + text
        elif not self.member(number, text, text):
            self.result.unread.append((number, text))
            self.last = None

    def member(self, number: int, text: str, raw: str, label: str = "") -> bool:
        """A member from "Name", "Name (2019-2023, now at X)", "Name, PhD 2020 - now at X"."""
        name, details = _name_and_details(text)
        if not name:
            return False
        label = label or self.label
        draft = MembershipDraft(line=number, name=name, section=self.title, role="", raw=raw)
        dated = _dates(draft, details) or _dates(draft, self.span)
        words = _role_words(details)
        named = section_role(words) if words else "other"  # "PhD 2019" names the role too
        draft.role = title_role(words) or (named if named != "other" else section_role(label))
        if FORMER_RE.search(f"{self.title} {label}") and not draft.end:
            # Alumni listed without dates had left by the day the page was read, at the latest.
            draft.end = draft.start if draft.start and not dated else str(self.context.observed_at.year)
        self.result.memberships.append(draft)
        self.last = draft
        return True

    def detail(self, text: str) -> bool:
        """A line of a member's card; False when it is none (the next member's name, say)."""
        assert self.last
        member = self.last
        advisors = WITH_RE.fullmatch(text) or CO_ADVISED_RE.search(text)
        if advisors:
            member.co_advisors += split_authors(HONORIFIC_RE.sub("", advisors.group(1)))[0]
        email = normalize_email(EMAIL_LABEL_RE.sub("", text))
        if email and not member.email:
            member.email = email
            return True
        if NOW_RE.match(text) or (member.title and _is_degree(text)):
            return True  # where they went, or a degree they hold: read, not kept
        if not member.title and (title_role(text) or ROLE_WORD_RE.search(text) or _is_degree(text)):
            member.title = squash(CO_ADVISED_RE.sub("", text)).strip(" ,")
            member.role = title_role(member.title) or section_role(member.title)
            _dates(member, text)
            return True
        if not member.institution and not _name_and_details(text)[0] and _is_institution(text):
            member.institution, email = _institution_and_email(text)
            member.email = member.email or email
            return True
        return bool(advisors)


def _is_label(text: str) -> bool:
    """ "PhD students", "Co-supervised PhD students (main supervisor elsewhere)", "Alumni"."""
    words = _role_key(re.sub(r"\([^)]*\)", " ", text)).split()
    return 0 < len(words) <= 8 and (
        heading_kind(text) == "members"
        or any(
            word in ("students", "postdocs", "alumni", "members", "visitors", "interns", "fellows")
            for word in words
        )
    )


def _dates(member: MembershipDraft, text: str) -> bool:
    season = SEASON_RE.fullmatch(text.strip())
    if season and not member.start:  # "Summer 2024": a stint within that year (or years)
        years = re.findall(r"\d{4}", text)
        member.start, member.end = years[0], years[-1]
        return True
    span = SPAN_RE.search(NOW_RE.sub("", text))
    if span and not member.start:
        member.start, member.end = parse_span(re.sub(r"^started\s+", "since ", span.group(0), flags=re.I))
    return bool(span)


def _is_degree(text: str) -> bool:
    return any(pattern.match(text) for pattern, _ in DEGREES)


def _is_institution(text: str) -> bool:
    if text.rstrip().endswith(":"):
        return False  # "Lab address:" labels what follows
    return any(word in text.lower().split() for word in AFFILIATION_WORDS) or len(text.split()) <= 3


def _people(text: str) -> list[str]:
    """ "A (2021-), B (M.S. 2022, now at X) and C" -> the three, their parentheses kept."""
    parts, depth, start = [], 0, 0
    for match in re.finditer(r"[()]|,|;|\band\b", text):
        token = match.group(0)
        depth += {"(": 1, ")": -1}.get(token, 0)
        if depth == 0 and token not in "()":
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return [squash(part) for part in parts if part.strip(" .")]


def _name_and_details(text: str) -> tuple[str, str]:
    """ "Ana Lopes (PhD 2019, now at X)" -> "Ana Lopes", "PhD 2019, now at X"."""
    match = re.match(r"^([^(,;–—:|]+?)\s*(?:[(,;–—:|]|\s-\s)\s*(.*?)\)?$", text)
    name, details = (match.group(1), match.group(2)) if match else (text, "")
    name = squash(HONORIFIC_RE.sub("", name))
    return (name, details) if is_name(name) and len(name.split()) <= 5 else ("", "")


def _role_words(details: str) -> str:
    return squash(re.sub(rf"{DATE}|since|from|now.*$|[\d(),;–—-]", " ", details, flags=re.IGNORECASE))


def _role_key(text: str) -> str:
    return squash(re.sub(r"[.\-]", "", text.lower()).replace("ph d", "phd"))


def title_role(text: str) -> str:
    """The role a role line names ("Visiting PhD Student" -> visiting_phd); "" if it names none."""
    key = _role_key(text)
    if key.startswith("visiting ") and key not in ROLE_TITLES:
        return "visiting_phd" if "phd" in key else "visiting"
    return ROLE_TITLES.get(key, "")


def section_role(title: str) -> str:
    """The role a heading, a label or a degree names: "MS students", "Ph.D. 2023", "postdoc 2021–2023"."""
    degree = next((role for pattern, role in DEGREES if pattern.search(title)), "")
    if degree:
        return degree
    key = _role_key(title).replace(" ", "")
    return next((role for word, role in SECTION_ROLES if word in key), "other")
