"""Pure keys for matching: text in, a folded key out. No Django imports here."""

import hashlib
import re
import unicodedata

NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
WORD_SEPARATOR_RE = re.compile(r"[\W_]+")
# Letters that Unicode does not decompose into an ASCII base letter plus an accent.
UNDECOMPOSABLE = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "ı": "i",
    }
)
ORDINAL_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
    "|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth"
    "|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth"
)
# Years, edition numbers and arXiv ids that venue spellings carry but venue identity does not.
VENUE_NOISE_RE = re.compile(
    r"\b\d{4}\.\d{4,5}(?:v\d+)?\b"
    r"|\b(?:19|20)\d{2}\b|'\d{2}\b|\b\d+(?:st|nd|rd|th)\b"
    rf"|\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]?)?(?:{ORDINAL_WORDS})\b"
    r"|\b(?:proceedings of(?: the)?|the)\b",
)


def fold(text: str) -> str:
    """Lower case words without accents, one space apart: "Müller-Lüdenscheidt" -> "muller ludenscheidt".

    Letters without an ASCII form (CJK, Greek...) are kept, so such names still have a key.
    """
    if text.isascii():
        return NON_ALNUM_RE.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.translate(UNDECOMPOSABLE))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return WORD_SEPARATOR_RE.sub(" ", bare.casefold()).strip()


def name_key(name: str) -> str:
    """A key equal for the orders of one name: "Lv Hui" and "Hui Lv" -> "hui lv"."""
    return " ".join(sorted(fold(name).split()))


def title_key(title: str) -> str:
    """A key equal for the case, punctuation and braces variants of one title."""
    return fold(title.replace("{", "").replace("}", ""))


def venue_key(text: str) -> str:
    """A key equal for the spellings of one venue, whatever the year: "CVPR '23" -> "cvpr"."""
    ascii_text = fold(VENUE_NOISE_RE.sub(" ", text.replace("\u2019", "'").lower()))
    return ascii_text


def abstract_key(abstract: str, length: int = 60) -> str:
    """The abstract's first words folded, cut at a word end: equal for a truncated copy."""
    folded = fold(abstract)
    if len(folded) <= length:
        return folded
    return folded[:length].rsplit(" ", 1)[0]


def text_digest(text: str) -> str:
    """A short digest of the folded text, equal for its case and punctuation variants."""
    return hashlib.sha1(fold(text).encode("utf-8")).hexdigest()
