"""XML responses (DBLP, arXiv) read into ElementTree safely, each record knowing its line and text.

expat, driven here rather than through ElementTree's own parser, tells where each element starts
and ends, and lets us refuse entity declarations: a document that declares entities can expand
a few bytes into gigabytes (the "billion laughs"), and no scholarly source needs one. External
DTDs (DBLP's dblp.dtd) are never fetched; HTML's named entities, which dblp.dtd defines
(&eacute;), are read as the characters they name.
"""

import re
from dataclasses import dataclass, field
from html.entities import html5
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from ingest.parsers.drafts import ParseError

RAW_CHARS = 20_000
# Elements this deep (the root is 0) keep their line and source: the records of every response.
RECORD_DEPTH = 2
XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
ENTITY_RE = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
# What may come before the root element: a BOM, the declaration, comments, processing
# instructions, a DOCTYPE (with its internal subset).
PROLOG_RE = re.compile(
    r"\A\ufeff?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>\s*)*<([A-Za-z_][\w.:-]*)",
    re.DOTALL,
)


def root_name(head: str) -> str:
    """The root element's name as written ("dblpperson", "feed"), "" when the text is not XML."""
    found = PROLOG_RE.match(head)
    return found.group(1) if found else ""


@dataclass
class XmlDocument:
    root: Element
    data: bytes
    lines: dict[Element, int] = field(default_factory=dict)
    spans: dict[Element, tuple[int, int]] = field(default_factory=dict)

    def line(self, element: Element) -> int:
        return self.lines.get(element, 0)

    def raw(self, element: Element) -> str:
        """The element as the response wrote it, cut at RAW_CHARS."""
        start, end = self.spans.get(element, (0, 0))
        return self.data[start:end].decode("utf-8", errors="replace")[:RAW_CHARS]


def read_xml(text: str) -> XmlDocument:
    """The document's tree; ParseError (line 0) when it is not well-formed or declares entities."""
    data = ENTITY_RE.sub(_numeric_entity, text).encode("utf-8")
    # The text is decoded already: its declaration's encoding ("US-ASCII") no longer applies.
    parser = expat.ParserCreate(encoding="utf-8", namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    document = XmlDocument(root=Element("none"), data=data)
    builder = TreeBuilder()
    open_elements: list[Element] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        element = builder.start(_name(name), {_name(key): value for key, value in attributes.items()})
        if len(open_elements) <= RECORD_DEPTH:
            document.lines[element] = parser.CurrentLineNumber
            document.spans[element] = (parser.CurrentByteIndex, parser.CurrentByteIndex)
        open_elements.append(element)

    def end(name: str) -> None:
        element = builder.end(_name(name))
        open_elements.pop()
        if element in document.spans:
            # expat stands at an end tag's "</", or just past an empty element's "/>".
            at = parser.CurrentByteIndex
            closing = data.find(b">", at) + 1 if data.startswith(b"</", at) else at
            document.spans[element] = (document.spans[element][0], closing or len(data))

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = builder.data
    parser.EntityDeclHandler = _refuse_entities
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise ParseError(
            0, f"not well-formed XML: {expat.ErrorString(error.code)} (line {error.lineno})"
        ) from None
    document.root = builder.close()
    return document


def text_of(element: Element | None) -> str:
    """An element's text with its inline markup (<i>, <sub>) dropped, on one line."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _name(name: str) -> str:
    """expat's "uri}local" as ElementTree's "{uri}local"."""
    return f"{{{name}" if "}" in name else name


def _numeric_entity(found: re.Match[str]) -> str:
    name = found.group(1)
    if name in XML_ENTITIES or f"{name};" not in html5:
        return found.group(0)
    return "".join(f"&#{ord(char)};" for char in html5[f"{name};"])


def _refuse_entities(name: str, *_: object) -> None:
    raise ParseError(0, f"the XML declares an entity ({name!r}); documents that declare entities are refused")
