"""People's names as listings write them: orders, capitals, particles, initials, marks."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from core.keys import fold
from core.text import latex_to_text, squash

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
# Affiliation numbers too, raised by LaTeX ("Sun$^{1,2}$" reads "Sun¹,²").
RAISED_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
MARKS_RE = re.compile(rf"[\s{re.escape(EQUAL_MARKS + CORRESPONDING_MARKS)}\d{RAISED_DIGITS},]+$")
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
    """(equal contribution, corresponding) from the marks after a name ("Sun*", "Sun$^\\dagger$")."""
    tail = (latex_to_text(name) if "$" in name or "\\" in name else name).rstrip()[-3:]
    return any(mark in tail for mark in EQUAL_MARKS), any(mark in tail for mark in CORRESPONDING_MARKS)


def _is_capitalized_family(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_suffix(text: str) -> bool:
    return text.lower() in SUFFIXES


@lru_cache(maxsize=200_000)
def split_name(name: str) -> NameParts:
    """Given and family names: "Last, First", "LOH Yi Lin", "Luc Van Gool", "Q. Sun", "Smith, Jr., John"."""
    return _split(clean_name(name))


def _split(name: str) -> NameParts:
    """split_name of a name already clean (plain text, no marks)."""
    if "," in name:
        return _split_at_commas([squash(part) for part in name.split(",")])
    tokens = name.split()
    suffix: list[str] = []
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


@lru_cache(maxsize=200_000)
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


@lru_cache(maxsize=200_000)
def is_abbreviated(name: str) -> bool:
    """True when the given names are only initials: "Q. Sun", "J.-H. Kim" (not "森 健二": a
    letter without capitals is a name of its own)."""
    given = split_name(name).given
    words = fold(given).split()
    return bool(words) and all(len(word) == 1 and word.upper() != word for word in words)


# Whether a name can be a given person's --------------------------------------------------------

# German spells an umlaut out when it cannot print it: "Müller" is also "Mueller".
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
FAMILY_FIT = 10  # the family name agrees; the given names add to it
HYPHENS_RE = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")
APOSTROPHES_RE = re.compile(r"(?<=\w)['\u2019](?=\w)")


def person_fit(name: str, person_names: Iterable[str]) -> int:
    """How well a name as written fits a person known by these names: 0 when it cannot be them.

    It fits when the family name is the same (accents, hyphens and spelled-out umlauts aside),
    at the end or, written without a comma, at the start, and the given names agree as far as both
    go, a word with its initial: "Carrette, L. L. G.", "L. Carrette", "Carrette, Lieselot L. G.",
    "Carrette Lieselot" all fit "Lieselot Carrette". A given name that contradicts any the person
    is known by ("Lieselot K. Carrette" for "Lieselot L. G. Carrette", "Arne" for someone known
    as "A. Carrette" and "Annelies Carrette") rules the name out.
    """
    fits = [_fit(name, known) for known in person_names]
    return 0 if any(fit < 0 for fit in fits) else max(fits, default=0)


def _fit(name: str, known: str) -> int:
    """The fit of a name to one of the person's names; -1 when a given name contradicts it."""
    fits = [
        _given_fit(rest, given)
        for words, either_end in _written_forms(name)
        for given, family in _known_forms(known)
        for rest in _around_family(words, family, either_end)
    ]
    best = max(fits, default=0)
    return FAMILY_FIT + best if best > 0 else -1 if -1 in fits else 0


@lru_cache(maxsize=200_000)
def _written_forms(name: str) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """The name's words in reading order (plain and with umlauts spelled out), and whether the
    family name may stand first (it was written without a comma: "Carrette Lieselot")."""
    parts = split_name(name)
    forms = dict.fromkeys(
        tuple(fold(given).split() + fold(family).split()) for given, family in _spelled(parts)
    )
    return tuple((words, "," not in name) for words in forms if words)


def _spelled(parts: NameParts) -> list[tuple[str, str]]:
    """(given, family) as written, with umlauts spelled out, with a hyphenated given name as one
    word ("Anne-Lies" is also "Annelies", not "Anne" and a middle name "Lies"), and with a family
    name's apostrophe left out ("O'Neil" is also "ONeil")."""
    joined = HYPHENS_RE.sub("", parts.given)
    families = dict.fromkeys(
        (parts.family, parts.family.translate(UMLAUTS), APOSTROPHES_RE.sub("", parts.family))
    )
    return [(given, family) for given in dict.fromkeys((parts.given, joined)) for family in families]


