"""Plain data the steps pass each other: a paper as matching finds it and merge changes it, what
one listing says about it, and what became of a record. Matching, merge and write all import these
from here, and none of them from another."""

from dataclasses import dataclass, field

from papers.models import Paper
from papers.services import author_family_key
from people.models import Person


class RecordRejected(Exception):
    """A record that cannot go in, with the reason a person will read."""


@dataclass
class RecordResult:
    """What became of one record."""

    kind: str
    outcome: str
    reason: str = ""
    paper: Paper | None = None
    person: Person | None = None
    label: str = ""


@dataclass
class AuthorRow:
    """One author of a paper: the name as written, its family-name key and, when resolved, the person.

    The key is derived here, once per row (a stored row brings its own), and matching, merge and
    the writer all read it from the row.
    """

    name: str
    person: Person | None = None
    equal_contribution: bool = False
    corresponding: bool = False
    family_key: str = ""

    def __post_init__(self) -> None:
        if not self.family_key:
            self.family_key = author_family_key(self.name)


@dataclass(frozen=True)
class Link:
    kind: str
    url: str = ""
    label: str = ""


@dataclass
class PaperValues:
    """What one listing says about a paper, with its strength."""

    fields: dict
    authors: list[AuthorRow]
    authors_complete: bool
    links: list[Link]
    categories: list[str]
    honors: list[str]
    abstract: str
    citation_count: int | None
    rank: int
    peer_reviewed: bool
    # The sources' own ids of the paper (core.identifiers.PAPER_ID_KINDS).
    external_ids: dict[str, str] = field(default_factory=dict)


@dataclass(eq=False)
class PaperState:
    """A paper being merged, with its authors and links, and what changed."""

    paper: Paper
    authors: list[AuthorRow]
    links: set[Link]
    selected_by: set[int]
    is_new: bool = False
    edits: int = 0
    changed: set[str] = field(default_factory=set)
    authors_changed: bool = False
    new_links: list[Link] = field(default_factory=list)
    gone_links: list[Link] = field(default_factory=list)
    new_selectors: list[Person] = field(default_factory=list)

    @property
    def touched(self) -> bool:
        return bool(self.changed or self.authors_changed or self.new_links or self.new_selectors)
