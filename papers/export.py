"""Papers as BibTeX and CSL-JSON.

Pure over papers fetched with `authorships` and `links` prefetched and `venue_edition__venue`
selected (papers.selectors.with_authors_and_links): nothing here queries the database. Every value is
untrusted text from scrapes; BibTeX values are escaped so that the entry stays whole and the
project's own reader (ingest.parsers.bibtex, which decodes LaTeX with pylatexenc through
core.text.latex_to_text) gives back the text that went in.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from itertools import count
from urllib.parse import quote

from core.keys import fold
from core.names import NameParts, split_name
from core.text import squash
from papers.choices import LinkKind, PaperKind
from papers.models import Authorship, Paper
from venues.models import Venue

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
CSL_TYPES = {
    PaperKind.CONFERENCE: "paper-conference",
    PaperKind.WORKSHOP: "paper-conference",
    PaperKind.JOURNAL: "article-journal",
    PaperKind.PREPRINT: "article",
    PaperKind.THESIS: "thesis",
    PaperKind.BOOK: "chapter",
    PaperKind.OTHER: "document",
}
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
# BibTeX splits the author field at the word "and", and reads a last name "others" as "et al.".
NAME_WORD_RE = re.compile(r"\b(?:and|others)\b", re.IGNORECASE)
# In a URL or DOI (printed verbatim, not as LaTeX): what would unbalance the entry or end it.
VERBATIM_UNSAFE_RE = re.compile(r"[{}\\\s]")
PAGES_DASH_RE = re.compile(r"\s*[-\u2010-\u2015]+\s*")
KEY_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_.:/+-]")
KEY_STOP_WORDS = {"a", "an", "the", "on", "of", "in", "for", "to", "towards", "toward"}


# BibTeX


def papers_bibtex(papers: Iterable[Paper]) -> str:
    """The papers as BibTeX, one entry each, with citation keys unique within the output."""
    keys = KeyRing()
    return "\n".join(_entry(paper, keys) for paper in papers)


def _entry(paper: Paper, keys: "KeyRing") -> str:
    authorships = _authorships(paper)
    entry_type, fields = bibtex_fields(paper, authorships)
    key = keys.unique(citation_key(paper, authorships))
    body = "".join(f"  {name} = {value},\n" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}}}\n"


def bibtex_fields(paper: Paper, authorships: list[Authorship]) -> tuple[str, list[tuple[str, str]]]:
    """The entry type, and the fields as (name, BibTeX value) without the empty ones."""
    issued = _issued(paper)
    entry_type, venue_field, venue_name = _bibtex_venue(paper)
    venue = _venue(paper)
    fields = [
        ("author", _braced(_bibtex_authors(authorships, paper.authors_complete))),
        ("title", _braced(_title(paper.title))),
        (venue_field, _braced(latex_escape(venue_name))),
        ("year", _braced(str(issued[0]) if issued else "")),
        ("month", MONTHS[issued[1] - 1] if len(issued) > 1 and 1 <= issued[1] <= 12 else ""),
        ("volume", _braced(latex_escape(paper.volume))),
        ("number", _braced(latex_escape(paper.number))),
        ("pages", _braced(_pages(paper.pages))),
        ("publisher", _braced(latex_escape(paper.publisher or (venue.publisher if venue else "")))),
        ("doi", _braced(_verbatim(paper.doi))),
        *_eprint_fields(paper),
        ("url", _braced(_verbatim(_url(paper)))),
        ("note", _braced(latex_escape(_note(paper)))),
        ("abstract", _braced(latex_escape(paper.abstract))),
    ]
    return entry_type, [(name, value) for name, value in fields if name and value]


def _bibtex_venue(paper: Paper) -> tuple[str, str, str]:
    """(entry type, the field naming the venue, the venue's name)."""
    kind, name = _kind(paper), _venue_name(paper)
    entry_type, venue_field = ENTRY_TYPES.get(kind, ENTRY_TYPES[PaperKind.OTHER])
    if kind == PaperKind.BOOK and not name:
        return "book", "", ""
    return entry_type, venue_field, name


def _bibtex_authors(authorships: list[Authorship], complete: bool) -> str:
    """ "Family, Given and ...", ending with "and others" when the list was cut."""
    names = [name for name in (_bibtex_name(row.name) for row in authorships) if name]
    if names and not complete:
        names.append("others")
    return " and ".join(names)


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
    plain = squash(CONTROL_RE.sub("", title))
    # Escapes hold no spaces, so the escaped words line up with the plain ones.
    words = zip(plain.split(" "), latex_escape(plain).split(" "), strict=True)
    return " ".join(f"{{{escaped}}}" if _inner_capital(word) else escaped for word, escaped in words)


def _inner_capital(word: str) -> bool:
    return any(char.isupper() for char in word[1:])


def _pages(pages: str) -> str:
    """ "659-669" -> "659--669", BibTeX's range dash."""
    return "--".join(latex_escape(part) for part in PAGES_DASH_RE.split(pages.strip()))


def _eprint_fields(paper: Paper) -> list[tuple[str, str]]:
    if not paper.arxiv_id:
        return []
    categories = _strings(paper.categories)
    return [
        ("eprint", _braced(_verbatim(paper.arxiv_id))),
        ("archiveprefix", "{arXiv}"),
        ("primaryclass", _braced(latex_escape(categories[0]) if categories else "")),
    ]


def _note(paper: Paper) -> str:
    """The presentation and the honors: "Oral; Top 200 Most Cited CVPR Paper"."""
    presentation = paper.get_presentation_display() if paper.presentation else ""
    return "; ".join(squash(text) for text in [presentation, *_strings(paper.honors)] if text.strip())


def _strings(value: object) -> list[str]:
    """The strings of a JSON list field (categories, honors), whatever else a source put there."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def latex_escape(text: str) -> str:
    """Untrusted text as LaTeX on one line: specials escaped, ligatures broken, Unicode kept."""
    text = squash(CONTROL_RE.sub("", text))
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


def citation_key(paper: Paper, authorships: list[Authorship]) -> str:
    """The paper's own key when it has a usable one, else <family><year><first word>: "sun2023learning"."""
    own = KEY_UNSAFE_RE.sub("", _ascii(paper.citation_key))
    if own:
        return own
    family = _key_word(name_parts(authorships[0].name).family) if authorships else ""
    words = (_key_word(word) for word in fold(paper.title).split())
    first = next((word for word in words if word and word not in KEY_STOP_WORDS), "")
    issued = _issued(paper)
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


# CSL-JSON


def papers_csl(papers: Iterable[Paper]) -> list[dict]:
    """The papers as CSL-JSON items, with ids (citation keys) unique within the list."""
    keys = KeyRing()
    return [paper_csl(paper, keys=keys) for paper in papers]


CSL_TEXT = {"type": "string", "minLength": 1}
# What paper_csl writes, as the API's schema gives it: a client can validate an item against it.
CSL_ITEM_SCHEMA = {
    "type": "object",
    "description": "A CSL-JSON item (the citation-style-language csl-data schema), the fields it writes.",
    "required": ["id", "type", "title"],
    "properties": {
        "id": {**CSL_TEXT, "description": "The citation key, unique within a response."},
        "type": {"type": "string", "enum": sorted({*CSL_TYPES.values(), "book"})},
        "title": CSL_TEXT,
        "author": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {name: CSL_TEXT for name in ("family", "given", "suffix", "literal")},
                "additionalProperties": False,
            },
        },
        "issued": {
            "type": "object",
            "required": ["date-parts"],
            "properties": {
                "date-parts": {
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3},
                    "minItems": 1,
                    "maxItems": 1,
                }
            },
            "additionalProperties": False,
        },
        **{
            name: CSL_TEXT
            for name in ("container-title", "DOI", "URL", "page", "volume", "issue", "publisher", "abstract")
        },
    },
    "additionalProperties": False,
}


