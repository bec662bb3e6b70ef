"""ORCID: a person's works summary, then the works themselves in bulk, at most 100 put-codes a request."""

from typing import Any

from core.identifiers import normalize_orcid
from ingest.fetch.client import JSON_TYPES, FetchError
from ingest.fetch.pages.base import Page, Walk, body_text, items, read_json
from ingest.formats import Format

ACCEPT = "application/vnd.orcid+json"
CHUNK = 100  # the most put-codes ORCID's bulk read takes
SUMMARY = "orcid:works"


def walk_orcid(identifier: str, walk: Walk, contact: str) -> list[Page]:
    """GET {orcid}/v3.0/{id}/works, then {orcid}/v3.0/{id}/works/{pc1,pc2,...} unless it is unchanged."""
    orcid = normalize_orcid(identifier)
    if not orcid:
        raise FetchError(f"{identifier!r} is not an ORCID iD (like 0000-0002-1825-0097)", transient=False)
    path = f"/v3.0/{orcid}/works"
    fetched = walk.get(SUMMARY, path, accept=ACCEPT, types=JSON_TYPES, conditional=True)
    if fetched.not_modified:
        return [walk.unchanged(SUMMARY, fetched, Format.ORCID)]
    text = body_text(fetched)
    data = read_json(fetched, text, "an ORCID works summary", ("group",))
    summary = walk.page(SUMMARY, fetched, Format.ORCID, text, _modified(data))
    if not summary.changed:
        return [summary]  # the works are those of the last harvest: their details too
    pages = [summary]
    codes = put_codes(data)
    for number, start in enumerate(range(0, len(codes), CHUNK), start=1):
        key, chunk = f"orcid:details:{number}", ",".join(codes[start : start + CHUNK])
        fetched = walk.get(key, f"{path}/{chunk}", accept=ACCEPT, types=JSON_TYPES, conditional=True)
        if fetched.not_modified:
            pages.append(walk.unchanged(key, fetched, Format.ORCID))
            continue
        text = body_text(fetched)
        read_json(fetched, text, "an ORCID bulk works response", ("bulk",))
        pages.append(walk.page(key, fetched, Format.ORCID, text))
    return pages


def put_codes(data: dict[str, Any]) -> list[str]:
    """One put-code per group of versions of a work: its preferred version's, in the summary's order."""
    codes: dict[str, None] = {}  # ordered, without duplicates
    for group in items(data.get("group")):
        summaries = [
            s for s in items(group.get("work-summary") if isinstance(group, dict) else None) if _code(s)
        ]
        if summaries:
            # The preferred version is the one with the highest display index (ties: the first).
            preferred = max(summaries, key=_display_index)
            codes[_code(preferred)] = None
    return list(codes)


def _code(summary: object) -> str:
    code = summary.get("put-code") if isinstance(summary, dict) else None
    text = str(code).strip() if isinstance(code, int | str) and not isinstance(code, bool) else ""
    return text if text.isdigit() else ""


def _display_index(summary: dict[str, Any]) -> int:
    value = str(summary.get("display-index") or "0").strip()
    return int(value) if value.isdigit() else 0


def _modified(data: dict[str, Any]) -> str:
    """The summary's last-modified-date.value (milliseconds since 1970), as text; "" when absent."""
    date = data.get("last-modified-date")
    value = date.get("value") if isinstance(date, dict) else None
    return str(value) if isinstance(value, int | str) and str(value).strip() else ""
