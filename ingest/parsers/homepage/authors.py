"""Author lists and one-line citations, recognised by the shape of names, not by any page's words.

A name is two to six words, each an initial ("J.", "J.-H.", "TS"), a capitalised word
("Yi-Lin", "O'Neil", "LOH") or a particle ("van", "de"); a CJK name may be one word.
"Family, I." pairs are put back together. Words that titles are made of ("Learning",
"Networks", "Towards") are never names.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from core.dates import YEAR
from core.names import ET_AL_RE, PARTICLES, clean_name, initials_key
from core.text import squash
from venues.names import venue_year

SPLIT_RE = re.compile(r"\s*,\s*(?:and\s+|&\s*)?|\s*;\s*|\s+and\s+|\s*&\s*|\s+·\s+", re.IGNORECASE)
INITIAL_RE = re.compile(r"(?:[A-Z][a-z]?\.|[A-Z])(?:-?(?:[A-Z][a-z]?\.|[A-Z]))*\.?$|[A-Z]{1,3}$")
WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-](?=[^\W\d_]))*$")
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,5}$")
CJK_WORD_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{1,4}$")
# Marks after a name: equal contribution, corresponding author.
MARKS_RE = re.compile(
    r"[*†‡§¶#♯✉⋆∗]+|\^\{?[\w,*]+\}?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(\s*equal contribution\s*\)",
    re.I,
)
# Affiliation numbers after a name ("Wong1,2"), taken off before the list is cut at its commas.
AFFILIATION_RE = re.compile(r"(?<=[^\W\d_])\d{1,2}(?:,\d{1,2})*(?=[\s,;*†‡]|$)")
PARENS_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
LEAD_RE = re.compile(r"^(?:authors?|by|with)\s*[:\-]?\s+", re.IGNORECASE)
QUOTED_RE = re.compile(r"[“\"]([^”\"]{8,}?)[,.]?[”\"]")
APA_YEAR_RE = re.compile(rf"^\(({YEAR})[a-z]?(?:,[^)]*)?\)[.:,]?\s*")
APA_END_RE = re.compile(rf"\s*\(({YEAR})[a-z]?\)[.,]?$")
# "and 5 more authors", "+3 more", "(12 others)": a list the page cut short.
MORE_RE = re.compile(r",?\s*(?:and\s+|\+\s*)?\(?\d+\s+(?:more|other|others)(?:\s+authors?)?\)?\.?$", re.I)
PART_MARKS = (". ", ": ", '"', "“", "? ", "! ", " – ", " — ", " - ")
WORD_SPAN_RE = re.compile(r"[^\s,;:.]+")
# "[CVPR 2023]", "[NeurIPS'21]": a venue and its year in brackets before the title.
LEAD_VENUE_RE = re.compile(rf"^\[([^\]]{{2,40}}?(?:{YEAR}|['’‘]\d{{2}})[^\]]*)\]\s*")
BY_RE = re.compile(r"^by\s+", re.I)
# Where the authors after "by" may end and the venue begin: ", in X", ". In X", ". X", ", X".
BY_END_RE = re.compile(r",\s*in\s+|\.\s+In\s+|\.\s+|,\s+(?=[A-Z])")
DASH_RE = re.compile(r"\s+[–—-]\s+")
TRAILING_PARENS_RE = re.compile(r"\(([^()]*\d{4}[^()]*)\)\.?\s*$")
LABEL_RE = re.compile(r"^([A-Za-z][A-Za-z ]{1,25}):\s+")
APA_AFTER_RE = re.compile(rf"^(.{{3,600}}?)\s*\(({YEAR})[a-z]?\)[.:,]?\s+")
# A year standing alone: not inside "e2023WR035512", a date "2023/05" or a DOI.
YEAR_RE = re.compile(rf"(?<![\w/.])({YEAR})(?![\w/])")
# Words titles are made of, which no author list holds (folded).
TITLE_WORDS_TEXT = """
learning learned learn deep neural network networks model models modeling modelling data vision
visual language languages via towards toward using based beyond rethinking revisiting efficient
robust scalable self supervised unsupervised semi weakly transformer transformers image images video
videos graph graphs detection segmentation generation generative analysis approach framework method
methods system systems multi large object objects scene scenes semantic attention adversarial
diffusion reinforcement recognition estimation prediction representation representations training
knowledge understanding reasoning zero shot few domain adaptation classification optimization
inference sparse dense benchmark benchmarks dataset datasets survey study design control planning
policy agents agent robot robots robotic speech text point cloud clouds human pose motion medical
conference proceedings journal university institute department laboratory school college center
centre transactions workshop symposium international annual advances letters preprint abstract paper
code project award best oral spotlight poster the of for and in on a an from to with without matter
matters all you need is are what when how why new novel fast simple general universal open world
real time free aware guided driven unified temporal spatial neural causal contrastive prompt prompts
tuning foundation retrieval search generalization memory embedding embeddings editor chair member
committee reviewer professor student students lecturer postdoc phd msc grant fellowship talk keynote
tutorial seminar course introduction fellow engineer researcher scientist manager assistant associate
candidate intern director head alumni alumnus emeritus
"""
TITLE_WORDS = frozenset(TITLE_WORDS_TEXT.split())
# Title words that can also stand in an author list ("and", an initial "A").
QUICK_WORDS = TITLE_WORDS - {"and", "a", "an"}


@dataclass
class Citation:
    """A one-line citation cut into its parts."""

    authors: list[str]
    complete: bool
    title: str
    venue: str
    year: int | None = None


def read_authors(text: str) -> tuple[list[str], bool] | None:
    """The names of an author list, and whether it is complete; None when text is not one."""
    if len(text) > 2000 or not QUICK_WORDS.isdisjoint(text.lower().replace(",", " ").split()):
        return None  # most lines are titles, venues or prose: a word of theirs says so at once
    text = squash(AFFILIATION_RE.sub("", LEAD_RE.sub("", text.strip())))
    more = MORE_RE.search(text) if "more" in text or "other" in text else None
    text = text[: more.start()] if more else text
    complete = not more and not ET_AL_RE.search(text)
    text = ET_AL_RE.sub("", text).strip(" ,;:")
    if text.endswith(".") and not is_initial(text.split()[-1]):
        text = text[:-1]
    if not text or len(text) > 2000 or re.search(r"\d{2}|[:!?\"“”|/@=<>{}]", MARKS_RE.sub("", text)):
        return None
    parts = [part for part in SPLIT_RE.split(text) if part.strip(" .")]
    names = _paired(parts)
    if not names or not all(is_name(name) for name in names):
        return None
    return [squash(name) for name in names], complete


def _paired(parts: list[str]) -> list[str] | None:
    """ "Teo, Shu Min, Tan, Q." was split at every comma: put "Family, Given" pairs back together."""
    single = [len(_words(part)) == 1 and not CJK_RE.match(_bare(part)) for part in parts]
    if not any(single):
        return parts
    if len(parts) % 2 or not all(single[0::2]):
        # "Sun Q, Liu Y" and "Chen, Z." mixed: only an initials part joins the family before it.
        return _initials_paired(parts)
    return [f"{family}, {given}" for family, given in zip(parts[0::2], parts[1::2], strict=True)]


def _initials_paired(parts: list[str]) -> list[str] | None:
    names: list[str] = []
    for part in parts:
        words = _words(part)
        if names and words and all(is_initial(w) for w in words) and len(_words(names[-1])) == 1:
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return names


@lru_cache(maxsize=65536)
def _bare(name: str) -> str:
    return squash(PARENS_RE.sub(" ", MARKS_RE.sub(" ", name))).strip(" ,.")


def _words(name: str) -> list[str]:
    return _bare(name).replace(",", " ").split()


def is_initial(word: str) -> bool:
    """ "J.", "J.-H.", "Ch.", "TS", "É.": initials, in any alphabet that has capitals."""
    if word.isascii():
        return bool(INITIAL_RE.match(word))
    shape = "".join("A" if c.isupper() else "a" if c.islower() else c for c in word)
    return bool(INITIAL_RE.match(shape))


@lru_cache(maxsize=65536)
def is_name(name: str) -> bool:
    """Two to six words of a person's name, or one CJK name."""
    bare = _bare(name)
    words = bare.replace(",", " ").split()
    if len(words) == 1:
        return bool(CJK_RE.match(words[0]))
    family = bare.partition(",")[0].split() if "," in bare else []
    # "LEE, A.": before the comma is a family name, even one short and in capitals.
    spelled = [word for word in words if word not in family] if family else words
    if not 2 <= len(words) <= 6 or (spelled and all(is_initial(word) for word in spelled) and not family):
        return False
    return all(_is_name_word(word, last=i == len(words) - 1) for i, word in enumerate(words))


