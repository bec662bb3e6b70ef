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
    suffix: str = ""  # "Jr.", "III"

    @property
    def full(self) -> str:
        """The name in reading order: "John Smith Jr.", "John von Neumann"."""
        return " ".join(part for part in (self.given, self.family, self.suffix) if part)


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


def _is_suffix(text: str) -> bool:
    return text.lower() in SUFFIXES


def split_name(name: str) -> NameParts:
    """Given and family names: "Last, First", "LOH Yi Lin", "Luc Van Gool", "Q. Sun", "Smith, Jr., John"."""
    return _split(clean_name(name))


def _split(name: str) -> NameParts:
    """split_name of a name already clean (plain text, no marks)."""
    if "," in name:
        return _split_at_commas([squash(part) for part in name.split(",")])
    tokens = name.split()
    suffix = []
    while len(tokens) > 2 and _is_suffix(tokens[-1]):
        suffix.insert(0, tokens.pop())
    if len(tokens) < 2:
        return NameParts("", name)
    # "LOH Yi Lin": a family name written in capitals first, the given names not.
    if _is_capitalized_family(tokens[0]) and not all(_is_capitalized_family(t) for t in tokens[1:]):
        return NameParts(" ".join(tokens[1:]), tokens[0].title(), " ".join(suffix))
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in PARTICLES:
        start -= 1
    return NameParts(" ".join(tokens[:start]), " ".join(tokens[start:]), " ".join(suffix))


def _split_at_commas(parts: list[str]) -> NameParts:
    """BibTeX's "von Last, First" and "von Last, Jr, First"; also "First Last, Jr." and "Last, First, Jr."."""
    parts = [part for part in parts if part]
    if not parts:
        return NameParts("", "")
    if len(parts) == 1:
        return _split(parts[0])
    if len(parts) == 2 and _is_suffix(parts[1]):  # "Martin Luther King, Jr."
        written = _split(parts[0])
        return NameParts(written.given, written.family, parts[1])
    family, rest = parts[0], parts[1:]
    suffix = ""
    if " " in family and _is_suffix(family.rsplit(" ", 1)[1]):  # "Smith Jr., John"
        family, suffix = family.rsplit(" ", 1)
    elif len(rest) > 1 and _is_suffix(rest[0]):
        suffix, rest = rest[0], rest[1:]
    elif len(rest) > 1 and _is_suffix(rest[-1]):
        rest, suffix = rest[:-1], rest[-1]
    given = " ".join(rest)
    # "TEO, Shu Min": a family name in capitals is shown with normal ones.
    if _is_capitalized_family(family) and not _is_capitalized_family(given.replace(".", "")):
        family = family.title()
    return NameParts(given, family, suffix)


def display_name(name: str) -> str:
    """The name in "Given Family" order with normal capitals: "LOH Yi Lin" -> "Yi Lin Loh"."""
    return split_name(name).full


@lru_cache(maxsize=200_000)
def reading_order(name: str) -> str:
    """A stored name (plain text, as a listing wrote it) as people read it: "Teo, Shu Min" -> "Shu Min Teo".

    Unlike display_name it reads no LaTeX: a stored name is text, a backslash is a backslash.
    """
    text = squash(name)
    return _split(text).full or text


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