@lru_cache(maxsize=10_000)
def _known_forms(known: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(given words, family words) of a person's name, plain and with umlauts spelled out; for a
    name written without a comma, also the other way round ("Al-Farsi Mohammed" is an alias of
    Mohammed Al-Farsi as often as of a Mr Mohammed)."""
    forms = dict.fromkeys(
        (tuple(fold(given).split()), tuple(fold(family).split()))
        for given, family in _spelled(split_name(known))
    )
    if "," not in known:
        forms.update(dict.fromkeys((family, given) for given, family in list(forms) if given))
    return tuple(form for form in forms if form[1])


def _around_family(words: tuple[str, ...], family: tuple[str, ...], either_end: bool) -> list[tuple]:
    """The given words left when the family name is taken off the end (or, if allowed, the start)."""
    size = len(family)
    rests = [words[:-size]] if len(words) > size and words[-size:] == family else []
    if either_end and len(words) > size and words[:size] == family:
        rests.append(words[size:])
    return rests


def _given_fit(written: tuple[str, ...], known: tuple[str, ...]) -> int:
    """Given names that agree as far as both go: 3 a word, 1 an initial; -1 when one disagrees,
    0 when either has none. "Anne-Lies" and "Annelies" agree whole."""
    if not written or not known:
        return 0
    if "".join(written) == "".join(known):
        return 3 * min(len(written), len(known))
    fit = 0
    for mine, theirs in zip(written, known, strict=False):
        if mine == theirs:
            fit += 3 if len(mine) > 1 else 1
        elif (len(mine) == 1 and theirs.startswith(mine)) or (len(theirs) == 1 and mine.startswith(theirs)):
            fit += 1
        else:
            return -1
    return fit


# Japanese readings -----------------------------------------------------------------------------

# Kana spelled by Unicode's own names ("HIRAGANA LETTER SI"), then one key for the Hepburn and
# Kunrei spellings and long vowels: "Shinji Tsuchiya", "Sinzi Tutiya", "しんじ つちや" agree.
KANA_RE = re.compile(r"[\u3041-\u30ff]")
ROMAJI_KEYS = (
    (re.compile(r"tsu"), "tu"), (re.compile(r"shi"), "si"), (re.compile(r"chi"), "ti"),
    (re.compile(r"fu"), "hu"), (re.compile(r"ji|di"), "zi"), (re.compile(r"du"), "zu"),
    (re.compile(r"sh"), "sy"), (re.compile(r"ch"), "ty"), (re.compile(r"j"), "zy"),
    (re.compile(r"m(?=[bpm])"), "n"), (re.compile(r"wo"), "o"),
    (re.compile(r"([aiueo])h(?![aiueoy])"), r"\1"),  # "Satoh": a long vowel spelled with h
    (re.compile(r"ou|oo"), "o"), (re.compile(r"uu"), "u"), (re.compile(r"aa"), "a"),
)  # fmt: skip


def kana_to_romaji(text: str) -> str:
    """Hiragana or katakana in Latin letters, by the letters' Unicode names: "やました" -> "yamasita"."""
    letters: list[str] = []
    double_next = False
    for char in text:
        if not KANA_RE.match(char):
            letters.append(" " if char in "・\u3000" else char)
            continue
        name = unicodedata.name(char, "")
        if "PROLONGED SOUND MARK" in name:
            continue
        sound = name.rsplit(" ", 1)[-1].lower()
        if "SMALL TU" in name:
            double_next = True
            continue
        if "SMALL" in name and letters and letters[-1][-1:] == "i" and sound[:1] == "y":
            letters[-1] = letters[-1][:-1] + sound  # "ki" + small "ya": "kya"
            continue
        if double_next and sound[:1] not in "aiueon":
            sound = sound[0] + sound
        double_next = False
        letters.append(sound)
    return "".join(letters)


def romaji_key(text: str) -> str:
    """A romanised Japanese name (or one in kana) reduced to one spelling for comparing."""
    words = []
    for word in fold(kana_to_romaji(text)).split():
        for pattern, replacement in ROMAJI_KEYS:
            word = pattern.sub(replacement, word)
        words.append(word)
    return " ".join(words)


def is_native_script(name: str) -> bool:
    """True for a name written in a script without Latin letters: "山下 恵太", "김민준"."""
    letters = [char for char in name if char.isalpha()]
    return bool(letters) and not any(unicodedata.name(char, "").startswith("LATIN") for char in letters)


@lru_cache(maxsize=200_000)
def spelling(name: str) -> str:
    """A name in Given Family order, folded: equal for "LOH Yi Lin" and "Yi Lin Loh"."""
    return fold(display_name(name))
