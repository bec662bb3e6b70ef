"""The formats a listing may be in: the one list that the parsers, the models, the command line,
the API, the admin and merge's ranks all read. Pure Python: the parsers import no Django."""

from enum import EnumType, StrEnum


class _Choices(EnumType):
    """Gives the enum the `values` and `choices` that Django's fields and forms take."""

    @property
    def values(cls) -> list[str]:
        return [member.value for member in cls]

    @property
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class Format(StrEnum, metaclass=_Choices):
    label: str

    def __new__(cls, value: str, label: str) -> "Format":
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    AUTO = "auto", "Detect"
    HOMEPAGE = "homepage", "Faculty homepage"
    PROFILE = "profile", "Aggregator profile"
    PROCEEDINGS = "proceedings", "Proceedings list"
    ABSTRACTS = "abstracts", "Abstract list"
    BIBTEX = "bibtex", "BibTeX"
    ORCID = "orcid", "ORCID works (v3.0 JSON)"
    DBLP = "dblp", "DBLP person (XML)"
    CROSSREF = "crossref", "Crossref works (JSON)"
    OPENALEX = "openalex", "OpenAlex works (JSON)"
    S2 = "s2", "Semantic Scholar papers (JSON)"
    ARXIV = "arxiv", "arXiv API (Atom)"
    RIS = "ris", "RIS"
    CSL = "csl", "CSL-JSON"
