"""The homepage format: a researcher's or a lab's page, as HTML or as text copied from a browser.

The page is cut into sections at its headings (menus and footers set aside); members
sections give memberships, dated sections give profile entries, and publications are
found wherever their entries' shape shows them (parsers.homepage.papers). Lines no
record took are reported as unread.
"""

import re
from collections import Counter

from core.keys import fold, title_key
from core.text import squash
from ingest.formats import Format
from ingest.parsers.drafts import PaperDraft, ParseContext, ParseError, ParseResult, PersonDraft
from ingest.parsers.homepage.entries import ENTRY_KINDS, read_entries
from ingest.parsers.homepage.lines import Line, html_lines, is_html, text_lines
from ingest.parsers.homepage.members import read_members
from ingest.parsers.homepage.papers import find_papers
from ingest.parsers.homepage.sections import Section, split_sections

AFFILIATION_WORDS = ("university", "institute", "college", "academy", "school of")


def parse(text: str, context: ParseContext) -> ParseResult:
    """Read a homepage; malformed records go to result.errors, the rest still comes out."""
    lines = html_lines(text) if is_html(text) else text_lines(text)
    sections, given_name = split_sections(lines)
    result = ParseResult(format=Format.HOMEPAGE)
    bio: Section | None = None
    for section in sections:
        if section.kind == "bio":
            bio = bio or section
        elif section.kind == "members":
            read_members(section, context, result)
        else:
            _read_section(section, context, result)
    if not result.papers and not any(section.kind != "preamble" for section in sections):
        raise ParseError(0, "no homepage section (Bio, News, Publications, ...) and no publication was found")
    result.papers = _unique(result.papers)
    owner = _owner(bio, _owner_name(result.papers, given_name) or context.owner_name)
    if owner:
        result.people.append(owner)
    result.unread.sort()
    return result


def _read_section(section: Section, context: ParseContext, result: ParseResult) -> None:
    """Publications wherever their shape shows them; in a dated section, the rest are entries."""
    strict = section.kind in ENTRY_KINDS  # a news item may name a paper without being one
    found = find_papers(section.lines, context, selected=section.kind == "selected", strict=strict)
    result.papers += found.papers
    result.errors += found.errors
    rest = [line for line in section.lines if line.number not in found.used and line.text.strip()]
    if section.kind in ENTRY_KINDS:
        result.entries += read_entries(section.kind, rest, context)
    elif section.kind != "ignored":
        result.unread += [(line.number, squash(line.text)) for line in rest]


def _unique(papers: list[PaperDraft]) -> list[PaperDraft]:
    """A paper listed twice ("Selected" and the full list) once, with what both listings give."""
    kept: dict[str, PaperDraft] = {}
    for paper in papers:
        first = kept.setdefault(title_key(paper.title), paper)
        if first is not paper:
            _fill(first, paper)
    return list(kept.values())


def _fill(first: PaperDraft, other: PaperDraft) -> None:
    first.selected = first.selected or other.selected
    if len(other.venue_text) > len(first.venue_text) and other.venue_acronym in ("", first.venue_acronym):
        first.venue_text = other.venue_text  # "IEEE Transactions on ...", not only "IEEE TPAMI"
    for name in (
        "venue_text",
        "venue_acronym",
        "year",
        "doi",
        "arxiv_id",
        "abstract",
        "presentation",
        "kind",
    ):
        if not getattr(first, name) and getattr(other, name):
            setattr(first, name, getattr(other, name))
    if len(other.authors) > len(first.authors) and other.authors_complete:
        first.authors, first.authors_complete = other.authors, True
    known = {(link.kind, link.url or link.label) for link in first.links}
    first.links += [link for link in other.links if (link.kind, link.url or link.label) not in known]
    first.honors += [honor for honor in other.honors if honor not in first.honors]


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
    lines: list[Line] = [line for line in bio.lines if line.text.strip()] if bio else []
    text = squash(" ".join(line.text for line in lines))
    if not text and not name:
        return None
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0]
    person = PersonDraft(line=bio.line if bio else 1, name=name, bio=text)
    person.position, person.affiliation = _position(first), _affiliation(first)
    person.raw = "\n".join(line.text for line in lines)
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
