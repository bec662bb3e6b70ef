"""The homepage format: a faculty page as text (bio, news, members, publications by year, entries)."""

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.normalize.dates import parse_date, parse_span
from ingest.normalize.identifiers import normalize_arxiv_id, normalize_email
from ingest.normalize.keys import fold
from ingest.normalize.names import PARTICLES, clean_name, name_marks, split_authors
from ingest.normalize.text import squash, strip_markup
from ingest.normalize.venues import parse_venue_line
from ingest.parsers.drafts import (
    AuthorDraft,
    EntryDraft,
    LinkDraft,
    MembershipDraft,
    PaperDraft,
    ParseContext,
    ParseError,
    ParseResult,
    PersonDraft,
)

BULLET_RE = re.compile(r"^(?:[•·▪◦‣]\s*|[-*–]\s+)")
POSSESSIVE_RE = re.compile(r"^([A-Za-z][\w-]*)['’]s\s+(\S.*)$")
# Heading text (bullet, trailing labels and colon removed, lower case) -> section kind.
HEADINGS = (
    (re.compile(r"bio(?:graphy)?|about(?: me)?"), "bio"),
    (re.compile(r"(?:latest )?news|updates"), "news"),
    (re.compile(r"(?:ph\.? ?d\.?|doctoral|master'?s?|undergraduate|graduate) students"), "members"),
    (re.compile(r"research (?:fellows|assistants|staff)(?: ?/ ?(?:assistants|fellows))?"), "members"),
    (re.compile(r"postdocs|visitors|interns|alumni|(?:group |lab |current )?members"), "members"),
    (re.compile(r"selected publications"), "selected"),
    (re.compile(r"(?:full |all )?publications"), "publications"),
    (re.compile(r"awards?(?: and (?:funding|grants))?|honou?rs(?: and awards)?|funding|grants"), "award"),
    (re.compile(r"(?:professional )?services?"), "service"),
    (re.compile(r"(?:invited )?talks"), "talk"),
    (re.compile(r"(?:group )?seminars"), "seminar"),
    (re.compile(r"collaborations|collaborators"), "collaboration"),
    (re.compile(r"teaching"), "teaching"),
    (re.compile(r"programm?es"), "ignored"),
)
ENTRY_KINDS = {"news", "award", "service", "talk", "seminar", "collaboration", "teaching"}
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
YEAR = r"(?:19|20)\d{2}"
DAY = r"(?:[0-2]?\d|3[01])"
DATE = rf"(?:{YEAR}-(?:0[1-9]|1[0-2])(?:-\d{{2}})?|(?:{DAY}\s+{MONTH}\s+|{MONTH}\s+(?:{DAY},?\s+)?)?{YEAR})"
RANGE_TAIL = rf"\s*(?:-|–|—|\bto\b|\buntil\b)\s*(?:{DATE}|present|now|today)"
SPAN_LINE_RE = re.compile(rf"(?:since|from)\s+{DATE}|{DATE}(?:{RANGE_TAIL}|\s*(?:-|–|—))?", re.IGNORECASE)
DATE_PREFIX_RE = re.compile(
    rf"(?P<since>since\s+)?(?P<date>{DATE}|{MONTH}\s+{DAY}(?!\d))(?P<tail>{RANGE_TAIL})?"
    r"(?P<sep>\s*[,:;]\s*|\s*[-–—]\s+|\s{2,}|\t\s*|\s+|$)",
    re.IGNORECASE,
)
YEAR_HEADING_RE = re.compile(rf"({YEAR}):?")
KEY_RE = re.compile(r"[A-Za-z0-9][\w.:+-]*")
WITH_RE = re.compile(r"\(\s*(?:with|co-?advised by)\s+([^()]+)\)", re.IGNORECASE)
AT_MARK_RE = re.compile(r"@|\[at\]|\(at\)|\{at\}", re.IGNORECASE)
# A role line of a member block, folded by _role_key -> Membership role.
ROLE_TITLES = {
    "research assistant": "research_assistant", "research fellow": "research_fellow",
    "research student": "research_student", "research engineer": "research_engineer",
    "postdoc": "postdoc", "postdoctoral fellow": "postdoc", "postdoctoral researcher": "postdoc",
    "visiting": "visiting", "visiting student": "visiting", "visiting scholar": "visiting",
    "visiting researcher": "visiting", "visiting phd student": "visiting_phd", "phd student": "phd",
    "master student": "master", "undergraduate": "undergraduate", "undergraduate student": "undergraduate",
    "intern": "other",
}  # fmt: skip
# A word of a member section's heading -> the role of members without a role line.
SECTION_ROLES = (
    ("phd", "phd"), ("doctoral", "phd"), ("master", "master"), ("undergraduate", "undergraduate"),
    ("postdoc", "postdoc"), ("fellow", "research_fellow"), ("assistant", "research_assistant"),
    ("visit", "visiting"),
)  # fmt: skip
LINK_KINDS = {
    "paper": "pdf", "pdf": "pdf", "preprint": "pdf", "supp": "supplement", "supplement": "supplement",
    "supplementary": "supplement", "appendix": "appendix", "video": "video", "slides": "slides",
    "poster": "poster", "project": "project", "github": "code", "gitlab": "code",
}  # fmt: skip
AFFILIATION_WORDS = ("university", "institute", "college", "academy", "school of")

