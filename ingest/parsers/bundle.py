"""A harvest's pages as one input: the responses of every page of a source (an ORCID summary and
its details, OpenAlex's pages of works), each parsed in its own format, read as one listing.

A harvest keeps its pages on its run as one JSON document, so a resumed run or a review that
reads the input again sees what the harvest saw.
"""

import json
from collections.abc import Callable

from ingest.parsers.drafts import ParseError, ParseResult

BUNDLE_KEY = "pubtracker_harvest"
BUNDLE_VERSION = 1


def bundle_text(pages: list[tuple[str, str, str]], *, marks: dict | None = None) -> str:
    """The pages, as (format, url, text), in one document, with what marks them unchanged next time."""
    return json.dumps(
        {
            BUNDLE_KEY: BUNDLE_VERSION,
            "pages": [{"format": f, "url": u, "text": t} for f, u, t in pages],
            "marks": marks or {},
        },
        ensure_ascii=False,
    )


def bundle_marks(text: str) -> dict:
    try:
        marks = json.loads(text).get("marks")
    except (ValueError, AttributeError):
        return {}
    return marks if isinstance(marks, dict) else {}


def is_bundle(text: str) -> bool:
    return text.lstrip()[:40].startswith('{"' + BUNDLE_KEY)


def parse_bundle(text: str, parse_page: Callable[[str, str], ParseResult]) -> ParseResult:
    """Every page parsed in its format, their records numbered on: page 2's first record follows
    page 1's last line."""
    try:
        pages = json.loads(text)["pages"]
    except (ValueError, KeyError, TypeError) as error:
        raise ParseError(0, f"the harvest's pages cannot be read: {error}") from None
    result = ParseResult(format=pages[0]["format"] if pages else "")
    offset = 0
    for page in pages:
        try:
            part = parse_page(page["text"], page["format"])
        except ParseError as error:  # one unreadable page: the others still go in
            result.errors.append(
                ParseError(offset + 1, f"{page['url']}: {error.reason}", page["text"][:2000])
            )
            offset += 2
            continue
        last = 0
        for draft in part.records():
            draft.line += offset
            last = max(last, draft.line)
        for failed in part.errors:
            failed.line += offset
            last = max(last, failed.line)
        result.papers += part.papers
        result.people += part.people
        result.memberships += part.memberships
        result.entries += part.entries
        result.abstracts += part.abstracts
        result.errors += part.errors
        result.warnings += [w for w in part.warnings if w not in result.warnings]
        offset = max(last, offset) + 1
    return result
