"""Turning raw bytes and marked-up strings into clean text."""

import html
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from html.parser import HTMLParser
from typing import Any

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, SpecialsTextSpec
from pylatexenc.latex2text import get_default_latex_context_db as text_specs
from pylatexenc.macrospec import LatexContextDb, MacroStandardArgsParser, ParsedMacroArgs, SpecialsSpec

# Characters that never belong in a listing: C0 controls other than tab and newline.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LATEX_HINT_RE = re.compile(r"[\\{}$]")
# "Fing\-scheidt": LaTeX's discretionary hyphen (pylatexenc gives U+00AD) and stray soft hyphens.
SOFT_HYPHEN = "\u00ad"


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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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


# LaTeX, math included. pylatexenc reads a formula as text ("$\alpha$" -> "α", "$\times$" -> "×",
# "${}^\circ$" -> "^∘") but leaves "^" and "_" as they are. Here they are specials that take one
# argument, in math only (in text they are plain characters: "file_name"), and become Unicode
# super- and subscripts, drawn from Unicode's own <super> and <sub> forms, where every character
# has one: "$m^{2}$" -> "m²", "$\ell_1$" -> "ℓ₁"; else the "^" or "_" stays: "$W_\theta$" -> "W_θ".
class _ScriptArgument(MacroStandardArgsParser):
    """The one argument of ^ or _ in math; none in text."""

    def __init__(self) -> None:
        super().__init__("{")

    def parse_args(self, w: Any, pos: int, parsing_state: Any = None) -> tuple[Any, int, int]:
        if parsing_state is None or not parsing_state.in_math_mode:
            return ParsedMacroArgs(argspec="", argnlist=[]), pos, 0
        parsed: tuple[Any, int, int] = super().parse_args(w, pos, parsing_state=parsing_state)
        return parsed


@cache
def scripts(kind: str) -> dict[str, str]:
    """Characters and their Unicode superscript ("<super>") or subscript ("<sub>") forms."""
    found = {}
    for code in range(0xA0, 0x3000):  # the forms live in Latin-1, the modifier letters and U+2070-209F
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and parts[0] == kind:
            found[chr(int(parts[1], 16))] = chr(code)  # a later block's form wins: ᵃ over ª
    found["-"] = found.get("\u2212", "-")
    return found


# Marks a name or a number carries raised: kept as they are ("Sun$^{*}$", "Sun$^{1,\dagger}$").
RAISED_AS_IS = {char: char for char in "*†‡§¶#✉′″,"}
DEGREE_SIGNS = {"∘", "○", "\u25e6"}  # "${}^\circ$": the ring operator raised is a degree


def _script(mark: str, kind: str) -> Callable[[Any, Any], str]:
    def text(node: Any, l2tobj: Any) -> str:
        arguments = [arg for arg in (node.nodeargd.argnlist if node.nodeargd else []) if arg is not None]
        if not arguments:
            return mark
        written = "".join(l2tobj.nodelist_to_text([arg]) for arg in arguments).strip()
        return scripted(written, mark, kind)

    return text


def scripted(written: str, mark: str, kind: str) -> str:
    """The text of a ^ or _ argument set raised or lowered, as far as Unicode can."""
    if kind == "<super>" and written in DEGREE_SIGNS:
        return "°"
    forms = {**scripts(kind), **RAISED_AS_IS} if kind == "<super>" else scripts(kind)
    if written and all(char in forms for char in written):
        return "".join(forms[char] for char in written)
    return f"{mark}{written}" if len(written) <= 1 else f"{mark}({written})"


def _walker_specs() -> LatexContextDb:
    specs = latexwalker.get_default_latex_context_db()
    scripts_read = [SpecialsSpec(mark, args_parser=_ScriptArgument()) for mark in "^_"]
    specs.add_context_category("scripts", specials=scripts_read, prepend=True)
    return specs


def _text_specs() -> LatexContextDb:
    specs = text_specs()
    scripts_shown = [
        SpecialsTextSpec("^", simplify_repl=_script("^", "<super>")),
        SpecialsTextSpec("_", simplify_repl=_script("_", "<sub>")),
    ]
    specs.add_context_category("scripts", specials=scripts_shown, prepend=True)
    return specs


WALKER_SPECS = _walker_specs()
# LaTeX's own spacing in text ("{\ss}e" is "ße"); in a formula the spaces as written ("n \log n").
SPACES = {
    "between-macro-and-chars": True,
    "between-latex-constructs": True,
    "after-comment": False,
    "in-equations": "based-on-source",
}
LATEX = LatexNodes2Text(latex_context=_text_specs(), math_mode="text", strict_latex_spaces=SPACES)
UNPAIRED_DOLLAR_RE = re.compile(r"(?<!\\)\$")


def latex_to_text(text: str) -> str:
    """LaTeX to Unicode text: "Rodol{\\`a}" -> "Rodolà", "{ARAP}" -> "ARAP", "$\\alpha$" -> "α"."""
    if SOFT_HYPHEN in text:
        text = text.replace(SOFT_HYPHEN, "")
    if not LATEX_HINT_RE.search(text):
        return text
    if "\\" not in text and "$" not in text:
        return text.replace("{", "").replace("}", "")  # braces alone: no need for the full LaTeX reader
    # A bare "%" would start a LaTeX comment and swallow the rest of the line.
    text = UNESCAPED_PERCENT_RE.sub(r"\\%", text)
    if (text.count("$") - text.count("\\$")) % 2:
        text = UNPAIRED_DOLLAR_RE.sub(r"\\$", text)  # "$5": an odd dollar opens no formula
    try:
        nodes = latexwalker.LatexWalker(text, latex_context=WALKER_SPECS, tolerant_parsing=True)
        plain: str = LATEX.nodelist_to_text(nodes.get_latex_nodes()[0])
        return plain.replace(SOFT_HYPHEN, "")
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
    text = TIE_RE.sub(" ", squash(text.replace(SOFT_HYPHEN, "")))
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
