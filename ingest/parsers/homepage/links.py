"""Link labels as pages write them ("[paper] [code]", "PDF Code Project", "arXiv / code") and
the kinds of link they name; with HTML, the URLs behind them."""

import re
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

from core.identifiers import normalize_arxiv_id, normalize_doi
from ingest.parsers.drafts import LinkDraft
from ingest.parsers.homepage.lines import Line

# A label's words (folded, without dots and dashes) -> the kind of link.
LINK_KINDS = {
    "paper": "pdf", "pdf": "pdf", "preprint": "pdf", "fulltext": "pdf", "manuscript": "pdf",
    "supp": "supplement", "supplement": "supplement", "supplementary": "supplement", "appendix": "appendix",
    "video": "video", "talk": "video", "youtube": "video", "slides": "slides", "slide": "slides",
    "poster": "poster", "project": "project", "projectpage": "project", "website": "project",
    "webpage": "project", "homepage": "project", "page": "project", "github": "code", "gitlab": "code",
    "arxiv": "arxiv", "doi": "doi",
}  # fmt: skip
# Buttons that open something on the page itself, not a link ("Abs", "Cite").
NOT_LINKS = {"abs", "abstract", "cite", "citation", "bib", "bibtex", "expand", "more", "details", "show"}
LABEL_WORDS = set(LINK_KINDS) | NOT_LINKS | {
    "code", "source", "data", "dataset", "datasets", "demo", "blog", "media", "press", "html", "url", "link",
    "download", "openreview", "publisher", "ieee", "acm", "springer", "pmlr", "acl", "anthology", "colab",
    "huggingface", "model", "models", "weights", "benchmark", "material", "materials", "camera", "ready",
    "official", "version", "reviews", "bibtex", "ris", "endnote", "scholar", "pubmed", "ssrn", "pages",
    "extended", "full", "oral", "coverage", "news", "article", "online", "supp.", "supplemental", "and",
    "document", "documents", "files", "biorxiv", "medrxiv", "chemrxiv", "psyarxiv", "hal", "osf",
    "researchgate", "zenodo", "figshare",
}  # fmt: skip
# Labels that name a link and nothing else: a run of words holding one is a row of buttons.
STRONG_LABELS = {"pdf", "arxiv", "doi", "bib", "bibtex", "abs", "slides", "poster", "video", "html", "supp"}
PREPRINT_RE = re.compile(r"pre-?print", re.IGNORECASE)
BUTTON_WORDS = LABEL_WORDS - {"and", "paper", "full", "oral", "news"}
SEPARATORS_RE = re.compile(r"[\s/|·•,;]+|(?<=\])(?=\[)")
BRACKETED_RE = re.compile(r"\[[^\[\]]{1,40}\]")


@lru_cache(maxsize=65536)
def label_kind(label: str, url: str = "") -> str:
    """ "[paper]" -> pdf, "[decoder code]" -> code, "Project Page" -> project, "[challenge]" -> other.

    A button that opens something on the page ("Abs", "Cite") is no link: "" unless it has an address.
    """
    word = re.sub(r"[\s.\-\[\]]", "", label.lower()).removeprefix("download")
    if word in NOT_LINKS:
        return "other" if url else ""
    if word.endswith("code") or word == "source":
        return "code"
    return LINK_KINDS.get(word, "other")


def url_kind(url: str, label: str) -> str:
    """The kind of a link from its label, or from its address when the label says nothing."""
    kind = label_kind(label, url)
    lowered = url.lower()
    if "arxiv.org/" in lowered and normalize_arxiv_id(url) and kind in ("pdf", "other"):
        return "arxiv"  # the arXiv's own page or PDF of the paper: its arXiv link
    if kind == "pdf" and PREPRINT_RE.search(label) and url and not lowered.split("?")[0].endswith(".pdf"):
        return "other"  # "preprint" pointing at a repository's page, not at a PDF
    if kind not in ("", "other") or not url:
        return kind
    if normalize_doi(url) and "doi.org" in lowered:
        return "doi"
    if "arxiv.org" in lowered and normalize_arxiv_id(url):
        return "arxiv"
    if "github.com" in lowered or "gitlab" in lowered or "bitbucket.org" in lowered:
        return "code"
    if "youtube.com" in lowered or "youtu.be" in lowered or "vimeo.com" in lowered:
        return "video"
    if lowered.split("?")[0].endswith(".pdf"):
        return "pdf"
    return kind


def is_label_line(text: str) -> bool:
    """A line of link labels only: "[paper] [code]", "PDF Cite Code", "project page / arXiv / code"."""
    stripped = text.strip()
    if not stripped or len(stripped) > 200 or stripped.count(" ") > 24:
        return False
    if "[" not in stripped and stripped.split(None, 1)[0].lower().strip("()") not in LABEL_WORDS:
        return False  # a label line starts with a label
    bracketed = BRACKETED_RE.findall(stripped)
    if bracketed and not BRACKETED_RE.sub("", stripped).strip(" /|·,"):
        return True
    words = [w.strip("[]()").lower() for w in SEPARATORS_RE.split(stripped) if w.strip("[]()")]
    return bool(words) and len(words) <= 16 and all(w in LABEL_WORDS for w in words)