Line = tuple[int, str]


@dataclass
class Section:
    kind: str
    title: str
    line: int
    lines: list[Line] = field(default_factory=list)


def parse(text: str, context: ParseContext) -> ParseResult:
    """Read a faculty homepage; malformed records go to result.errors, the rest still comes out."""
    sections, given_name = _split_sections(text.split("\n"))
    if not any(section.kind != "preamble" for section in sections):
        raise ParseError(0, "no homepage section (Bio, News, Publications, ...) was found")
    result = ParseResult(format="homepage")
    bio: Section | None = None
    for section in sections:
        if section.kind == "bio":
            bio = bio or section
        elif section.kind in ENTRY_KINDS:
            result.entries += _entries(section, context)
        elif section.kind == "members":
            _members(section, result)
        elif section.kind in ("selected", "publications"):
            _papers(section, context, result)
    owner = _owner(bio, _owner_name(result.papers, given_name))
    if owner:
        result.people.append(owner)
    return result


def _heading(text: str) -> tuple[str, str, str]:
    """(kind, title as written, possessive given name) when text is a section heading, else kinds ""."""
    title = _trailing_labels(BULLET_RE.sub("", text))[0].rstrip(":").strip() if len(text) < 100 else ""
    if not title or len(title) > 60:
        return "", "", ""
    owner, bare = "", title
    possessive = POSSESSIVE_RE.match(title)
    if possessive:
        owner, bare = possessive.groups()
    lowered = squash(bare.lower())
    kind = next((kind for pattern, kind in HEADINGS if pattern.fullmatch(lowered)), "")
    return kind, title, owner if kind else ""


def _split_sections(lines: list[str]) -> tuple[list[Section], str]:
    """The page cut at its headings, and the given name of a possessive heading ("Qianru's Talks")."""
    sections = [Section("preamble", "", 1)]
    given_name = ""
    for number, raw in enumerate(lines, 1):
        text = raw.strip()
        kind, title, owner = _heading(text) if text else ("", "", "")
        if kind:
            sections.append(Section(kind, title, number))
            given_name = given_name or owner
        else:
            sections[-1].lines.append((number, raw))
    return sections, given_name


def _trailing_labels(text: str) -> tuple[str, list[str]]:
    """Text without its trailing "[code] [slides]" labels, and the labels in order."""
    end, labels = len(text.rstrip()), []
    # Indexes, not slices of the whole text: a line of many labels stays linear.
    while end and text[end - 1] == "]":
        start = text.rfind("[", 0, end)
        if start < 0 or "]" in text[start + 1 : end - 1] or not text[start + 1 : end - 1].strip():
            break
        labels.append(text[start:end])
        end = start
        while end and text[end - 1].isspace():
            end -= 1
    return text[:end], labels[::-1]


def _links(labels: list[str]) -> list[LinkDraft]:
    return [LinkDraft(kind=_link_kind(label), url="", label=label) for label in labels]


def _link_kind(label: str) -> str:
    word = label.strip("[] ").lower().rstrip(".").replace("-", "")
    return "code" if word.endswith("code") else LINK_KINDS.get(word, "other")


def _entries(section: Section, context: ParseContext) -> list[EntryDraft]:
    """One entry per bullet; lines without a bullet continue a bulleted entry or stand alone."""
    groups: list[list[Line]] = []
    continues = False
    for number, raw in section.lines:
        text = raw.strip()
        if not text:
            continue
        bulleted = bool(BULLET_RE.match(text))
        if groups and continues and not bulleted:
            groups[-1].append((number, raw))
        else:
            groups.append([(number, raw)])
            continues = bulleted
    return [_entry(section.kind, group, context) for group in groups]


def _entry(kind: str, group: list[Line], context: ParseContext) -> EntryDraft:
    # Squashed only after the date: "2020   IS112" is a date then a course, "2021 and before" is not.
    text = " ".join(BULLET_RE.sub("", raw.strip()) for _, raw in group)
    text, labels = _trailing_labels(text)
    start, end, text = _date_prefix(text, context)
    text = squash(text)
    if kind == "award" and re.search(r"\b(?:grants?|funding)\b", text, re.IGNORECASE):
        kind = "funding"
    raw = "\n".join(raw for _, raw in group)
    return EntryDraft(
        line=group[0][0], kind=kind, text=text, date=start, end=end, links=_links(labels), raw=raw
    )


