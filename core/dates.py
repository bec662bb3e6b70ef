"""Dates as listings write them, to ISO strings that keep their precision."""

import re
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# The years a paper can have, one rule for the parsers, ingestion, the API, the admin and the
# database: from 1600 (the first journals are of 1665; older works are reprinted and cited) to
# next year (a paper accepted now appears under it).
EARLIEST_YEAR = 1600
# The digits that can spell such a year; plausible_year() then holds it to the calendar.
YEAR = r"(?:1[6-9]|20)\d{2}"
YEAR_RE = re.compile(rf"(?<!\d){YEAR}(?!\d)")
# Dates in prose (news, a member's stint, a talk) are of people alive now: "1700 images" is no date.
LIVING_YEAR = r"(?:19|20)\d{2}"
DAY = r"(?:[0-2]?\d|3[01])"
# "Mar 8, 2022", "29 Apr 2022", "June 2023", "2020-08", "2024-01-12", "Jan 12", "2018".
DATE_RE = re.compile(
    rf"(?P<iso>{LIVING_YEAR}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)"
    rf"|(?P<mdy>{MONTH})\s+(?P<mdy_day>{DAY})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<mdy_year>{LIVING_YEAR})"
    rf"|(?P<dmy_day>{DAY})\s+(?P<dmy>{MONTH})\s*,?\s*(?P<dmy_year>{LIVING_YEAR})"
    rf"|(?P<my>{MONTH})\s*,?\s*(?P<my_year>{LIVING_YEAR})"
    rf"|(?P<md>{MONTH})\s+(?P<md_day>{DAY})\b"
    rf"|(?P<y>{LIVING_YEAR})",
    re.IGNORECASE,
)
SINCE_RE = re.compile(r"^\s*(?:since|from)\s+", re.IGNORECASE)
OPEN_END_RE = re.compile(r"(?:-|–|—|to)\s*(?:present|now|today|\.\.\.|…)?\s*$", re.IGNORECASE)


def latest_year(today: date | None = None) -> int:
    """The last plausible year: next year."""
    return (today or date.today()).year + 1


def plausible_year(year: int | None, today: date | None = None) -> bool:
    """True for a year from EARLIEST_YEAR to next year."""
    return year is not None and EARLIEST_YEAR <= year <= latest_year(today)


def year_problem(year: int | None, today: date | None = None) -> str:
    """Why a year cannot be a paper's, or "" when it can (or is unknown)."""
    if year is None or plausible_year(year, today):
        return ""
    return f"the year {year} is out of range ({EARLIEST_YEAR} to {latest_year(today)})"


def first_year(text: str, today: date | None = None) -> int | None:
    """The first plausible year written in text: "2019", "June 1843" -> 1843."""
    for found in YEAR_RE.finditer(text):
        if plausible_year(int(found.group(0)), today):
            return int(found.group(0))
    return None


def _month(word: str) -> int:
    return MONTHS[word[:3].lower()]


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"  # "Feb 30": keep what is sure


def _from_match(match: re.Match[str], observed_at: date | None) -> str:
    groups = match.groupdict()
    if groups["iso"]:
        return groups["iso"]
    if groups["mdy"]:
        return _iso(int(groups["mdy_year"]), _month(groups["mdy"]), int(groups["mdy_day"]))
    if groups["dmy"]:
        return _iso(int(groups["dmy_year"]), _month(groups["dmy"]), int(groups["dmy_day"]))
    if groups["my"]:
        return _iso(int(groups["my_year"]), _month(groups["my"]))
    if groups["md"]:
        return _without_year(_month(groups["md"]), int(groups["md_day"]), observed_at)
    return groups["y"]


def _without_year(month: int, day: int, observed_at: date | None) -> str:
    """ "Jan 12" on a page scraped on observed_at: that year, or the one before if that is later."""
    if observed_at is None:
        return ""
    found = _iso(observed_at.year, month, day)
    return _iso(observed_at.year - 1, month, day) if found > observed_at.isoformat() else found


def parse_date(text: str, observed_at: date | None = None) -> str:
    """The first date in text as "YYYY", "YYYY-MM" or "YYYY-MM-DD"; "" if none."""
    match = DATE_RE.search(text or "")
    return _from_match(match, observed_at) if match else ""


def parse_span(text: str, observed_at: date | None = None) -> tuple[str, str]:
    """(start, end) of "2018 - 2022", "Since Aug 2020", "Jan 2020-Dec 2021", "Mar 2023, ...".

    The end is "" while the span is open.
    """
    text = (text or "").strip()
    if SINCE_RE.match(text):
        return parse_date(SINCE_RE.sub("", text), observed_at), ""
    if OPEN_END_RE.search(text) and len(DATE_RE.findall(text)) == 1:
        return parse_date(text, observed_at), ""
    if re.search(r",\s*(?:\.\.\.|…)\s*$", text):
        return parse_date(text, observed_at), ""
    dates = [_from_match(match, observed_at) for match in DATE_RE.finditer(text)]
    dates = [found for found in dates if found]
    if not dates:
        return "", ""
    if len(dates) == 1:
        return dates[0], dates[0]
    return dates[0], dates[1]
