"""People's names as listings write them: orders, capitals, particles, initials, marks."""

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.normalize.keys import fold
from ingest.normalize.text import latex_to_text, squash

PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "del",
    "della",
    "di",
    "da",
    "dos",
    "du",
    "la",
    "le",
    "ter",
    "ten",
    "bin",
    "al",
}
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# Marks put after a name: * or # for equal contribution, † or ✉ for the corresponding author.
EQUAL_MARKS = "*#♯"
CORRESPONDING_MARKS = "†✉‡"
MARKS_RE = re.compile(rf"[\s{re.escape(EQUAL_MARKS + CORRESPONDING_MARKS)}\d,]+$")
ET_AL_RE = re.compile(r"(?:,?\s*(?:and\s+)?(?:et\.?\s*al\.?|others|\.\.\.|…))\s*$", re.IGNORECASE)
BIBTEX_AND_RE = re.compile(r"\s+and\s+", re.IGNORECASE)
AUTHOR_SPLIT_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s*;\s*|\s+and\s+|\s*&\s*", re.IGNORECASE)


@dataclass(frozen=True)
class NameParts:
    given: str
    family: str

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}".strip()


def clean_name(name: str) -> str:
    """A name with LaTeX turned to Unicode, marks and extra spaces removed."""
    text = squash(latex_to_text(name))
    return MARKS_RE.sub("", text).strip(" .,;") if MARKS_RE.search(text) else text.strip(" ,;")


def name_marks(name: str) -> tuple[bool, bool]:
    """(equal contribution, corresponding) from the marks after a name."""
    tail = name.rstrip()[-3:]
    return any(mark in tail for mark in EQUAL_MARKS), any(mark in tail for mark in CORRESPONDING_MARKS)


def _is_capitalized_family(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def split_name(name: str) -> NameParts:
    """Given and family names: "Last, First", "LOH Yi Lin", "Luc Van Gool", "Q. Sun"."""
    name = clean_name(name)
    if "," in name:
        family, _, given = name.partition(",")
        return NameParts(squash(given), squash(family))
    tokens = name.split()
    if len(tokens) < 2:
        return NameParts("", name)
    # "LOH Yi Lin": a family name written in capitals first, the given names not.
    if _is_capitalized_family(tokens[0]) and not all(_is_capitalized_family(t) for t in tokens[1:]):
        return NameParts(" ".join(tokens[1:]), tokens[0].title())
    while len(tokens) > 2 and tokens[-1].lower() in SUFFIXES:
        tokens = tokens[:-1]
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in PARTICLES:
        start -= 1
    return NameParts(" ".join(tokens[:start]), " ".join(tokens[start:]))


def display_name(name: str) -> str:
    """The name in "Given Family" order with normal capitals: "LOH Yi Lin" -> "Yi Lin Loh"."""
    return split_name(name).full


def initials_key(name: str) -> str:
    """A key that "Q. Sun", "Qianru Sun" and "Sun, Qianru" share: "q sun"."""
    parts = split_name(name)
    initials = " ".join(word[0] for word in fold(parts.given).split())
    return f"{initials} {fold(parts.family)}".strip()


def split_authors(text: str) -> tuple[list[str], bool]:
    """An author list as names, and whether it is complete (no "et al.")."""
    text = squash(text)
    complete = not ET_AL_RE.search(text)
    text = ET_AL_RE.sub("", text)
    names = [part for part in AUTHOR_SPLIT_RE.split(text) if part and part.strip(" .,")]
    return names, complete


def split_bibtex_authors(text: str) -> tuple[list[str], bool]:
    """A BibTeX author field ("A and B and others") as names, and whether it is complete."""
    parts = BIBTEX_AND_RE.split(squash(text))
    complete = not (parts and parts[-1].lower() == "others")
    return [part for part in parts if part and part.lower() != "others"], complete


@lru_cache(maxsize=200_000)
def family_key(name: str) -> str:
    """The folded family name: "Sun, Qianru", "Q. Sun" and "Qianru Sun" -> "sun"."""
    return fold(split_name(name).family)


def is_abbreviated(name: str) -> bool:
    """True when the given names are only initials: "Q. Sun", "J.-H. Kim"."""
    given = split_name(name).given
    words = fold(given).split()
    return bool(words) and all(len(word) == 1 for word in words)
