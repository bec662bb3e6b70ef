"""Filters for showing scraped text safely: abstracts keep a short allow-list, links only http(s)."""

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# What an abstract may keep of its markup: sub- and superscripts and emphasis, no attributes.
ABSTRACT_TAGS = {"sub", "sup", "i", "em", "b", "strong"}
SAFE_PREFIXES = ("http://", "https://")


@register.filter
def clean_abstract(text: str) -> SafeString:
    """The abstract with every tag but ABSTRACT_TAGS removed and everything else escaped."""
    # The one mark_safe of the pages: nh3's output is sanitized HTML, which format_html would escape
    # back into text; its tags are only ABSTRACT_TAGS, with no attribute (tests/papers/test_templatetags.py).
    return mark_safe(nh3.clean(text or "", tags=ABSTRACT_TAGS, attributes={}))


@register.filter
def safe_url(url: str) -> str:
    """The URL when it is http(s), else "": a scraped "javascript:" link must never become a href."""
    return url if (url or "")[:8].lower().startswith(SAFE_PREFIXES) else ""


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@register.filter
def partial_date(value: str) -> str:
    """A date at its own precision: "2018", "Aug 2020", "12 Jan 2024"."""
    parts = (value or "").split("-")
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return value or ""
