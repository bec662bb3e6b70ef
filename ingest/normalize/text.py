"""Turning raw bytes and marked-up strings into clean text."""

import html
import re
from html.parser import HTMLParser

from pylatexenc.latex2text import LatexNodes2Text

# Characters that never belong in a listing: C0 controls other than tab and newline.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LATEX_HINT_RE = re.compile(r"[\\{}$]")
LATEX = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


class UnreadableText(ValueError):
    """The bytes are not text (binary data) and cannot be parsed."""


def decode(data: bytes) -> str:
    """Bytes as text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Line ends become "\\n". Data with NUL bytes outside UTF-16 is taken for binary.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif b"\x00" in data:
        raise UnreadableText("the file holds binary data (NUL bytes), not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return normalize_newlines(text)


def normalize_newlines(text: str) -> str:
    """CRLF and CR line ends as LF, a leading BOM dropped, stray control characters removed."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_RE.sub("", text)


def squash(text: str) -> str:
    """Runs of white space as one space, no space at either end."""
    return " ".join(text.split())


class _TextOnly(HTMLParser):
    """Collects the text of HTML or MathML, dropping tags, scripts and styles."""

    SKIP = {"script", "style", "annotation", "annotation-xml"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


# Linear: a tag is "<", a letter, then anything but another "<" or ">" up to ">".
TAG_HINT_RE = re.compile(r"</?[a-zA-Z][^<>]*>")
# A "<" that opens no tag ("a < b"); escaped so the HTML reader cannot stall on it.
LONE_LT_RE = re.compile(r"<(?!/?[a-zA-Z][^<>]*>)")
UNESCAPED_PERCENT_RE = re.compile(r"(?<!\\)%")


def strip_markup(text: str) -> str:
    """The text of a string that may hold HTML or MathML fragments, entities decoded."""
    if not TAG_HINT_RE.search(text):
        return squash(html.unescape(text))
    parser = _TextOnly()
    parser.feed(LONE_LT_RE.sub("&lt;", text))
    parser.close()
    return squash("".join(parser.parts))


def latex_to_text(text: str) -> str:
    """LaTeX accents and braces to Unicode text: "Rodol{\\`a}" -> "Rodolà", "{ARAP}" -> "ARAP"."""
    if not LATEX_HINT_RE.search(text):
        return text
    if "\\" not in text and "$" not in text:
        return text.replace("{", "").replace("}", "")  # braces alone: no need for the full LaTeX reader
    try:
        # A bare "%" would start a LaTeX comment and swallow the rest of the line.
        return LATEX.latex_to_text(UNESCAPED_PERCENT_RE.sub(r"\\%", text))
    except Exception:  # pylatexenc raises many kinds on broken input; fall back to the raw text
        return text.replace("{", "").replace("}", "")


# LaTeX in listing prose: macros pylatexenc does not know, URLs, ties, words set as math.
LATEX_WORDS = {"eg": "e.g.", "ie": "i.e.", "etal": "et al.", "etc": "etc.", "vs": "vs."}
LATEX_WORD_RE = re.compile(r"\\(eg|ie|etal|etc|vs)\b\.?")
URL_MACRO_RE = re.compile(r"\\(?:url|href)\{([^{}]*)\}(?:\{([^{}]*)\})?")
LATEX_MARKUP_RE = re.compile(r"\\[a-zA-Z]+\*?|\\(?=[%&_#$ ])|[{}$]")
# "Module~(SPM)": a LaTeX tie between two words; "~934" (about 934) is left alone.
TIE_RE = re.compile(r"(?<=[A-Za-z0-9)])~(?=[A-Za-z(\\])")
# "$i.e.$": words set in math mode by mistake.
MATH_WORD_RE = re.compile(r"\$([A-Za-z][A-Za-z.]{0,9})\$")
# pylatexenc takes seconds per megabyte; longer text gets a plain, linear clean-up.
MAX_LATEX_CHARS = 50_000


def prose(text: str) -> str:
    """Listing prose as plain text: LaTeX turned to text, with the macros and ties pylatexenc misses."""
    text = TIE_RE.sub(" ", squash(text))
    if "``" in text:
        text = text.replace("``", "“").replace("''", "”")
    if not LATEX_HINT_RE.search(text):
        return text
    text = LATEX_WORD_RE.sub(lambda match: LATEX_WORDS[match[1]], text)
    text = URL_MACRO_RE.sub(lambda match: match[2] or match[1], text)
    text = MATH_WORD_RE.sub(r"\1", text)
    if len(text) > MAX_LATEX_CHARS:
        return squash(LATEX_MARKUP_RE.sub("", text))
    return squash(latex_to_text(text))
