"""Papers as BibTeX, and the rules every export format shares (papers.export_csl, papers.export_ris).

Pure over ExportPaper rows (papers.selectors.export_rows reads them, three queries for any number of
papers): nothing here queries the database or builds a model instance. Every value is untrusted text
from scrapes; BibTeX values are escaped so that the entry stays whole and the project's own reader
(ingest.parsers.bibtex, which decodes LaTeX with pylatexenc through core.text.latex_to_text) gives
back the text that went in. What depends on a name alone (its parts, its BibTeX form) is worked out
once per name, not once per entry: the same co-authors fill a researcher's whole list.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import count
from urllib.parse import quote

from core.keys import fold
from core.names import NameParts, split_name
from core.text import squash
from papers.choices import LinkKind, PaperKind, Presentation

# Entry type and the field that names the venue, by kind; a book with a venue is a chapter in it.
ENTRY_TYPES = {
    PaperKind.CONFERENCE: ("inproceedings", "booktitle"),
    PaperKind.WORKSHOP: ("inproceedings", "booktitle"),
    PaperKind.JOURNAL: ("article", "journal"),
    PaperKind.PREPRINT: ("misc", "howpublished"),
    PaperKind.THESIS: ("phdthesis", "school"),
    PaperKind.BOOK: ("incollection", "booktitle"),
    PaperKind.OTHER: ("misc", "howpublished"),
}
MEDIA_TYPE = "application/x-bibtex"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# LaTeX's special characters, each spelt so that LaTeX prints it and pylatexenc reads it back.
ESCAPES = {
    "\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"{\string^}",  # pylatexenc reads \textasciicircum as the modifier letter "ˆ", not "^"
    "{": r"\{", "}": r"\}",
}  # fmt: skip
# A brace without a partner: BibTeX counts "\{" as a brace too, so a lone one would unbalance the entry.
LONE_BRACES = {"{": r"\lbrace{}", "}": r"\rbrace{}"}
# Besides the specials: "--", "``", "''", "!`", "?`", pairs that TeX and pylatexenc join into one
# character (an en dash, a curly quote...). An empty group after the first keeps them apart.
SPECIAL_RE = re.compile(r"[\\%&#_$~^{}]|([-`'])(?=\1)|[!?](?=`)")
# C0 controls but tab and newline: the project's reader drops them from the whole file.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A capital that does not start its word, in ASCII text: _inner_capital of one of its words.
ASCII_INNER_CAPITAL_RE = re.compile(r"\S[A-Z]")
# BibTeX splits the author field at the word "and", and reads a last name "others" as "et al.".
NAME_WORD_RE = re.compile(r"\b(?:and|others)\b", re.IGNORECASE)
# In a URL or DOI (printed verbatim, not as LaTeX): what would unbalance the entry or end it.
VERBATIM_UNSAFE_RE = re.compile(r"[{}\\\s]")
PAGES_DASH_RE = re.compile(r"\s*[-\u2010-\u2015]+\s*")
KEY_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_.:/+-]")
KEY_STOP_WORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "towards", "toward"}


# Rows


@dataclass(slots=True)
class ExportPaper:
    """A paper as the exports read it: its own fields, its venue's (blank without one), its authors'
    names as credited in author order, and its links (kind, url) in the order they were added."""

    pk: int
    title: str
    kind: str
    venue_text: str
    year: int | None
    date: str
    volume: str
    number: str
    pages: str
    publisher: str
    doi: str
    arxiv_id: str
    citation_key: str
    categories: object  # a JSON list field: strings, whatever else a source put there
    honors: object
    presentation: str
    abstract: str
    authors_complete: bool
    has_venue: bool
    venue_name: str
    venue_kind: str
    venue_publisher: str
    venue_acronym: str
    authors: list[str]
    links: list[tuple[str, str]]


# Paper fields an ExportPaper takes as they are, and its venue's, as the query names them.
PAPER_FIELDS = (
    "pk", "title", "kind", "venue_text", "year", "date", "volume", "number", "pages", "publisher", "doi",
    "arxiv_id", "citation_key", "categories", "honors", "presentation", "abstract", "authors_complete",
)  # fmt: skip
VENUE_FIELDS = {
    "venue_name": "venue_edition__venue__name",
    "venue_kind": "venue_edition__venue__kind",
    "venue_publisher": "venue_edition__venue__publisher",
    "venue_acronym": "venue_edition__venue__acronym",
}
PRESENTATIONS = dict(Presentation.choices)
# Entries per piece of a streamed export: large enough that joining, not yielding, is the cost.
CHUNK = 200


def chunked(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces joined CHUNK at a time, for a streamed response."""
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) == CHUNK:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


# BibTeX


