"""A page as lines: copied text line by line, or HTML laid out as a browser shows it.

Each line keeps what the markup said about it: its links (label and URL), its bold
text, its heading level, and the list item or table row it belongs to.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from core.text import squash

# Elements a browser lays out on lines of their own.
BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "th", "thead",
    "tr", "ul", "center", "caption",
}  # fmt: skip
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Whole parts of a page that hold no content of the page's own.
SKIPPED = {"script", "style", "noscript", "template", "head", "nav", "svg", "button", "select", "iframe"}
# id/class words of navigation and boilerplate, as site generators name them.
CHROME_WORDS = {"nav", "navbar", "navigation", "menu", "menuitem", "footer", "breadcrumb", "breadcrumbs",
                "skip", "sidebar", "toc", "topbar"}  # fmt: skip
NAME_PARTS_RE = re.compile(r"[\s_-]+")
XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
HTML_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)
CHROME_MAX_CHARS = 5000
# An entry of a list: the nearest of these around a line is the entry it belongs to.
ITEMS = {"li", "tr", "dd", "dt", "article"}
BOLD = {"b", "strong"}
HTML_RE = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype html|<html\b|<head\b|<body\b|<div\b|<ul\b|<table\b|<!--)", re.I
)
HTML_TAGS_RE = re.compile(r"</(?:p|div|li|td|a|span|h[1-6])>", re.I)


@dataclass
class Line:
    """One line of a page, as a person reads it, with what its markup said."""

    number: int
    text: str
    links: list[tuple[str, str]] = field(default_factory=list)
    bold: list[str] = field(default_factory=list)
    level: int = 0
    item: int = 0  # the list item or table row it stands in; 0 outside any
    cell: bool = False  # in a table's cell: a column's head, never a section's


def is_html(text: str) -> bool:
    head = text[:5000]
    return bool(HTML_RE.match(head)) or len(HTML_TAGS_RE.findall(head)) >= 5


def text_lines(text: str) -> list[Line]:
    """One line a line; a table row copied from a browser ("2025<tab>Title<tab>Authors") a cell a line."""
    lines: list[Line] = []
    for number, raw in enumerate(text.split("\n"), 1):
        cells = [cell for cell in raw.split("\t") if cell.strip()]
        if len(cells) >= 3:
            lines += [Line(number, cell, item=number, cell=True) for cell in cells]
        else:
            lines.append(Line(number, raw))
    return lines


def html_lines(text: str) -> list[Line]:
    """The page as a browser lays it out, without navigation, scripts and styles."""
    try:
        # Plain elements (lxml.html's classes cost time); an XML declaration is refused in a str.
        root = etree.fromstring(XML_DECLARATION_RE.sub("", text, count=1), HTML_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    layout = _Layout()
    body = root.find("body")
    layout.walk(body if body is not None else root, item=0)
    layout.close()
    return layout.lines


class _Layout:
    """Walks the tree once, cutting lines where a browser would."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.bold: list[str] = []
        self.number = 0
        self.level = 0
        self.item = 0
        self.cell = False
        self.items = 0
        self.in_cell = False
        # How many children of each tag and class an element has, counted once per element
        # (for this page only: the elements, and so their document, are not kept past it).
        self.shapes: dict[etree._Element, Counter] = {}

    def close(self) -> None:
        text = squash("".join(self.parts))
        if text:
            line = Line(self.number or 1, text, self.links, self.bold, self.level, self.item, self.cell)
            self.lines.append(line)
        self.parts, self.links, self.bold, self.level = [], [], [], 0

    def add(self, text: str | None, number: int, item: int) -> None:
        if text:
            if not self.parts or not "".join(self.parts).strip():
                self.number, self.item, self.cell = number, item, self.in_cell
            self.parts.append(text)

    def is_repeated(self, element: etree._Element) -> bool:
        """One of three or more siblings of the same tag and class: an entry of a list that a site
        generator wrote with divs (Quarto's posts, academicpages' items, Hugo's publication cards)."""
        parent = element.getparent()
        if parent is None or not element.get("class"):
            return False
        shapes = self.shapes.get(parent)
        if shapes is None:
            shapes = self.shapes[parent] = Counter((child.tag, child.get("class")) for child in parent)
        return shapes[(element.tag, element.get("class"))] >= 3

    def walk(self, element: etree._Element, item: int) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in SKIPPED or _is_chrome(element):
            return
        if tag in ITEMS or (tag in ("div", "section") and self.is_repeated(element)):
            self.items += 1
            item = self.items
        block = tag in BLOCKS
        if block or tag == "br":
            self.close()
        if tag in HEADINGS:
            self.level = HEADINGS[tag]
        number = element.sourceline or self.number
        outer_cell = self.in_cell
        self.in_cell = outer_cell or tag in ("td", "th")
        self.add(element.text, number, item)
        for child in element:
            self.walk(child, item)
            self.add(child.tail, child.sourceline or number, item)
        self.in_cell = outer_cell
        if tag == "a" and element.get("href"):
            self.links.append((squash(_text(element)), element.get("href").strip()))
        elif tag in BOLD:
            self.bold.append(squash(_text(element)))
        elif tag in ("td", "th"):
            self.close()
        if block:
            self.close()


def _is_chrome(element: etree._Element) -> bool:
    """Navigation, a footer, or a banner made of links: nothing the page itself says."""
    attributes = element.attrib
    if element.tag not in ("footer", "header") and not attributes:
        return False  # most elements: no role, id or class to say so
    role = attributes.get("role", "")
    if element.tag == "footer" or role in ("navigation", "contentinfo"):
        return True
    if element.tag == "header" or role == "banner":
        return _link_share(element) > 0.5
    if element.tag in ("body", "main", "article", "html"):
        return False
    # A menu or footer by its class or id ("navbar", "layout-menu", "site-footer"): short, made of
    # links and without headings, unlike a page container whose class mentions one ("page-navbar").
    words = NAME_PARTS_RE.split(f"{element.get('id', '')} {element.get('class', '')}".lower())
    if not any(word in CHROME_WORDS for word in words):
        return False
    if len(_text(element)) > CHROME_MAX_CHARS or element.xpath(".//main|.//h1|.//h2|.//h3"):
        return False
    return _link_share(element) > 0.4


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _link_share(element: etree._Element) -> float:
    """How much of an element's text is link text: a header of links is a menu."""
    text = len(squash(_text(element)))
    linked = sum(len(squash(_text(a))) for a in element.xpath(".//a"))
    return linked / text if text else 1.0
