"""Dated items of a profile: news, awards, funding, services, talks, seminars, teaching."""

import re

from core.dates import YEAR, parse_date, parse_span
from core.text import squash
from ingest.parsers.drafts import EntryDraft, LinkDraft, ParseContext
from ingest.parsers.homepage.lines import Line
from ingest.parsers.homepage.links import label_kind, trailing_labels
from ingest.parsers.homepage.sections import BULLET_RE

ENTRY_KINDS = {"news", "award", "service", "talk", "seminar", "collaboration", "teaching"}
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
DAY = r"(?:[0-2]?\d|3[01])"
DATE = rf"(?:{YEAR}-(?:0[1-9]|1[0-2])(?:-\d{{2}})?|(?:{DAY}\s+{MONTH}\s+|{MONTH}\s+(?:{DAY},?\s+)?)?{YEAR})"
RANGE_TAIL = rf"\s*(?:-|–|—|\bto\b|\buntil\b)\s*(?:{DATE}|present|now|today|current)"
DATE_PREFIX_RE = re.compile(
    rf"(?P<since>since\s+)?(?P<date>{DATE}|{MONTH}\s+{DAY}(?!\d))(?P<tail>{RANGE_TAIL})?"
    r"(?P<sep>\s*[,:;]\s*|\s*[-–—]\s+|\s{2,}|\t\s*|\s+|$)",
    re.IGNORECASE,
)


def read_entries(kind: str, lines: list[Line], context: ParseContext) -> list[EntryDraft]:
    """One entry per bullet; lines without a bullet continue a bulleted entry or stand alone."""
    groups: list[list[Line]] = []
    continues = False
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        bulleted = bool(BULLET_RE.match(text))
        same_item = bool(groups and line.item and groups[-1][-1].item == line.item)
        if groups and ((continues and not bulleted) or same_item):
            groups[-1].append(line)
        else:
            groups.append([line])
            continues = bulleted
    return [_entry(kind, group, context) for group in groups]


def _entry(kind: str, group: list[Line], context: ParseContext) -> EntryDraft:
    # Squashed only after the date: "2020   IS112" is a date then a course, "2021 and before" is not.
    text = " ".join(BULLET_RE.sub("", line.text.strip()) for line in group)
    text, labels = trailing_labels(text)
    start, end, text = _date_prefix(text, context)
    text = squash(text)
    if kind == "award" and re.search(r"\b(?:grants?|funding)\b", text, re.IGNORECASE):
        kind = "funding"
    raw = "\n".join(line.text for line in group)
    urls = {label.strip("[] "): url for line in group for label, url in line.links if url.startswith("http")}
    links = [
        LinkDraft(kind=label_kind(label) or "other", url=urls.pop(label.strip("[] "), ""), label=label)
        for label in labels
    ]
    links += [LinkDraft(kind="other", url=url, label=label) for label, url in urls.items()]
    return EntryDraft(line=group[0].number, kind=kind, text=text, date=start, end=end, links=links, raw=raw)


def _date_prefix(text: str, context: ParseContext) -> tuple[str, str, str]:
    """(date, end, rest) of "Mar 2023, ...", "2022-2024   CS601 ...", "29 Apr 2022, ..."."""
    match = DATE_PREFIX_RE.match(text)
    if not match:
        return "", "", text
    sep, is_range = match["sep"], bool(match["since"] or match["tail"])
    has_month = not re.fullmatch(YEAR, match["date"])
    # "2021 and before": a bare year followed by words is a sentence, not a date.
    if sep.isspace() and len(sep) == 1 and not (is_range or has_month):
        return "", "", text
    prefix = text[: match.end("tail") if match["tail"] else match.end("date")]
    observed_at = context.observed_at
    start, end = parse_span(prefix, observed_at) if is_range else (parse_date(prefix, observed_at), "")
    return start, end, text[match.end() :].strip()
