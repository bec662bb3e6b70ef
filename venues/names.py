"""Venue lines ("2023 Conference on ..., CVPR '23. (Highlight, 2.5%)") to their parts, and the
catalogue venue they name, however a BibTeX field or a homepage spells it."""

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from core.keys import fold, venue_key
from core.text import squash
from venues.index import VenueIndex, venue_index

PRESENTATIONS = ("oral", "spotlight", "highlight", "poster")
PAREN_RE = re.compile(r"\(([^()]*)\)")
RATE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*%")
SHORT_YEAR_RE = re.compile(r"['’‘](\d{2})\b")
LONG_YEAR_RE = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])")
# ", CVPR '24." at the end of a line: the acronym a homepage puts after the full name.
TAIL_RE = re.compile(r",\s*([^,]+?)\s*['’‘]\s*\d{2}\.?\s*$|,\s*([^,]+?)\s+(?:19|20)\d{2}\.?\s*$")
# Where a long venue line splits into parts that may each name the venue: DBLP's "Conference on
# ..., CVPR 2022, New Orleans, ...", Springer's "Computer Vision -- ECCV 2022: 17th European ...",
# "MICCAI, Workshop on ...".
PART_SEPARATOR_RE = re.compile(r"\s*(?:[,:;]|\s[-–—]+\s|--|–|—)\s*")
# Words that make a line a workshop's: "Workshops", "Workshop on", "-WS", and the "W" that ends
# an acronym the catalogue knows without it ("CVPRW", "ICCV-W").
WORKSHOP_RE = re.compile(r"\b(?:workshops?|wksp|ws)\b", re.IGNORECASE)
# A conference's companion volumes, neither its main track nor a workshop: "CHI '13 Extended
# Abstracts", "Adjunct Proceedings of UIST", "Companion of ... UbiComp", "NAACL-HLT: Demonstrations".
SATELLITE_RE = re.compile(
    r"\b(?:extended\s+abstracts?|adjunct|companion|demonstrations?|demo\s+track|doctoral\s+consortium)\b",
    re.IGNORECASE,
)
# "Findings of the ... (ACL)", "EMNLP (Findings)": a conference's Findings, a venue of its own.
FINDINGS_RE = re.compile(r"\bfindings\b", re.IGNORECASE)
ACRONYM_WORKSHOP_RE = re.compile(r"^(.+?)[-‐]?(?:W|WS)$")
FRAGMENT_RE = re.compile(r"\s*(?:and|or|&|of|for|on|in|with|the)\b", re.IGNORECASE)
EVENT_RE = re.compile(r"\b(?:conference|symposium|workshops?|meeting|congress|colloquium)\b", re.IGNORECASE)
# "held in conjunction with MICCAI 2014", "co-located with ACL": the conference a workshop is at.
HOST_RE = re.compile(
    r"\b(?:in\s+conjunction\s+with|co-?located\s+with|held\s+(?:at|with)|satellite\s+of)\s+(.+)$",
    re.IGNORECASE,
)
# A word written like an acronym: "CVPR", "NeurIPS", "3DV", "CVPR'23" (its year dropped).
ACRONYM_TOKEN_RE = re.compile(r"[A-Za-z0-9&][A-Za-z0-9&+/\-]*[A-Za-z0-9]")


@dataclass
class VenueLine:
    text: str
    acronym: str = ""
    year: int | None = None
    presentation: str = ""
    acceptance_rate: str = ""
    notes: list[str] = field(default_factory=list)
    # "workshop" when the line names a workshop; parent: the conference it is held at, when the
    # catalogue has no venue for that conference's workshops (a new one is made under it).
    kind: str = ""
    parent: str = ""


def venue_year(text: str) -> int | None:
    """The year a venue line names: "CVPR '23" -> 2023, "ECCV 2022" -> 2022 (the last one wins)."""
    years = [int(found) for found in LONG_YEAR_RE.findall(text)]
    short = SHORT_YEAR_RE.findall(text)
    if short:
        return 2000 + int(short[-1]) if int(short[-1]) < 70 else 1900 + int(short[-1])
    return years[-1] if years else None


def parse_venue_line(text: str, aliases: Mapping[str, str] | None = None) -> VenueLine:
    """Split a venue line into the venue, its year, the presentation and the acceptance rate."""
    line = VenueLine(text="")
    for group in PAREN_RE.findall(text):
        for part in (squash(piece) for piece in group.split(",")):
            _read_note(line, part)
    bare = squash(PAREN_RE.sub(" ", text)).rstrip(" .")
    line.text = bare
    line.year = venue_year(bare)
    index = venue_index(aliases or {})
    line.acronym, line.kind, line.parent = _resolve(squash(text), index)
    return line


