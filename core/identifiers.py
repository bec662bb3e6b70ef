"""DOIs, arXiv ids and obfuscated e-mail addresses, each to one canonical form."""

import re

DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
ARXIV_NEW_RE = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])")
ARXIV_OLD_RE = re.compile(r"\b([a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\b")
AT_RE = re.compile(r"\s*(?:\[at\]|\(at\)|\{at\}|\sat\s)\s*", re.IGNORECASE)
DOT_RE = re.compile(r"\s*(?:\[dot\]|\(dot\)|\{dot\}|\sdot\s)\s*", re.IGNORECASE)
EMAIL_RE = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")


def normalize_doi(text: str) -> str:
    """ "https://doi.org/10.1109/CVPR52729.2023.01813" -> "10.1109/cvpr52729.2023.01813"; "" if none."""
    match = DOI_RE.search(text or "")
    if not match:
        return ""
    return match.group(1).rstrip(".,;)]}").lower()


def normalize_arxiv_id(text: str) -> str:
    """ "ArXiv 2311.17486", "arXiv:2407.14280v2", arxiv.org URLs -> "2311.17486"; "" if none."""
    text = (text or "").strip()
    # Without the word arXiv, only a bare id counts: "2023.01813" inside a DOI is not one.
    if "arxiv" not in text.lower() and not ARXIV_NEW_RE.fullmatch(text) and not ARXIV_OLD_RE.fullmatch(text):
        return ""
    match = ARXIV_NEW_RE.search(text)
    if match:
        return match.group(1)
    match = ARXIV_OLD_RE.search(text)
    return match.group(1) if match else ""


def normalize_email(text: str) -> str:
    """ "yaoyao.liu[at]mpi-inf.mpg.de" -> "yaoyao.liu@mpi-inf.mpg.de"; "" if not an address."""
    address = DOT_RE.sub(".", AT_RE.sub("@", (text or "").strip())).strip().rstrip(".")
    return address.lower() if EMAIL_RE.match(address) else ""
