"""The abstracts format: "Abstract:" paragraphs without titles; they can only enrich known papers.

Each marker ("Abstract:", "**Abstract**:", "Abstract.", "3. Abstract:", "ABSTRACT" alone on a
line) starts one abstract that runs until the next marker.
"""

import re
from dataclasses import dataclass, field

from core.text import prose, squash, strip_markup
from ingest.formats import Format
from ingest.parsers.drafts import AbstractDraft, ParseContext, ParseError, ParseResult

# Matched against a squashed line: every quantifier is bounded, so a huge line costs one scan.
MARKER_RE = re.compile(
    r"(?:#{1,6} ?)?(?:(?:\[\d{1,5}\]|\d{1,5}[.)]) ?)?[*_]{0,2}(?P<word>abstract)[*_]{0,2} ?"
    r"(?P<separator>[:.—–]|- |$)[*_]{0,2} ?",
    re.IGNORECASE,
)
# "Abstract." and "Abstract — ..." need the capital: "abstract. We ..." is a wrapped sentence.
LOOSE_SEPARATORS = frozenset({".", "—", "–", "- "})
RULE_CHARS = frozenset("-*_= ")


@dataclass
class _Abstract:
    """One marker line and the lines up to the next marker."""

    line: int
    parts: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def raw(self) -> str:
        return "\n".join(self.lines).strip()


def parse(text: str, context: ParseContext) -> ParseResult:
    """One AbstractDraft per marker; empty abstracts and text before the first marker go to errors."""
    if not text.strip():
        raise ParseError(0, "the input is empty")
    result = ParseResult(format=Format.ABSTRACTS)
    preamble: list[tuple[int, str]] = []
    current: _Abstract | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = squash(line)
        marker = _marker(stripped)
        if marker:
            _finish(current, result)
            current = _Abstract(number, lines=[line])
            stripped = stripped[marker.end() :]
        elif current:
            current.lines.append(line)
        else:
            preamble.append((number, line))
            continue
        if stripped and not _is_rule(stripped):
            current.parts.append(stripped)
    if current is None:
        raise ParseError(0, 'no "Abstract:" marker found: not a list of abstracts')
    _finish(current, result)
    _report_preamble(preamble, result)
    return result


def _marker(line: str) -> re.Match[str] | None:
    match = MARKER_RE.match(line)
    if match and match["separator"] in LOOSE_SEPARATORS and not match["word"].startswith("A"):
        return None
    return match


def _is_rule(line: str) -> bool:
    """ "---", "***", "===": a separator between abstracts, not text."""
    return len(line) >= 3 and set(line) <= RULE_CHARS


def _finish(current: _Abstract | None, result: ParseResult) -> None:
    if current is None:
        return
    text = prose(strip_markup(" ".join(current.parts)))
    if text:
        result.abstracts.append(AbstractDraft(line=current.line, text=text, raw=current.raw))
    else:
        result.errors.append(ParseError(current.line, "empty abstract", current.raw))


def _report_preamble(preamble: list[tuple[int, str]], result: ParseResult) -> None:
    """Text before the first marker belongs to no abstract: one error naming its first line."""
    written = [(number, line) for number, line in preamble if line.strip()]
    if written:
        first = written[0][0]
        raw = "\n".join(line for _, line in written)
        reason = f'line {first} comes before the first "Abstract:" marker and belongs to no abstract'
        result.errors.insert(0, ParseError(first, reason, raw))