def paper_csl(paper: Paper, *, keys: KeyRing | None = None) -> dict:
    """One paper as a CSL-JSON item; its id is its citation key."""
    authorships = _authorships(paper)
    key = citation_key(paper, authorships)
    kind, venue_name, issued = _kind(paper), _venue_name(paper), _issued(paper)
    venue = _venue(paper)
    item = {
        "id": keys.unique(key) if keys is not None else key,
        "type": "book" if kind == PaperKind.BOOK and not venue_name else CSL_TYPES.get(kind, "document"),
        "title": squash(paper.title),
        "author": _csl_authors(authorships, paper.authors_complete),
        "issued": {"date-parts": [issued]} if issued else None,
        "container-title": venue_name,
        "DOI": paper.doi,
        "URL": _url(paper),
        "page": squash(paper.pages),
        "volume": squash(paper.volume),
        "issue": squash(paper.number),
        "publisher": paper.publisher or (venue.publisher if venue else ""),
        "abstract": squash(paper.abstract),
    }
    return {name: value for name, value in item.items() if value}


def _csl_authors(authorships: list[Authorship], complete: bool) -> list[dict[str, str]]:
    """The names, ending with a literal "et al." when the list was cut (BibTeX's "and others")."""
    names = [_csl_name(row.name) for row in authorships if squash(row.name)]
    return [*names, {"literal": "et al."}] if names and not complete else names


def _csl_name(name: str) -> dict[str, str]:
    """{family, given}, or {literal} for a name that does not split (one word, an organisation)."""
    parts = name_parts(name)
    if parts.family and parts.given:
        found = {"family": parts.family, "given": parts.given}
        return {**found, "suffix": parts.suffix} if parts.suffix else found
    return {"literal": parts.full or squash(name)}


# Shared


def name_parts(name: str) -> NameParts:
    """Given and family names of a stored name, which is plain text (a backslash is a backslash)."""
    # split_name reads LaTeX ("Rodol{\`a}"): escaped first, the specials come back as they were.
    return split_name(latex_escape(name))


def _authorships(paper: Paper) -> list[Authorship]:
    # Sorted here, not in SQL: the caller's prefetch may carry any ordering.
    return sorted(paper.authorships.all(), key=lambda row: row.position)


def _venue(paper: Paper) -> Venue | None:
    return paper.venue_edition.venue if paper.venue_edition_id else None


def _venue_name(paper: Paper) -> str:
    venue = _venue(paper)
    return squash(venue.name if venue else paper.venue_text)


def _kind(paper: Paper) -> str:
    """The paper's kind; for "other", its venue's kind when that says more."""
    venue = _venue(paper)
    if paper.kind == PaperKind.OTHER and venue is not None and venue.kind in PaperKind.values:
        return venue.kind
    return paper.kind


def _issued(paper: Paper) -> list[int]:
    """[year, month, day] as far as known: the date when it agrees with the year, else the year."""
    parts = [int(part) for part in (paper.date or "").split("-") if part.isdigit()]
    if parts and (not paper.year or parts[0] == paper.year):
        return parts
    return [paper.year] if paper.year else []


def _url(paper: Paper) -> str:
    """The first PDF link, else the DOI's address, else the arXiv page."""
    pdfs = [link for link in paper.links.all() if link.kind == LinkKind.PDF and link.url]
    if pdfs:
        return min(pdfs, key=lambda link: link.pk).url
    if paper.doi:
        return f"https://doi.org/{quote(paper.doi, safe='/:;()')}"
    return f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else ""