def papers_bibtex(papers: Iterable[ExportPaper]) -> str:
    """The papers as BibTeX, one entry each, with citation keys unique within the output."""
    return "".join(bibtex_pieces(papers))


def bibtex_pieces(papers: Iterable[ExportPaper]) -> Iterator[str]:
    """The entries one by one, a blank line between them: what papers_bibtex joins and a stream sends."""
    keys = KeyRing()
    for number, paper in enumerate(papers):
        yield f"\n{_entry(paper, keys)}" if number else _entry(paper, keys)


def _entry(paper: ExportPaper, keys: "KeyRing") -> str:
    entry_type, fields = bibtex_fields(paper)
    key = keys.unique(citation_key(paper))
    body = "".join(f"  {name} = {value},\n" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}}}\n"


def bibtex_fields(paper: ExportPaper) -> tuple[str, list[tuple[str, str]]]:
    """The entry type, and the fields as (name, BibTeX value) without the empty ones."""
    issued = issued_of(paper)
    entry_type, venue_field, venue = _bibtex_venue(paper)
    fields = [
        ("author", _braced(_bibtex_authors(paper.authors, paper.authors_complete))),
        ("title", _braced(_title(paper.title))),
        (venue_field, _braced(latex_escape(venue))),
        ("year", _braced(str(issued[0]) if issued else "")),
        ("month", MONTHS[issued[1] - 1] if len(issued) > 1 and 1 <= issued[1] <= 12 else ""),
        ("volume", _braced(latex_escape(paper.volume))),
        ("number", _braced(latex_escape(paper.number))),
        ("pages", _braced(_pages(paper.pages))),
        ("publisher", _braced(latex_escape(publisher(paper)))),
        ("doi", _braced(_verbatim(paper.doi))),
        *_eprint_fields(paper),
        ("url", _braced(_verbatim(url_of(paper)))),
        ("note", _braced(latex_escape(_note(paper)))),
        ("abstract", _braced(latex_escape(paper.abstract))),
    ]
    return entry_type, [(name, value) for name, value in fields if name and value]


def _bibtex_venue(paper: ExportPaper) -> tuple[str, str, str]:
    """(entry type, the field naming the venue, the venue's name)."""
    kind, name = kind_of(paper), venue_name(paper)
    entry_type, venue_field = ENTRY_TYPES.get(kind, ENTRY_TYPES[PaperKind.OTHER])
    if kind == PaperKind.BOOK and not name:
        return "book", "", ""
    return entry_type, venue_field, name


def _bibtex_authors(names: list[str], complete: bool) -> str:
    """ "Family, Given and ...", ending with "and others" when the list was cut."""
    names = [form for form in map(_bibtex_name, names) if form]
    if names and not complete:
        names.append("others")
    return " and ".join(names)


@lru_cache(maxsize=100_000)
def _bibtex_name(name: str) -> str:
    """ "Van Gool, Luc", "Smith, Jr., John": with commas BibTeX cannot mistake a particle or a middle name."""
    parts = name_parts(name)
    family, given, suffix = _name_part(parts.family), _name_part(parts.given), _name_part(parts.suffix)
    if family and given:
        return f"{family}, {suffix}, {given}" if suffix else f"{family}, {given}"
    return " ".join(part for part in (family or given, suffix) if part)


def _name_part(text: str) -> str:
    escaped = NAME_WORD_RE.sub(lambda match: f"{{{match.group(0)}}}", latex_escape(text))
    return f"{{{escaped}}}" if "," in escaped else escaped


def _title(title: str) -> str:
    """The title's LaTeX, words with a capital after their first letter kept in braces: {GAN}, {ImageNet}."""
    plain = one_line(title)
    escaped = _escape(plain)
    if plain.isascii():
        if not ASCII_INNER_CAPITAL_RE.search(plain):
            return escaped  # most titles: no word to protect, and no need to look at each
        inner_capital = ASCII_INNER_CAPITAL_RE.search
    else:
        inner_capital = _inner_capital
    # Escapes hold no spaces, so the escaped words line up with the plain ones.
    words = zip(plain.split(" "), escaped.split(" "), strict=True)
    return " ".join(f"{{{escaped}}}" if inner_capital(word) else escaped for word, escaped in words)


def _inner_capital(word: str) -> bool:
    return any(char.isupper() for char in word[1:])


def _pages(pages: str) -> str:
    """ "659-669" -> "659--669", BibTeX's range dash."""
    return "--".join(latex_escape(part) for part in PAGES_DASH_RE.split(pages.strip()))