def _date_prefix(text: str, context: ParseContext) -> tuple[str, str, str]:
    """(date, end, rest) of "Mar 2023, ...", "2022-2024   CS601 ...", "29 Apr 2022, ..."."""
    match = DATE_PREFIX_RE.match(text)
    if not match:
        return "", "", text
    sep, is_range = match["sep"], bool(match["since"] or match["tail"])
    has_month = not re.fullmatch(YEAR, match["date"])
    # "2021 and before": a bare year followed by words is a sentence, not a date.
    if sep.isspace() and len(sep) == 1 and not (is_range or has_month):
        return "", "", text
    prefix = text[: match.end("tail") if match["tail"] else match.end("date")]
    observed_at = context.observed_at
    start, end = parse_span(prefix, observed_at) if is_range else (parse_date(prefix, observed_at), "")
    return start, end, text[match.end() :].strip()


def _members(section: Section, result: ParseResult) -> None:
    """Members anchored on their date line: the name is the line before it."""
    kept: list[Line] = []
    anchors: list[int] = []
    for number, raw in section.lines:
        text = squash(BULLET_RE.sub("", raw.strip()))
        if not text:
            continue
        if not SPAN_LINE_RE.fullmatch(text):
            kept.append((number, text))
        elif not kept or (anchors and anchors[-1] == len(kept) - 1):
            result.errors.append(ParseError(number, "member date line without a name", text))
        else:
            anchors.append(len(kept))
            kept.append((number, text))
    first_name = anchors[0] - 1 if anchors else len(kept)
    if first_name > 0:
        _dateless(kept[:first_name], result)
    for k, anchor in enumerate(anchors):
        stop = anchors[k + 1] - 1 if k + 1 < len(anchors) else len(kept)
        _member(section, kept[anchor - 1 : stop], result)


def _member(section: Section, block: list[Line], result: ParseResult) -> None:
    (number, name), (_, span), *body = block
    draft = MembershipDraft(line=number, name=squash(name), section=section.title, role="")
    draft.start, draft.end = parse_span(span)
    used = next((i for i, (_, text) in enumerate(body) if not _member_field(draft, text)), len(body))
    if used < len(body):
        _dateless(body[used:], result)
    draft.role = _title_role(draft.title) or _section_role(section.title)
    draft.raw = "\n".join(text for _, text in block[: used + 2])
    result.memberships.append(draft)


def _member_field(draft: MembershipDraft, text: str) -> bool:
    """Put one line of a member block in its field; False when the line starts another member."""
    advisors = WITH_RE.fullmatch(text)
    if advisors:
        draft.co_advisors += split_authors(advisors.group(1))[0]
    elif not draft.title and not draft.institution and _title_role(text):
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


def _dateless(block: list[Line], result: ParseResult) -> None:
    raw = "\n".join(text for _, text in block)
    result.errors.append(ParseError(block[0][0], f"member without a date line: {block[0][1]!r}", raw))


def _role_key(text: str) -> str:
    return squash(re.sub(r"[.\-]", "", text.lower()).replace("ph d", "phd"))


def _title_role(text: str) -> str:
    """The role a role line names ("Visiting PhD Student" -> visiting_phd); "" if it names none."""
    key = _role_key(text)
    if key.startswith("visiting ") and key not in ROLE_TITLES:
        return "visiting_phd" if "phd" in key else "visiting"
    return ROLE_TITLES.get(key, "")


def _section_role(title: str) -> str:
    key = _role_key(title).replace(" ", "")
    return next((role for word, role in SECTION_ROLES if word in key), "other")


def _papers(section: Section, context: ParseContext, result: ParseResult) -> None:
    """Records start at a "citationkey Title" line; year headings date the records below them."""
    lines = [(n, raw) for n, raw in section.lines if raw.strip()]
    year: int | None = None
    record: list[Line] = []
    for index, (number, raw) in enumerate(lines):
        heading = YEAR_HEADING_RE.fullmatch(raw.strip())
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        if heading or _starts_record(raw, following):
            _paper(record, year, section.kind == "selected", context, result)
            record = [] if heading else [(number, raw)]
            year = int(heading.group(1)) if heading else year
        elif record:
            record.append((number, raw))
    _paper(record, year, section.kind == "selected", context, result)


