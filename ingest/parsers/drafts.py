"""What parsers produce: plain dataclasses, one per record, each knowing its line."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


class ParseError(Exception):
    """A record (or a whole input) that cannot be read, with the line and the reason."""

    def __init__(self, line: int, reason: str, raw: str = "") -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason
        self.raw = raw

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ParseError) and (self.line, self.reason) == (other.line, other.reason)

    def __hash__(self) -> int:
        return hash((self.line, self.reason))


@dataclass(frozen=True)
class ParseContext:
    """What a parser knows besides the text: the day of the scrape and the venue catalogue."""

    observed_at: date
    # Folded venue spelling (core.keys.venue_key) -> venue acronym.
    venue_aliases: Mapping[str, str] = field(default_factory=dict)
    # The person the listing is about (--owner), as named; "" when unknown.
    owner_name: str = ""


@dataclass
class LinkDraft:
    """A link of a paper; url is "" when the listing kept only the label ("[code]")."""

    kind: str
    url: str = ""
    label: str = ""


@dataclass
class AuthorDraft:
    """An author exactly as written, with the marks the listing put on them."""

    name: str
    equal_contribution: bool = False
    corresponding: bool = False
    affiliation: str = ""
    # What the source knows them by (core.identifiers.PERSON_ID_KINDS): {"orcid": "0000-…"}.
    ids: dict[str, str] = field(default_factory=dict)


@dataclass
class PaperDraft:
    line: int
    title: str
    authors: list[AuthorDraft] = field(default_factory=list)
    authors_complete: bool = True
    venue_text: str = ""
    venue_acronym: str = ""
    year: int | None = None
    date: str = ""
    kind: str = ""
    doi: str = ""
    arxiv_id: str = ""
    links: list[LinkDraft] = field(default_factory=list)
    presentation: str = ""
    honors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    abstract: str = ""
    citation_key: str = ""
    volume: str = ""
    number: str = ""
    pages: str = ""
    publisher: str = ""
    selected: bool = False
    # The paper's ids in the sources that gave it (core.identifiers.PAPER_ID_KINDS):
    # {"openalex": "W2741809807"}.
    ids: dict[str, str] = field(default_factory=dict)
    # Citation counts as each source reports them (core.identifiers.CITATION_SOURCES):
    # {"crossref": 41}; never summed.
    citation_counts: dict[str, int] = field(default_factory=dict)
    # The listing is of its owner's works (an ORCID record, a DBLP or OpenAlex author): the
    # owner is among the authors even where no name shows it (an ORCID summary lists none).
    owner_listed: bool = False
    raw: str = ""


@dataclass
class MetricsDraft:
    """Figures a page reports about its person."""

    h_index: int | None = None
    citation_count: int | None = None
    paper_count: int | None = None


@dataclass
class PersonDraft:
    """The person a homepage or profile is about."""

    line: int
    name: str = ""
    bio: str = ""
    position: str = ""
    affiliation: str = ""
    research_field: str = ""
    metrics: MetricsDraft | None = None
    # What the source knows them by (core.identifiers.PERSON_ID_KINDS).
    ids: dict[str, str] = field(default_factory=dict)
    raw: str = ""


@dataclass
class MembershipDraft:
    line: int
    name: str
    section: str
    role: str
    title: str = ""
    start: str = ""
    end: str = ""
    co_advisors: list[str] = field(default_factory=list)
    institution: str = ""
    email: str = ""
    raw: str = ""


@dataclass
class EntryDraft:
    """A dated profile item: news, award, funding, service, talk, seminar, teaching, collaboration."""

    line: int
    kind: str
    text: str
    date: str = ""
    end: str = ""
    links: list[LinkDraft] = field(default_factory=list)
    raw: str = ""


@dataclass
class AbstractDraft:
    """An abstract without a title: it can only enrich a paper already known."""

    line: int
    text: str
    raw: str = ""


Draft = PaperDraft | PersonDraft | MembershipDraft | EntryDraft | AbstractDraft


@dataclass
class ParseResult:
    """Everything read from one input, and the records that could not be read."""

    format: str
    papers: list[PaperDraft] = field(default_factory=list)
    people: list[PersonDraft] = field(default_factory=list)
    memberships: list[MembershipDraft] = field(default_factory=list)
    entries: list[EntryDraft] = field(default_factory=list)
    abstracts: list[AbstractDraft] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    # Lines of the input that no record took and that are not headings, menus or blank:
    # (line number, text). A reader shows them so a person sees what was not understood.
    unread: list[tuple[int, str]] = field(default_factory=list)
    # Sentences for a person: "no publications were found", "most lines were not read".
    warnings: list[str] = field(default_factory=list)

    def records(self) -> list[Draft]:
        """Every draft, in the order of the lines they start on."""
        drafts: list[Draft] = [*self.people, *self.memberships, *self.entries, *self.papers, *self.abstracts]
        return sorted(drafts, key=lambda draft: draft.line)