def label_texts(text: str) -> list[str]:
    """The labels of a label line, in order."""
    bracketed = BRACKETED_RE.findall(text)
    if bracketed:
        return bracketed
    words = [w for w in re.split(r"\s*[/|·•,;]\s*|\s{2,}", text.strip()) if w.strip()]
    if len(words) == 1 and " " in words[0]:
        words = _split_buttons(words[0])
    return words


def _split_buttons(text: str) -> list[str]:
    """ "Abs Bib PDF Code Project Page" -> Abs, Bib, PDF, Code, Project Page."""
    labels: list[str] = []
    for word in text.split():
        previous = labels[-1].lower() if labels else ""
        if (
            previous == "download"
            or (
                word.lower() in ("page", "material", "materials", "ready", "version", "code")
                and previous in ("project", "supplementary", "camera", "official", "source", "extended")
            )
            or (
                word.lower() in ("document", "documents", "files")
                and previous in ("source", "project", "data")
            )
        ):
            labels[-1] = f"{labels[-1]} {word}"
        else:
            labels.append(word)
    return labels


def trailing_buttons(text: str) -> tuple[str, list[str]]:
    """ "Outstanding Paper Abs HTML PDF Code" -> "Outstanding Paper" and its buttons."""
    words = text.split()
    start = len(words)
    while start and (words[start - 1].lower() in BUTTON_WORDS or words[start - 1] in "·|/"):
        start -= 1
    run = {word.lower() for word in words[start:]} - set("·|/")
    separated = any(word in "·|/" for word in words[start:])  # "preprint · code"
    if start == len(words) or len(run) < 2 or not (run & STRONG_LABELS or separated) or start == 0:
        return text, []
    buttons = " ".join(word for word in words[start:] if word not in "·|/")
    return " ".join(words[:start]).rstrip(" .·|/"), _split_buttons(buttons)


def trailing_labels(text: str) -> tuple[str, list[str]]:
    """Text without its trailing "[code] [slides]" labels, and the labels in order."""
    end, labels = len(text.rstrip()), []
    # Indexes, not slices of the whole text: a line of many labels stays linear.
    while end and text[end - 1] == "]":
        start = text.rfind("[", 0, end)
        if start < 0 or "]" in text[start + 1 : end - 1] or not text[start + 1 : end - 1].strip():
            break
        labels.append(text[start:end])
        end = start
        while end and text[end - 1].isspace():
            end -= 1
    return text[:end], labels[::-1]


def entry_links(labels: list[str], lines: list[Line], title: str, names: list[str]) -> list[LinkDraft]:
    """Links from an entry's labels and, with HTML, from the addresses behind them.

    The title's own link to a page of the site says nothing new and is left out, unless
    its address is a known kind (a PDF, arXiv, a DOI, code).
    """
    urls: dict[str, str] = {}
    for line in lines:
        for text, url in line.links:
            if _web_url(url):
                urls.setdefault(_label_key(text), _web_url(url))
    links: list[LinkDraft] = []
    for label in labels:
        url = urls.pop(_label_key(label), "")
        kind = url_kind(url, label)
        if kind:
            links.append(LinkDraft(kind=kind, url=url, label=label))
    for key, url in urls.items():
        text = next(text for line in lines for text, _ in line.links if _label_key(text) == key)
        kind = url_kind(url, "" if key == _label_key(title) else text)
        # A venue line linked to its publisher ("Brain 147, 1788 (2024)"); not a badge ("ICLR").
        elsewhere = kind == "other" and len(text.split()) >= 3 and bool(re.match(r"https?://", url))
        elsewhere = elsewhere and key not in keys_of(title, names)
        if kind and (kind != "other" or is_label_line(text) or elsewhere):
            links.append(LinkDraft(kind=kind, url=url, label=text))
    arxiv = [link for link in links if link.kind == "arxiv"]
    pdfs = [link for link in arxiv if label_kind(link.label) == "pdf"]
    for link in pdfs if len(pdfs) < len(arxiv) else []:
        link.kind = "pdf"  # the arXiv's PDF beside its page: the paper's PDF link
    return _unique(links)


def keys_of(title: str, names: list[str]) -> set[str]:
    """Link texts that are the paper's title or an author's name: not links of the paper."""
    return {_label_key(title), *(_label_key(name) for name in names)}


@lru_cache(maxsize=65536)
def _label_key(label: str) -> str:
    return re.sub(r"[\W_]+", "", label.lower())


def _web_url(url: str) -> str:
    """An address worth keeping: not an anchor on the page, a script or a mail address.

    A redirect through a search engine's /url?q= (Google Sites wraps every link so) is unwrapped.
    """
    if not url or re.match(r"#|javascript:|mailto:|data:|tel:", url, re.I):
        return ""
    if "/url?" not in url:
        return url
    parts = urlsplit(url)
    if re.fullmatch(r"(?:www\.)?google\.[a-z.]+", parts.netloc) and parts.path == "/url":
        target = parse_qs(parts.query).get("q", [""])[0]
        return target if re.match(r"https?://", target) else url
    return url


def _unique(links: list[LinkDraft]) -> list[LinkDraft]:
    """Each address once, and a label without an address only when no link of its kind has one."""
    kinds = {link.kind for link in links if link.url}
    seen: set[str] = set()
    kept = []
    for link in links:
        key = link.url or f"{link.kind} {link.label}"
        if key in seen or (not link.url and link.kind in kinds):
            continue
        seen.add(key)
        kept.append(link)
    return kept