def _starts_record(raw: str, following: str) -> bool:
    """A citation key (no spaces; with "_" or digits) and a title, then (keys without "_") authors."""
    key, _, title = raw.strip().partition(" ")
    if not title.strip() or not KEY_RE.fullmatch(key) or not re.search(r"[A-Za-z]", key):
        return False
    if "_" in key:
        return True
    return bool(re.search(r"\d", key)) and _looks_like_authors(following)


def _looks_like_authors(text: str) -> bool:
    """Names only: every word capitalized (or a particle), no brackets, digits or years."""
    if not text.strip() or re.search(r"[\[\]\d'’:]", text) or _trailing_labels(text)[1]:
        return False
    names, _ = split_authors(text)
    for name in names:
        words = clean_name(name).split()
        if not 1 <= len(words) <= 6:
            return False
        if not all(word[0].isupper() or word.lower() in PARTICLES for word in words):
            return False
    return bool(names)


def _paper(
    record: list[Line], year: int | None, selected: bool, context: ParseContext, result: ParseResult
) -> None:
    if not record:
        return
    number = record[0][0]
    raw = "\n".join(text.rstrip() for _, text in record)
    key, _, title = record[0][1].strip().partition(" ")
    rest = [text.strip() for _, text in record[1:]]
    if not rest or not _looks_like_authors(rest[0]):
        result.errors.append(ParseError(number, f"publication {key!r} has no author line", raw))
        return
    names, complete = split_authors(rest[0])
    paper = PaperDraft(line=number, title=squash(title), citation_key=key, raw=raw, selected=selected)
    paper.authors = [_author(name) for name in names]
    paper.authors_complete = complete
    rest = rest[1:]
    if rest and not _trailing_labels(rest[0])[1]:
        _venue(paper, rest.pop(0), context)
    if rest and _trailing_labels(rest[0])[1]:
        honor, labels = _trailing_labels(rest.pop(0))
        paper.links = _links(labels)
        paper.honors[:0] = [squash(honor)] if honor.strip() else []
    paper.abstract = strip_markup(" ".join(rest))
    paper.year = paper.year or year
    result.papers.append(paper)


def _author(name: str) -> AuthorDraft:
    equal, corresponding = name_marks(name)
    return AuthorDraft(name=clean_name(name), equal_contribution=equal, corresponding=corresponding)


def _venue(paper: PaperDraft, text: str, context: ParseContext) -> None:
    venue = parse_venue_line(text, context.venue_aliases)
    paper.venue_text, paper.venue_acronym, paper.year = venue.text, venue.acronym, venue.year
    paper.presentation = venue.presentation
    if venue.acceptance_rate:
        paper.honors.append(f"Acceptance rate {venue.acceptance_rate}")
    paper.arxiv_id = normalize_arxiv_id(text)
    if paper.arxiv_id and (not venue.acronym or venue.acronym.lower() in ("arxiv", "corr")):
        paper.kind = "preprint"


def _owner_name(papers: list[PaperDraft], given_name: str) -> str:
    """The author of (nearly) every paper; with a possessive heading, the one with that given name."""
    counts = Counter(name for paper in papers for name in {author.name for author in paper.authors})
    ranked = counts.most_common()
    if given_name:
        ranked = [(name, n) for name, n in ranked if fold(given_name) in fold(name).split()]
    if not ranked or ranked[0][1] < 0.8 * len(papers) or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return ""
    return ranked[0][0]


def _owner(bio: Section | None, name: str) -> PersonDraft | None:
    lines = [(n, raw) for n, raw in bio.lines if raw.strip()] if bio else []
    text = squash(" ".join(raw for _, raw in lines))
    if not text and not name:
        return None
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0]
    person = PersonDraft(line=bio.line if bio else 1, name=name, bio=text)
    person.position, person.affiliation = _position(first), _affiliation(first)
    person.raw = "\n".join(raw for _, raw in lines)
    return person


def _position(sentence: str) -> str:
    """ "I am an assistant professor of X at ..." -> "assistant professor of X"."""
    match = re.match(r"I\s+am\s+(?:an?\s+|the\s+)?", sentence)
    if not match:
        return ""
    rest = sentence[match.end() :]
    cut = min((i for i in (rest.find(" at "), rest.find(",")) if i >= 0), default=len(rest))
    return rest[:cut].strip(" .")


def _affiliation(sentence: str) -> str:
    """The last "at X" of the sentence that names a university or institute, without "(SMU)"."""
    parts = [part.strip() for part in re.split(r",|\bat\s", sentence.rstrip("."))]
    named = [part for part in parts[1:] if any(word in part.lower() for word in AFFILIATION_WORDS)]
    return squash(re.sub(r"\([^()]*\)", "", named[-1]).removeprefix("the ")) if named else ""
