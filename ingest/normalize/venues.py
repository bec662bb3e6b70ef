"""Venue lines ("2023 Conference on ..., CVPR '23. (Highlight, 2.5%)") to their parts."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ingest.normalize.keys import venue_key
from ingest.normalize.text import squash

PRESENTATIONS = ("oral", "spotlight", "highlight", "poster")
PAREN_RE = re.compile(r"\(([^()]*)\)")
RATE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*%")
SHORT_YEAR_RE = re.compile(r"['’‘](\d{2})\b")
LONG_YEAR_RE = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])")
# ", CVPR '24." at the end of a line: the acronym a homepage puts after the full name.
TAIL_RE = re.compile(r",\s*([^,]+?)\s*['’‘]\s*\d{2}\.?\s*$|,\s*([^,]+?)\s+(?:19|20)\d{2}\.?\s*$")


@dataclass
class VenueLine:
    text: str
    acronym: str = ""
    year: int | None = None
    presentation: str = ""
    acceptance_rate: str = ""
    notes: list[str] = field(default_factory=list)


def venue_year(text: str) -> int | None:
    """The year a venue line names: "CVPR '23" -> 2023, "ECCV 2022" -> 2022 (the last one wins)."""
    years = [int(found) for found in LONG_YEAR_RE.findall(text)]
    short = SHORT_YEAR_RE.findall(text)
    if short:
        return 2000 + int(short[-1]) if int(short[-1]) < 70 else 1900 + int(short[-1])
    return years[-1] if years else None


def resolve_venue(text: str, aliases: Mapping[str, str]) -> str:
    """The acronym of the venue text names, through the catalogue's alias keys; "" if unknown."""
    candidates = [text]
    tail = TAIL_RE.search(text)
    if tail:
        candidates.insert(0, tail.group(1) or tail.group(2))
        candidates.append(text[: tail.start()])
    candidates += [part for part in re.split(r"\s*[,(]\s*", text) if part]
    for candidate in candidates:
        acronym = aliases.get(venue_key(candidate))
        if acronym:
            return acronym
    return ""


def parse_venue_line(text: str, aliases: Mapping[str, str] | None = None) -> VenueLine:
    """Split a venue line into the venue, its year, the presentation and the acceptance rate."""
    line = VenueLine(text="")
    for group in PAREN_RE.findall(text):
        for part in (squash(piece) for piece in group.split(",")):
            _read_note(line, part)
    bare = squash(PAREN_RE.sub(" ", text)).rstrip(" .")
    line.text = bare
    line.year = venue_year(bare)
    line.acronym = resolve_venue(bare, aliases or {})
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
