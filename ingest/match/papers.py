"""Which known paper a record is: DOI, then arXiv id, then title within a block.

The exact title key is tried among papers of nearby years that share an author surname
with the record. A fuzzy title (rapidfuzz) is tried only among the papers of nearby
years whose first author has the record's first author's family name and whose title
key begins or ends like the record's (papers.models.TITLE_EDGE characters): two
spellings of one title differ in a few places, so one of their ends almost always
stays. This block comes from two expression indexes, so its size follows the title and
the name, not the table. Every lookup is an indexed query made once per batch, never a
scan per record. A record that points at two different papers, or whose fuzzy match is
close but not certain, is not merged: it goes to review.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Prefix

from core.identifiers import is_arxiv_doi
from core.keys import title_key
from core.names import family_key
from ingest.parsers.drafts import PaperDraft
from ingest.state import AuthorRow, Link, PaperState
from papers.models import TITLE_EDGE, Paper, title_edges

YEAR_WINDOW = 2  # a preprint and its published version can be two years apart
# rapidfuzz ratios of title keys. Titles made on one template ("Revisiting X: A Y
# Perspective") score up to the high 80s and are different papers; a preprint retitled
# by a word or two, or a typo, scores above 93.
FUZZY_MATCH = 93  # at or above: the same paper
FUZZY_REVIEW = 90  # between this and FUZZY_MATCH: a person decides
STEM = 4  # words sharing their first STEM letters are one word inflected ("learning", "learners")


@dataclass
class Match:
    """The paper a record is (state), or the papers a person must choose between."""

    state: PaperState | None = None
    candidates: list[PaperState] = field(default_factory=list)
    how: str = ""


@dataclass(frozen=True)
class Probe:
    """The parts of a record that matching looks at."""

    doi: str
    arxiv_id: str
    title_key: str
    year: int | None
    surnames: frozenset[str]
    first_surname: str

    @classmethod
    def of(cls, draft: PaperDraft) -> "Probe":
        surnames = frozenset(key for key in (family_key(a.name) for a in draft.authors) if key)
        first = family_key(draft.authors[0].name) if draft.authors else ""
        return cls(draft.doi, draft.arxiv_id, title_key(draft.title), draft.year, surnames, first)

    @property
    def edges(self) -> tuple[str, str]:
        return edges_of(self.first_surname, self.title_key)


class PaperIndex:
    """The papers one batch may match, loaded in a few queries, plus those the batch creates."""

    def __init__(self) -> None:
        self.by_id: dict[int, PaperState] = {}
        self.by_doi: dict[str, PaperState] = {}
        self.by_arxiv: dict[str, PaperState] = {}
        self.by_title: dict[str, list[PaperState]] = defaultdict(list)
        # "<first author key> <head or tail of title key>" -> the papers, for fuzzy matching.
        self.edges: dict[str, list[Candidate]] = defaultdict(list)
        self._edges_of: dict[int, tuple] = {}  # id(state) -> the edges and year it is indexed by

    @classmethod
    def load(cls, probes: list[Probe]) -> "PaperIndex":
        index = cls()
        dois = {p.doi for p in probes if p.doi}
        arxiv_ids = {p.arxiv_id for p in probes if p.arxiv_id}
        titles = {p.title_key for p in probes if p.title_key}
        wanted = Q(doi__in=dois) | Q(arxiv_id__in=arxiv_ids) | Q(title_key__in=titles)
        index.add_papers(Paper.objects.filter(wanted))
        index._load_block(probes)
        return index

    def _load_block(self, probes: list[Probe]) -> None:
        for pk, key, year, first in block_query(probes):
            self._add_edges(Candidate(key, year, pk), edges_of(first, key))

    def _add_edges(self, candidate: "Candidate", edges: tuple[str, str]) -> None:
        for edge in set(edges):
            self.edges[edge].append(candidate)

    def add_papers(self, papers) -> None:
        """Index stored papers with their authors, links and selectors (three more queries)."""
        papers = list(papers.prefetch_related("authorships__person", "links"))
        selectors = defaultdict(set)
        through = Paper.selected_by.through.objects.filter(paper_id__in=[p.pk for p in papers])
        for paper_id, person_id in through.values_list("paper_id", "person_id"):
            selectors[paper_id].add(person_id)
        for paper in papers:
            if paper.pk not in self.by_id:
                self.add(_state_of(paper, selectors[paper.pk]))

    def add(self, state: PaperState) -> None:
        paper = state.paper
        if paper.pk:
            self.by_id[paper.pk] = state
        self.reindex(state)

    def reindex(self, state: PaperState) -> None:
        """Index what a state now holds (a merge can add a DOI, an arXiv id, authors)."""
        paper = state.paper
        if paper.doi:
            self.by_doi.setdefault(paper.doi, state)
        if paper.arxiv_id:
            self.by_arxiv.setdefault(paper.arxiv_id, state)
        if state not in self.by_title[paper.title_key]:
            self.by_title[paper.title_key].append(state)
        first = state.authors[0].family_key if state.authors else ""
        if first and paper.title_key:
            edges = edges_of(first, paper.title_key)
            if self._edges_of.get(id(state)) != (edges, paper.year):
                self._edges_of[id(state)] = (edges, paper.year)
                self._add_edges(Candidate(paper.title_key, paper.year, state), edges)

    def match(self, probe: Probe) -> Match:
        """The paper this record is, by the strongest evidence available."""
        by_ids = {s for s in (self.by_doi.get(probe.doi), self.by_arxiv.get(probe.arxiv_id)) if s and probe}
        if len(by_ids) > 1:
            return Match(candidates=sorted(by_ids, key=id), how="identifiers point to two papers")
        if by_ids:
            return Match(state=by_ids.pop(), how="doi" if self.by_doi.get(probe.doi) else "arxiv")
        titled = [s for s in self.by_title.get(probe.title_key, []) if _compatible(s, probe)]
        if len(titled) == 1:
            return Match(state=titled[0], how="title")
        if len(titled) > 1:
            return Match(candidates=titled, how="several papers have this title")
        return self._fuzzy(probe)

    def _fuzzy(self, probe: Probe) -> Match:
        if not probe.year or not probe.title_key or not probe.first_surname:
            return Match()
        choices: dict[int | PaperState, str] = {}
        for edge in set(probe.edges):
            for candidate in self.edges.get(edge, []):
                if candidate.year is not None and abs(candidate.year - probe.year) <= YEAR_WINDOW:
                    paper = candidate.paper
                    # A stored paper may be in the block by id and by its loaded state.
                    choices.setdefault(
                        self.by_id.get(paper, paper) if isinstance(paper, int) else paper, candidate.title_key
                    )
        hits = process.extract(
            probe.title_key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_REVIEW, limit=3
        )
        states = [(score, key, self._state(paper)) for key, score, paper in hits]
        states = [
            (score, key, state) for score, key, state in states if state and _identifiers_agree(state, probe)
        ]
        sure = [
            state
            for score, key, state in states
            if score >= FUZZY_MATCH and not words_tell_apart(probe.title_key, key)
        ]
        if len(sure) == 1 and len(states) == 1:
            return Match(state=sure[0], how="fuzzy title")
        return Match(candidates=[state for *_, state in states], how="similar title") if states else Match()

    def _state(self, paper: int | PaperState) -> PaperState | None:
        if isinstance(paper, PaperState):
            return paper
        if paper not in self.by_id:
            self.add_papers(Paper.objects.filter(pk=paper))
        return self.by_id.get(paper)


def block_query(probes: list[Probe]):
    """(id, title key, year, first author key) of the papers the probes may fuzzily be: one indexed query."""
    probes = [p for p in probes if p.title_key and p.year and p.first_surname]
    if not probes:
        return Paper.objects.none().values_list("pk")
    years = {y for p in probes for y in range(p.year - YEAR_WINDOW, p.year + YEAR_WINDOW + 1)}
    heads, tails = title_edges()
    edges = Q(head__in={p.edges[0] for p in probes}) | Q(tail__in={p.edges[1] for p in probes})
    papers = Paper.objects.annotate(head=heads, tail=tails).filter(edges, year__in=years)
    return papers.values_list("pk", "title_key", "year", "first_author_key").order_by()


@dataclass(frozen=True)
class Candidate:
    """A paper in the fuzzy block: its title key and year."""

    title_key: str
    year: int | None
    paper: int | PaperState  # a stored paper's id, or the state of one this batch made


def words_tell_apart(one: str, other: str) -> bool:
    """Whether two similar title keys differ by a word put in place of another, or a number.

    A typo ("segmnet"), an inflection ("learners") or an added word ("... at scale")
    leaves one paper; "Class-Incremental" against "Task-Incremental", or "Part 2"
    against "Part 1", is another paper, however high the whole titles score.
    """
    words, other_words = one.split(), other.split()
    removed = [w for w in words if w not in other_words]
    added = [w for w in other_words if w not in words]
    for word in list(removed):
        variant = next((w for w in added if _variants(word, w)), None)
        if variant is not None:
            removed.remove(word)
            added.remove(variant)
    numbers = any(c.isdigit() for word in removed + added for c in word)
    return numbers or bool(removed and added)


def _variants(word: str, other: str) -> bool:
    """One word spelled two ways: one typo ("segmnet"), or the same stem ("memory", "memories").

    Numbers are never spelling variants: "YOLOv3" and "YOLOv4", "Part 1" and "Part 2".
    """
    if any(c.isdigit() for c in word + other):
        return False
    stem = Prefix.similarity(word, other)
    return OSA.distance(word, other) <= 1 or stem >= min(STEM, len(word), len(other))


def edges_of(first_surname: str, key: str) -> tuple[str, str]:
    """The values of papers.models.title_edges() for a paper: its keys in the fuzzy block."""
    return f"{first_surname} {key[:TITLE_EDGE]}", f"{first_surname} {key[-TITLE_EDGE:]}"


def _identifiers_agree(state: PaperState, probe: Probe) -> bool:
    # Two different DOIs (or arXiv ids) are two papers, however alike the titles:
    # a conference paper and its journal extension often share one.
    # arXiv's own DOI names the preprint, which is the published paper too.
    paper = state.paper
    if (
        probe.doi
        and paper.doi
        and probe.doi != paper.doi
        and not is_arxiv_doi(probe.doi) | is_arxiv_doi(paper.doi)
    ):
        return False
    return not (probe.arxiv_id and paper.arxiv_id and probe.arxiv_id != paper.arxiv_id)


def _compatible(state: PaperState, probe: Probe) -> bool:
    """An exact title is the same paper within the year window and with a shared surname."""
    if not _identifiers_agree(state, probe):
        return False
    year = state.paper.year
    if probe.year and year and abs(probe.year - year) > YEAR_WINDOW:
        return False
    surnames = {row.family_key for row in state.authors}
    return not surnames or not probe.surnames or bool(surnames & probe.surnames)


def _state_of(paper: Paper, selectors: set[int]) -> PaperState:
    authors = [
        AuthorRow(row.name, row.person, row.equal_contribution, row.corresponding, row.family_key)
        for row in sorted(paper.authorships.all(), key=lambda row: row.position)
    ]
    links = {Link(link.kind, link.url, link.label) for link in paper.links.all()}
    return PaperState(paper=paper, authors=authors, links=links, selected_by=selectors)
