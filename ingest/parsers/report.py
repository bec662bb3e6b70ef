"""What a parse understood of its input: counts for a person, and warnings when it missed much.

Pure, like the parsers: a ParseResult in, a Report out. parse() attaches the warnings to every
result, so a run, the command and the API all say the same thing about one input.
"""

from dataclasses import dataclass

from ingest.formats import Format
from ingest.parsers.drafts import ParseResult

# Formats whose listings are there to list publications: finding none means the page was missed.
PUBLICATION_FORMATS: dict[str, str] = {Format.HOMEPAGE: "on this page", Format.PROFILE: "on this page",
                       Format.PROCEEDINGS: "in this list", Format.BIBTEX: "in this file",
                       Format.RIS: "in this file", Format.CSL: "in this file"}  # fmt: skip
# More than this share of the content lines not understood is worth a warning.
UNREAD_SHARE = 0.5


@dataclass(frozen=True)
class Report:
    """How many records of each kind a parse found, how much it left unread, and its warnings."""

    counts: dict[str, int]
    warnings: list[str]


def listing_report(result: ParseResult, format: str) -> Report:
    """The report of one parse: the parser's own warnings first, then ours (each once)."""
    lines, unread = content_lines(result), len(result.unread)
    counts = {
        "publications": len(result.papers),
        "people": len(result.people),
        "members": len(result.memberships),
        "entries": len(result.entries),
        "abstracts": len(result.abstracts),
        "rejected": len(result.errors),
        "lines": lines,
        "unread": unread,
    }
    found = [*_missing(result, format), *_unread(unread, lines)]
    warnings = list(dict.fromkeys([*result.warnings, *found]))
    return Report(counts=counts, warnings=warnings)


def content_lines(result: ParseResult) -> int:
    """Lines that carry content: the non-blank lines of every record (rejected ones too), and the unread."""
    taken = sum(_filled(item.raw) for item in [*result.records(), *result.errors])
    return taken + len(result.unread)


def _filled(raw: str) -> int:
    return sum(1 for text in raw.split("\n") if text.strip())


def _missing(result: ParseResult, format: str) -> list[str]:
    if format in PUBLICATION_FORMATS and not result.papers:
        return [f"no publications were found {PUBLICATION_FORMATS[format]}"]
    if format == "abstracts" and not result.abstracts:
        return ["no abstracts were found in this list"]
    return []


def _unread(unread: int, lines: int) -> list[str]:
    if not lines or unread <= lines * UNREAD_SHARE:
        return []
    return [f"{unread} of {lines} lines ({round(100 * unread / lines)}%) were not understood"]
