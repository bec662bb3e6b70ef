"""Filters for scraped text: abstracts keep a short allow-list, links only http(s), names in reading order."""

import html
import re

import nh3
from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.names import reading_order

register = template.Library()

# What an abstract may keep of its markup: sub- and superscripts and emphasis, no attributes.
ABSTRACT_TAGS = {"sub", "sup", "i", "em", "b", "strong"}
# "*" replaces nh3's default attributes for every tag (title and lang): an empty dict would keep them.
NO_ATTRIBUTES = {"*": set()}
SAFE_PREFIXES = ("http://", "https://")
# A tag nh3 kept: one of ABSTRACT_TAGS, opening or closing, never with an attribute.
KEPT_TAG = re.compile(r"(</?(?:{})>)".format("|".join(sorted(ABSTRACT_TAGS))))


@register.filter
def clean_abstract(text: str) -> SafeString:
    """The abstract with every tag but ABSTRACT_TAGS removed and everything else escaped.

    nh3 removes the rest; its output is then rebuilt with format_html: the kept tags, matched
    exactly, go into the format string, and the text between them is escaped as a value.
    """
    pieces = KEPT_TAG.split(nh3.clean(text or "", tags=ABSTRACT_TAGS, attributes=NO_ATTRIBUTES))
    # split gives text, tag, text, tag..., text: the tags are at the odd places.
    markup = "".join(piece if index % 2 else "{}" for index, piece in enumerate(pieces))
    return format_html(markup, *(html.unescape(piece) for piece in pieces[::2]))


@register.filter(name="reading_order")
def reading_order_filter(name: str) -> str:
    """An author's name as credited, shown in reading order: "Teo, Shu Min" -> "Shu Min Teo"."""
    return reading_order(name)


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