@lru_cache(maxsize=65536)
def _is_name_word(word: str, last: bool) -> bool:
    if word.lower() in PARTICLES:
        return True
    if is_initial(word):
        return True
    if CJK_WORD_RE.match(word):
        return True
    if not word[0].isupper() or word.endswith(".") or not WORD_RE.match(word):
        return False
    return word.lower() not in TITLE_WORDS


def is_owner(name: str, owner: str) -> bool:
    """Whether a name as written can be the owner's: "Q. Sun", "Sun, Qianru", "SUN Qianru"."""
    if not owner:
        return False
    key = initials_key(owner)
    words = clean_name(name).replace(",", " ").split()
    return initials_key(name) == key or (len(words) == 2 and initials_key(f"{words[1]} {words[0]}") == key)


def read_citation(text: str) -> Citation | None:
    """A whole reference on one line: authors, title and venue in any of the common orders."""
    text = squash(text)
    if len(text) > 3000 or len(text.split()) < 5 or not any(mark in text for mark in PART_MARKS):
        return None  # a reference has at least two parts, whatever its style
    label = LABEL_RE.match(text)
    if label and not read_authors(label.group(1)):
        text = text[label.end() :]  # "Recommended citation: ...", "Cite as: ..."
    venue = LEAD_VENUE_RE.match(text)  # "[CVPR 2023] Title. Authors."
    if venue:
        text = text[venue.end() :]
    citation = _quoted(text) or _dashed(text) or _authors_first(text) or _title_first(text, bool(venue))
    if citation and venue and not citation.venue:
        citation.venue = venue.group(1)
        citation.year = citation.year or venue_year(citation.venue)
    return citation


