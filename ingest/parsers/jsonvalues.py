"""Values as JSON gives them: any key may be missing, null, or of another type.

The JSON parsers (ORCID, Crossref, OpenAlex, Semantic Scholar, CSL) read every field through
these, so a record of an odd shape yields empty values rather than an exception.
"""

import json
import re
from datetime import date
from typing import Any

from ingest.parsers.drafts import ParseError

RAW_CHARS = 20_000
ISO_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]*Z?)?$")


def load_json(text: str, what: str) -> Any:
    """The parsed text; a ParseError of the whole input (line 0) saying it is not `what` if not JSON."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:  # RecursionError: "[[[[..." nested too deep
        raise ParseError(0, f"not {what}: the text is not JSON ({error})") from None


def load_json_object(text: str, what: str) -> dict[str, Any]:
    """The parsed text when it is a JSON object; else a ParseError of the whole input."""
    data = load_json(text, what)
    if not isinstance(data, dict):
        raise ParseError(0, f"not {what}: the JSON is not an object")
    return data


def raw_json(record: Any) -> str:
    """The record as JSON text, cut at RAW_CHARS, for a draft's or an error's raw."""
    return json.dumps(record, ensure_ascii=False)[:RAW_CHARS]


def as_str(value: Any) -> str:
    """A string as is, a number as its text (42, 1.5; not a bool); anything else ""."""
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else ""


def as_int(value: Any) -> int | None:
    """An integer, or a string of digits (" 12 "), as an int; anything else (a bool) None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def as_obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_objs(value: Any) -> list[dict[str, Any]]:
    """The objects of a list, its other entries dropped."""
    return [item for item in as_list(value) if isinstance(item, dict)]


def iso_date(value: Any) -> str:
    """ "2023-06-18", "2023-06" or "2023" as written (a time after it dropped), if a real date; else ""."""
    match = ISO_DATE_RE.match(as_str(value).strip())
    if not match:
        return ""
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return ""
    return "-".join(part for part in (year, month, day) if part)


def date_of_year(value: Any, year: int | None) -> str:
    """The source's date at its own precision, when it is of the work's year; else the year."""
    written = iso_date(value)
    if year is not None and not 0 < year < 10_000:
        return ""
    if written and (year is None or written.startswith(f"{year:04d}")):
        return written
    return f"{year:04d}" if year else ""


def year_of(value: Any) -> int | None:
    """The year of a date as JSON gives it ("2023-06-18"), if it is a real date."""
    written = iso_date(value)
    return int(written[:4]) if written else None
