"""Parsers: listing text in, drafts out. Pure: no Django, no database, no network."""

import logging
from collections.abc import Callable, Mapping
from datetime import date

from core.text import UnreadableText, decode, normalize_newlines
from ingest.formats import Format
from ingest.parsers import abstracts, bibtex, homepage, proceedings, profile
from ingest.parsers.detect import detect_format
from ingest.parsers.drafts import ParseContext, ParseError, ParseResult
from ingest.parsers.report import listing_report

logger = logging.getLogger(__name__)

PARSERS: dict[str, Callable[[str, ParseContext], ParseResult]] = {
    Format.HOMEPAGE: homepage.parse,
    Format.PROFILE: profile.parse,
    Format.PROCEEDINGS: proceedings.parse,
    Format.ABSTRACTS: abstracts.parse,
    Format.BIBTEX: bibtex.parse,
}

__all__ = ["Format", "ParseContext", "ParseError", "ParseResult", "detect_format", "parse"]


def parse(
    data: bytes | str,
    format: str = Format.AUTO,
    *,
    observed_at: date | None = None,
    venue_aliases: Mapping[str, str] | None = None,
    owner_name: str = "",
) -> ParseResult:
    """Parse one input; raises ParseError (line 0) only when the input as a whole is unreadable."""
    if format not in Format.values:
        raise ParseError(0, f"unknown format {format!r}; use one of {', '.join(Format.values)}")
    text = _as_text(data)
    if format == Format.AUTO:
        format = detect_format(text)
        if not format:
            raise ParseError(0, "the format could not be detected; name it with --format")
    context = ParseContext(
        observed_at=observed_at or date.today(), venue_aliases=venue_aliases or {}, owner_name=owner_name
    )
    try:
        result = PARSERS[format](text, context)
    except ParseError:
        raise
    except Exception as error:  # a parser bug must not lose the run: report it as unreadable input
        logger.exception("ingest.parse failed format=%s", format)
        raise ParseError(0, f"the {format} parser failed: {type(error).__name__}: {error}") from error
    result.warnings = listing_report(result, format).warnings
    return result


def _as_text(data: bytes | str) -> str:
    if isinstance(data, str):
        return normalize_newlines(data)
    try:
        return decode(data)
    except UnreadableText as error:
        raise ParseError(0, str(error)) from None