def _quoted(text: str) -> Citation | None:
    """IEEE and ACM styles: A. Author and B. Author, "Title," in Proc. X, 2020."""
    match = QUOTED_RE.search(text)
    if not match:
        return None
    before = text[: match.start()].rstrip(" ,:.")
    after = text[match.end() :].strip(" ,.")
    by = _by(after) if not before else None
    if by:  # '"Title" by A and B, in CVPR 2023', '"Title", by A, B, C. In Proc. X'
        return _citation(by[0], match.group(1), by[1])
    dated = APA_END_RE.search(before)
    authors = read_authors(before[: dated.start()] if dated else before)
    venue = text[match.end() :].strip(" ,.")
    return _citation(authors, match.group(1), venue, int(dated.group(1)) if dated else None)


def _by(text: str) -> tuple[tuple[list[str], bool], str] | None:
    """ "by A, B and C, in X": the longest list of names after "by", and the venue after it."""
    by = BY_RE.match(text)
    if not by:
        return None
    rest = text[by.end() :]
    for end in reversed(list(BY_END_RE.finditer(rest))):
        authors = read_authors(rest[: end.start()])
        if authors:
            return authors, rest[end.end() :]
    return None


def _authors_first(text: str) -> Citation | None:
    """ "A, B and C. Title. In CVPR, 2023.", "Smith, J. (2020). Title. Venue.", DBLP's "A, B: Title." """
    colon = text.find(": ")
    if 0 < colon < 600 and (authors := read_authors(text[:colon])) and len(authors[0]) > 1:
        title, venue = _sentence(text[colon + 2 :])
        return _citation(authors, title, venue)
    dated = APA_AFTER_RE.match(text)
    if dated and (authors := read_authors(dated.group(1))):
        title, venue = _sentence(text[dated.end() :])
        return _citation(authors, title, venue, int(dated.group(2)))
    best: tuple[tuple[list[str], bool], int] | None = None
    for stop in sentence_stops(text[: _names_end(text)]):
        authors = read_authors(text[:stop])
        if authors:
            best = (authors, stop)
        elif best:
            break
    if not best:
        return None
    rest = text[best[1] + 1 :].strip()
    year = APA_YEAR_RE.match(rest)
    title, venue = _sentence(rest[year.end() :] if year else rest)
    return _citation(best[0], title, venue, int(year.group(1)) if year else None)


