"""Pure keys for matching: text in, a folded key out. No Django imports here."""

import hashlib
import html
import re
import unicodedata
from functools import lru_cache

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
# What venue spellings carry and venue identity does not: arXiv ids ("arXiv:2301.00001",
# "abs/2301.00001"), years ("2023", "'23"), edition ordinals ("31st", "Thirty-Seventh"), volumes
# and parts ("V.2", "Vol. 1", "Part III") and any other bare number ("ECCV (3)", "NeurIPS 36").
VENUE_NOISE_RE = re.compile(
    r"\barxiv\s*:\s*\S+|\babs/\S+|\b\d{4}\.\d{4,5}(?:v\d+)?\b"
    r"|'\d{2}\b|\b\d+(?:st|nd|rd|th)\b"
    rf"|\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]?)?(?:{ORDINAL_WORDS})\b"
    r"|\b(?:v|vol|volume|part|pt)\b\.?\s*(?:\d+|[ivx]+\b)|\b\d+\b"
)
# LaTeX a BibTeX field may still hold: "Proc.\\ of", "\\&", "~" (spaces), "{IEEE}", "{o}{f}" (braces).
VENUE_LATEX_SPACE_RE = re.compile(r"\\(?=[^a-zA-Z])|~")
# "In: Proceedings of the", "Proc. of", "Proc." at the start, and "Proceedings (of the)" anywhere;
# a "Proc." further on may be "Processing" ("Audio, Speech, and Lang. Proc."), so it stays.
VENUE_LEAD_RE = re.compile(r"^\s*(?:in\b\s*:?\s*)?(?:(?:proceedings?|proc)\b\.?\s*(?:of\b\s*)?)?")
VENUE_FILLER_RE = re.compile(r"\bproceedings?\b(?:\s+of\b)?(?:\s+the\b)?|\bthe\b")
VENUE_CONTRACTIONS_RE = re.compile(r"\b(int|nat)['\u2019]l\b")
# Abbreviations of the words that shape venue names, as BibTeX files and homepages write them.
VENUE_WORDS = {
    "conf": "conference", "int": "international", "intl": "international", "internat": "international",
    "natl": "national", "trans": "transactions", "j": "journal", "jour": "journal", "symp": "symposium",
    "ws": "workshop", "wksp": "workshop", "workshops": "workshop", "assoc": "association",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case words without accents, one space apart: "Müller-Lüdenscheidt" -> "muller ludenscheidt".

    Letters without an ASCII form (CJK, Greek...) are kept, so such names still have a key.
    """
    if text.isascii():
        return NON_ALNUM_RE.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.translate(UNDECOMPOSABLE))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return WORD_SEPARATOR_RE.sub(" ", bare.casefold()).strip()


# Names repeat across listings and ingestion asks for their keys several times: worked out once.
@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """A key equal for the orders of one name: "Lv Hui" and "Hui Lv" -> "hui lv"."""
    return " ".join(sorted(fold(name).split()))


def title_key(title: str) -> str:
    """A key equal for the case, punctuation and braces variants of one title."""
    return fold(title.replace("{", "").replace("}", ""))


def venue_key(text: str) -> str:
    """A key equal for the spellings of one venue, whatever the year, edition, volume or part.

    "CVPR '23", "In CVPR 2023", "Proc.\\ of CVPR" -> "cvpr"; "Int'l Conf. on Machine Learning" and
    "International Conference on Machine Learning" -> "international conference on machine learning".
    VenueAlias rows store these keys: a change here needs a data migration that re-keys them, with
    its own copy of the new function (as venues' 0001_squashed_0004_venue_catalogue_lists has).
    """
    text = text.replace("{", "").replace("}", "").replace("\u2019", "'").lower()
    if "&" in text and ";" in text:
        text = html.unescape(text)  # "Engineering in Medicine &amp; Biology"; lower case first, for any case
    text = VENUE_LATEX_SPACE_RE.sub(" ", text).replace("&", " and ")
    text = VENUE_CONTRACTIONS_RE.sub(lambda found: f"{found.group(1)}l", text)
    text = VENUE_FILLER_RE.sub(" ", VENUE_LEAD_RE.sub(" ", VENUE_NOISE_RE.sub(" ", text), count=1))
    return " ".join(VENUE_WORDS.get(word, word) for word in fold(text).split())


def abstract_key(abstract: str, length: int = 60) -> str:
    """The abstract's first words folded, cut at a word end: equal for a truncated copy."""
    folded = fold(abstract)
    if len(folded) <= length:
        return folded
    return folded[:length].rsplit(" ", 1)[0]


def text_digest(text: str) -> str:
    """A short digest of the folded text, equal for its case and punctuation variants."""
    return hashlib.sha1(fold(text).encode("utf-8")).hexdigest()
