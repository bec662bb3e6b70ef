"""Which format a listing is in, from its text alone."""

import re

from ingest.formats import Format
from ingest.parsers import arxiv, crossref, csl, dblp, openalex, orcid, ris, s2
from ingest.parsers.homepage.lines import is_html
from ingest.parsers.homepage.sections import heading_kind

BIBTEX_RE = re.compile(r"^\s*@\s*[a-zA-Z]+\s*[{(]", re.MULTILINE)
PROCEEDINGS_RE = re.compile(r"^\s*#{1,6}\s*\[\d+\]", re.MULTILINE)
PROCEEDINGS_FIELD_RE = re.compile(r"\*\*(?:Authors|Conference|URL)\*\*\s*:", re.IGNORECASE)
PROFILE_ENTRY_RE = re.compile(
    r"^[A-Z]{2,4}(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}"
    r"(?:, \d{4})?(?:Code)?\s*$",
    re.MULTILINE,
)
PROFILE_HEADER_RE = re.compile(r"^h-index\s*\d+", re.MULTILINE | re.IGNORECASE)
# "Abstract:", "**Abstract**:", "3. Abstract:", "[3] Abstract.", "## Abstract" alone on its line.
ABSTRACT_RE = re.compile(
    r"^[ \t]*(?:#{1,6} ?)?(?:(?:\[\d{1,5}\]|\d{1,5}[.)]) ?)?[*_]{0,2}abstract[*_]{0,2} ?(?::|\.|—|–|- |$)",
    re.MULTILINE | re.IGNORECASE,
)
HOMEPAGE_SECTION_RE = re.compile(
    r"^\s*(?:Bio|News|Selected Publications|Publications|Ph\.?\s*D\.? Students|Master Students|Awards)\b",
    re.MULTILINE | re.IGNORECASE,
)

SNIFF_CHARS = 200_000
# The scholarly sources' responses and the exchange formats, each known by its own structure
# (a JSON shape, an XML root, RIS tags): one that recognizes the text wins over the listings.
STRUCTURED = {
    Format.ORCID: orcid.sniff,
    Format.DBLP: dblp.sniff,
    Format.CROSSREF: crossref.sniff,
    Format.OPENALEX: openalex.sniff,
    Format.S2: s2.sniff,
    Format.ARXIV: arxiv.sniff,
    Format.RIS: ris.sniff,
    Format.CSL: csl.sniff,
}


def _homepage_score(head: str) -> int:
    """A web page, or text with the headings a homepage has (of any naming: parsers.homepage)."""
    if is_html(head):
        return 100
    headings = sum(
        1
        for line in head.splitlines()[:5000]
        if len(line) < 80 and heading_kind(line.strip(" •:-*#")) not in ("", "ignored")
    )
    return max(len(HOMEPAGE_SECTION_RE.findall(head)), headings) * 3


def detect_format(text: str) -> Format | str:
    """The format that fits the text best; "" when nothing fits."""
    head = text[:SNIFF_CHARS]
    structured = {format: sniff(head) for format, sniff in STRUCTURED.items()}
    best = max(structured, key=structured.__getitem__)
    if structured[best] > 0:
        return best
    scores = {
        Format.BIBTEX: len(BIBTEX_RE.findall(head)) * 3,
        Format.PROCEEDINGS: len(PROCEEDINGS_RE.findall(head)) * 2 + len(PROCEEDINGS_FIELD_RE.findall(head)),
        Format.PROFILE: len(PROFILE_ENTRY_RE.findall(head)) * 2 + 5 * bool(PROFILE_HEADER_RE.search(head)),
        Format.ABSTRACTS: len(ABSTRACT_RE.findall(head)) * 2,
        Format.HOMEPAGE: _homepage_score(head),
    }
    # The "**Abstract**:" fields of a proceedings list are not an abstract list.
    if scores[Format.PROCEEDINGS]:
        scores[Format.ABSTRACTS] = 0
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] > 0 else ""
