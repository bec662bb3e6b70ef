"""DOIs, arXiv ids and obfuscated e-mail addresses, each to one canonical form."""

import re

from core.patterns import SPACE_CHARS, WORD_START

# Found anywhere in a text; the API's schema says it too, so it is spelled the same for both engines.
DOI_PATTERN = rf"{WORD_START}10\.[0-9]{{4,9}}/[^{SPACE_CHARS}\"<>]+"
DOI_RE = re.compile(f"({DOI_PATTERN})", re.IGNORECASE)
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


# The identifiers a person is known by in the scholarly sources: the one list of their names.
# A listing's author (AuthorDraft.ids) and a stored person (people.Person) use these keys.
ORCID = "orcid"
DBLP = "dblp"  # a DBLP pid: "35/7092-1", "w/WeiWang1"
DBLP_NAME = "dblp_name"  # DBLP's name with its homonym number: "Wei Wang 0001"
OPENALEX = "openalex"  # an OpenAlex author id: "A5023888391"
S2 = "s2"  # a Semantic Scholar author id: "1741101"
PERSON_ID_KINDS = (ORCID, DBLP, DBLP_NAME, OPENALEX, S2)

ORCID_RE = re.compile(r"(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])", re.IGNORECASE)
OPENALEX_RE = re.compile(r"(?:openalex\.org/)?\b([WASIVCPFT]\d{4,12})\b", re.IGNORECASE)
# DBLP tells homonyms apart by a four-digit number after the name: "Wei Wang 0001".
DBLP_HOMONYM_RE = re.compile(r"^(.*\S)\s+(\d{4})$")


def normalize_orcid(text: str) -> str:
    """ "https://orcid.org/0000-0002-1825-0097", "0000000218250097" -> "0000-0002-1825-0097";
    "" when there is none or its check digit (ISO 7064 11,2) is wrong."""
    match = ORCID_RE.search(text or "")
    if not match:
        return ""
    digits = "".join(match.groups()).upper()
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    if digits[-1] != ("X" if check == 10 else str(check)):
        return ""
    return "-".join(match.groups()).upper()


def normalize_openalex_id(text: str) -> str:
    """ "https://openalex.org/A5023888391", "a5023888391" -> "A5023888391"; "" if none."""
    match = OPENALEX_RE.search((text or "").strip())
    return match.group(1).upper() if match else ""


def dblp_homonym(name: str) -> tuple[str, str]:
    """ "Wei Wang 0001" -> ("Wei Wang", "0001"); a name without a number -> (name, "")."""
    match = DBLP_HOMONYM_RE.match((name or "").strip())
    return (match.group(1), match.group(2)) if match else ((name or "").strip(), "")


# The sources' own ids of a paper, kept on it (papers.Paper.external_ids): DBLP's record key
# ("conf/cvpr/HeZRS16"), OpenAlex's work id ("W2194775991"), Semantic Scholar's paper id (40 hex
# digits) and corpus id, ORCID's put-code, PubMed's ids.
PAPER_ID_KINDS = ("dblp", "openalex", "s2", "s2_corpus", "orcid_put_code", "pmid", "pmcid", "mag")
# Who reports a citation count (papers.CitationCount.source): never summed across them.
CITATION_SOURCES = {
    "crossref": "Crossref",
    "openalex": "OpenAlex",
    "s2": "Semantic Scholar",
    "profile": "Profile page",
}

# arXiv's own DOIs (DataCite's, "10.48550/arXiv.2301.01234") name the preprint, not a publication.
ARXIV_DOI_PREFIX = "10.48550/arxiv."


def is_arxiv_doi(doi: str) -> bool:
    return (doi or "").lower().startswith(ARXIV_DOI_PREFIX)


def arxiv_id_from_doi(doi: str) -> str:
    """ "10.48550/arXiv.2301.01234" -> "2301.01234": arXiv's own DOI names its id; "" for any other."""
    if not is_arxiv_doi(doi):
        return ""
    return normalize_arxiv_id(f"arXiv:{doi[len(ARXIV_DOI_PREFIX) :]}")