def _title_first(text: str, dated: bool = False) -> Citation | None:
    """ "Title. A, B and C. Venue, 2020." (or, with the venue given before it, "Title. A, B.")"""
    title, rest = _sentence(text)
    for stop in sentence_stops(rest[: _names_end(rest)]):
        authors = read_authors(rest[:stop])
        if authors:
            return _citation(authors, title, rest[stop + 1 :].strip())
    if dated and (authors := read_authors(rest)):
        return Citation(authors[0], authors[1], title.strip(" ,."), "")
    return None


def _dash_parts(text: str) -> tuple[str, str]:
    parts = DASH_RE.split(text, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (text, "")


def _dashed(text: str) -> Citation | None:
    """ "Title – A. Smith, B. Lee (CVPR 2020)": a title, a dash, the authors, the venue after them."""
    title, rest = _dash_parts(text)
    venue = TRAILING_PARENS_RE.search(rest)
    names = rest[: venue.start()] if venue else rest
    authors = read_authors(names.strip(" ,.;"))
    as_names = read_authors(title)
    if not rest or not authors or (as_names and len(as_names[0]) > 1):
        return None
    return _citation(authors, title, venue.group(1) if venue else "")


def _names_end(text: str) -> int:
    """Where an author list at the start of text must have ended: at its first title word, past
    which no longer prefix can be a list of names (the stop at that word's end still counts)."""
    for match in WORD_SPAN_RE.finditer(text):
        if match.group(0).lower() in QUICK_WORDS:
            return match.end() + 1
    return len(text)


def sentence_stops(text: str) -> list[int]:
    """Where a sentence may end: a period, question or exclamation mark or a colon before a space."""
    return [m.start() for m in re.finditer(r"[.?!](?=\s+\S)", text)]


def _sentence(text: str) -> tuple[str, str]:
    """The first sentence (a title), and the rest. "?" and "!" stay in the title."""
    for stop in sentence_stops(text):
        before = text[:stop].split()
        if before and len(before[-1]) == 1 and before[-1].isupper():
            continue
        keep = text[stop] in "?!"
        return text[: stop + keep].strip(), text[stop + 1 :].strip()
    return text.strip(" ."), ""


def _citation(
    authors: tuple[list[str], bool] | None, title: str, venue: str, year: int | None = None
) -> Citation | None:
    title = title.strip(' ,.“”"')
    words = title.split()
    as_names = read_authors(title)
    if not authors or not 2 <= len(words) <= 45 or (as_names and len(as_names[0]) > 1):
        return None
    found = YEAR_RE.findall(venue)
    year = year or (int(found[-1]) if found else None)
    if not year and not venue:
        return None
    return Citation(authors[0], authors[1], title, venue.strip(" ,."), year)