def _read_note(line: VenueLine, part: str) -> None:
    """One parenthesised note: "Oral Presentation", "2.5%", "Main Track"."""
    lowered = part.lower()
    presentation = next((kind for kind in PRESENTATIONS if kind in lowered), "")
    rate = RATE_RE.search(part)
    if presentation and not line.presentation:
        line.presentation = presentation
    elif rate:
        line.acceptance_rate = f"{rate.group(1)}%"
    elif part:
        line.notes.append(part)


# Resolution ---------------------------------------------------------------------------------


def _resolve(text: str, index: VenueIndex) -> tuple[str, str, str]:
    """(acronym, kind, parent) of the venue text names; a workshop at a conference stays one."""
    bare = squash(PAREN_RE.sub(" ", text))
    for whole in dict.fromkeys((text, bare)):
        acronym = index.find(whole)
        if acronym:
            return acronym, index.kinds.get(acronym, ""), ""
    acronym, rest = _find_in_parts(text, bare, index)
    if not acronym:
        return "", ("workshop" if WORKSHOP_RE.search(text) else ""), ""
    if FINDINGS_RE.search(rest) and index.find(f"{acronym} findings"):
        acronym = index.find(f"{acronym} findings")
    if index.kinds.get(acronym) == "workshop" or not WORKSHOP_RE.search(rest):
        if SATELLITE_RE.search(rest):
            return "", "", acronym  # a volume of its own, under the conference
        return acronym, index.kinds.get(acronym, ""), ""
    series = index.workshops.get(acronym, "")  # the catalogue's venue for the conference's workshops
    return series, "workshop", "" if series else acronym


def _find_in_parts(text: str, bare: str, index: VenueIndex) -> tuple[str, str]:
    """The venue one part of the line names, and the line without that part.

    A line that names an event ("Conference on Telecommunications and Signal Processing (TSP)")
    is not taken for a journal one of its parts spells (IEEE TSP).
    """
    event = EVENT_RE.search(text)
    for part in _parts(text, bare):
        acronym = index.find(part)
        if acronym and not (event and index.kinds.get(acronym) == "journal"):
            return acronym, text.replace(part, " ", 1)
    tokens = ACRONYM_TOKEN_RE.findall(bare)
    # "ACL-IJCNLP", "AAAI/IAAI": each acronym of a joint name, after the name as one word.
    tokens += [piece for token in tokens for piece in re.split(r"[-/]", token) if piece != token]
    for token in tokens:
        acronym, workshop = _acronym_of(token, index)
        if acronym and not (event and index.kinds.get(acronym) == "journal"):
            return acronym, ("workshop " if workshop else "") + text.replace(token, " ", 1)
    return "", text


def _parts(text: str, bare: str) -> list[str]:
    """The pieces of a line that may name its venue, the likeliest first.

    Parenthesised notes ("(ICCV)", "(CVPR 2004)"); one-word pieces ("MLMI 2014" in "Machine
    Learning in Medical Imaging - 5th International Workshop, MLMI 2014, ..."; "GCPR 2018" before
    "Pattern Recognition" in Springer's "Pattern Recognition - 40th German Conference, GCPR 2018");
    the longer pieces, those that name an event first ("31st DAGM Symposium"); the conference a
    workshop is held with; a homepage's tail (", CVPR '24").
    """
    # A piece of two letters is a place more often than a venue ("Washington, DC", "Boston, MA"),
    # and one that starts with "and" is the end of a name cut at its commas ("..., and Visualization").
    keys = {piece.strip(): venue_key(piece) for piece in PART_SEPARATOR_RE.split(html.unescape(bare))}
    pieces = [piece for piece, key in keys.items() if len(key) > 2 and not FRAGMENT_RE.match(piece)]
    pieces.sort(key=lambda piece: (" " in keys[piece], not EVENT_RE.search(piece)))
    parts = [group.strip() for group in PAREN_RE.findall(text) if len(venue_key(group)) > 2]
    parts += pieces
    for found in (HOST_RE.search(bare), TAIL_RE.search(bare)):
        if found:
            parts.append(next(group for group in found.groups() if group))
    return [part for part in dict.fromkeys(parts) if part]


def _acronym_of(token: str, index: VenueIndex) -> tuple[str, bool]:
    """The venue a word names as its acronym ("NeurIPS", "CVPR'23"), and whether it ends in a W."""
    if sum(char.isupper() for char in token) < 2 or fold(token) in index.ignored_tokens:
        return "", False
    acronym = index.acronyms.get(venue_key(token), "")
    if acronym:
        return acronym, False
    workshop = ACRONYM_WORKSHOP_RE.match(token)
    if workshop and len(workshop.group(1)) > 2:
        return index.acronyms.get(venue_key(workshop.group(1)), ""), True
    return "", False
