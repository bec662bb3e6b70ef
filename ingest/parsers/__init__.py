"""Parsers: listing text in, drafts out. Pure: no Django, no database, no network."""

import logging
from collections.abc import Callable, Mapping
from datetime import date
from functools import partial

from core.text import UnreadableText, decode, normalize_newlines
from ingest.formats import Format
from ingest.parsers import (
    abstracts,
    arxiv,
    bibtex,
    crossref,
    csl,
    dblp,
    homepage,
    openalex,
    orcid,
    proceedings,
    profile,
    ris,
    s2,
)
from ingest.parsers.bundle import is_bundle, parse_bundle
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
    Format.ORCID: orcid.parse,
    Format.DBLP: dblp.parse,
    Format.CROSSREF: crossref.parse,
    Format.OPENALEX: openalex.parse,
    Format.S2: s2.parse,
    Format.ARXIV: arxiv.parse,
    Format.RIS: ris.parse,
    Format.CSL: csl.parse,
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
    if is_bundle(text):
        format = Format.AUTO  # each page names its own
    elif format == Format.AUTO:
        format = detect_format(text)
        if not format:
            raise ParseError(0, "the format could not be detected; name it with --format")
    context = ParseContext(
        observed_at=observed_at or date.today(), venue_aliases=venue_aliases or {}, owner_name=owner_name
    )
    try:
        if is_bundle(text):
            result = parse_bundle(text, partial(_parse_page, context=context))
        else:
            result = PARSERS[format](text, context)
    except ParseError:
        raise
    except Exception as error:  # a parser bug must not lose the run: report it as unreadable input
        logger.exception("ingest.parse failed format=%s", format)
        raise ParseError(0, f"the {format} parser failed: {type(error).__name__}: {error}") from error
    result.warnings = listing_report(result, result.format).warnings
    return result


def _parse_page(text: str, format: str, *, context: ParseContext) -> ParseResult:
    if format not in PARSERS:
        raise ParseError(0, f"a page of the harvest is in an unknown format {format!r}")
    return PARSERS[format](text, context)


def _as_text(data: bytes | str) -> str:
    if isinstance(data, str):
        return normalize_newlines(data)
    try:
        return decode(data)
    except UnreadableText as error:
        raise ParseError(0, str(error)) from None