def _eprint_fields(paper: ExportPaper) -> list[tuple[str, str]]:
    if not paper.arxiv_id:
        return []
    categories = _strings(paper.categories)
    return [
        ("eprint", _braced(_verbatim(paper.arxiv_id))),
        ("archiveprefix", "{arXiv}"),
        ("primaryclass", _braced(latex_escape(categories[0]) if categories else "")),
    ]


def _note(paper: ExportPaper) -> str:
    """The presentation and the honors: "Oral; Top 200 Most Cited CVPR Paper"."""
    presentation = PRESENTATIONS.get(paper.presentation, paper.presentation)
    return "; ".join(squash(text) for text in [presentation, *_strings(paper.honors)] if text.strip())


def _strings(value: object) -> list[str]:
    """The strings of a JSON list field (categories, honors), whatever else a source put there."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def latex_escape(text: str) -> str:
    """Untrusted text as LaTeX on one line: specials escaped, ligatures broken, Unicode kept."""
    return _escape(one_line(text)) if text else ""


def one_line(text: str) -> str:
    """The text on one line, without the control characters the project's readers drop."""
    return squash(CONTROL_RE.sub("", text))


def _escape(text: str) -> str:
    """latex_escape of text already on one line."""
    paired = _paired_braces(text) if "{" in text or "}" in text else set()
    return SPECIAL_RE.sub(lambda match: _escaped(match, paired), text)


def _escaped(match: re.Match, paired: set[int]) -> str:
    char = match.group(0)
    if char in LONE_BRACES and match.start() not in paired:
        return LONE_BRACES[char]
    return ESCAPES.get(char, f"{char}{{}}")


def _paired_braces(text: str) -> set[int]:
    """The positions of the braces that have a partner, opening before closing."""
    paired: set[int] = set()
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}" and opened:
            paired.update((opened.pop(), index))
    return paired


def _verbatim(text: str) -> str:
    """A URL or DOI as written (styles print it verbatim), but for what would break the entry."""
    return VERBATIM_UNSAFE_RE.sub(lambda match: quote(match.group(0)), CONTROL_RE.sub("", text.strip()))


def _braced(value: str) -> str:
    return f"{{{value}}}" if value else ""


# Citation keys


def citation_key(paper: ExportPaper) -> str:
    """The paper's own key when it has a usable one, else <family><year><first word>: "sun2023learning"."""
    own = KEY_UNSAFE_RE.sub("", _ascii(paper.citation_key)) if paper.citation_key else ""
    if own:
        return own
    family = _key_word(name_parts(paper.authors[0]).family) if paper.authors else ""
    words = (_key_word(word) for word in fold(paper.title).split())
    first = next((word for word in words if word and word not in KEY_STOP_WORDS), "")
    issued = issued_of(paper)
    return f"{family}{issued[0] if issued else ''}{first}" or f"paper{paper.pk}"


def _key_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


class KeyRing:
    """Hands out keys unique within one output: the second "sun2023learning" is "sun2023learninga"."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def unique(self, key: str) -> str:
        # BibTeX compares keys without regard to case.
        key = next(candidate for candidate in _candidates(key) if candidate.lower() not in self.taken)
        self.taken.add(key.lower())
        return key


def _candidates(key: str) -> Iterator[str]:
    """key, then key + a, b, ... z, aa, ab, ..."""
    yield key
    for number in count(1):
        letters = ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        yield key + letters


# Shared


@lru_cache(maxsize=100_000)
def name_parts(name: str) -> NameParts:
    """Given and family names of a stored name, which is plain text (a backslash is a backslash)."""
    # split_name reads LaTeX ("Rodol{\`a}"): escaped first, the specials come back as they were.
    return split_name(latex_escape(name))


def venue_name(paper: ExportPaper) -> str:
    return squash(paper.venue_name if paper.has_venue else paper.venue_text)


def publisher(paper: ExportPaper) -> str:
    return paper.publisher or paper.venue_publisher


def kind_of(paper: ExportPaper) -> str:
    """The paper's kind; for "other", its venue's kind when that says more."""
    if paper.kind == PaperKind.OTHER and paper.venue_kind in PaperKind.values:
        return paper.venue_kind
    return paper.kind


def issued_of(paper: ExportPaper) -> list[int]:
    """[year, month, day] as far as known: the date when it agrees with the year, else the year."""
    parts = [int(part) for part in (paper.date or "").split("-") if part.isdigit()]
    if parts and (not paper.year or parts[0] == paper.year):
        return parts
    return [paper.year] if paper.year else []


def url_of(paper: ExportPaper) -> str:
    """The first PDF link, else the DOI's address, else the arXiv page."""
    pdf = next((url for kind, url in paper.links if kind == LinkKind.PDF and url), "")
    if pdf:
        return pdf
    if paper.doi:
        return f"https://doi.org/{quote(paper.doi, safe='/:;()')}"
    return f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else ""
