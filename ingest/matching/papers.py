"""Which known paper a listing's record is: DOI, then arXiv id, then title within a block.

The block of a record is the papers of nearby years that share an author surname with
it; the exact title key is tried there first, then a fuzzy title (rapidfuzz) inside the
same block only. Every lookup is an indexed query made once per batch, never a scan per
record. A record that points at two different papers, or whose fuzzy match is close but
not certain, is not merged: it goes to review.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from rapidfuzz import fuzz, process

from ingest.merge import AuthorRow, Link, PaperState
from ingest.normalize import title_key
from ingest.normalize.names import family_key
from ingest.parsers.drafts import PaperDraft
from papers.models import Authorship, Paper

YEAR_WINDOW = 2  # a preprint and its published version can be two years apart
# rapidfuzz ratios of title keys. Titles made on one template ("Revisiting X: A Y
# Perspective") score up to the high 80s and are different papers; a preprint retitled
# by a word or two, or a typo, scores above 93.
FUZZY_MATCH = 93  # at or above: the same paper
FUZZY_REVIEW = 90  # between this and FUZZY_MATCH: a person decides


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

    @classmethod
    def of(cls, draft: PaperDraft) -> "Probe":
        surnames = frozenset(key for key in (family_key(a.name) for a in draft.authors) if key)
        return cls(draft.doi, draft.arxiv_id, title_key(draft.title), draft.year, surnames)


class PaperIndex:
    """The papers one batch may match, loaded in a few queries, plus those the batch creates."""

    def __init__(self) -> None:
        self.by_id: dict[int, PaperState] = {}
        self.by_doi: dict[str, PaperState] = {}
        self.by_arxiv: dict[str, PaperState] = {}
        self.by_title: dict[str, list[PaperState]] = defaultdict(list)
        # (surname, year) -> [(title key, paper id or state)] for fuzzy matching.
        self.block: dict[tuple[str, int | None], list[tuple[str, int | PaperState]]] = defaultdict(list)

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
        surnames = set().union(*(p.surnames for p in probes)) if probes else set()
        years = {y for p in probes if p.year for y in range(p.year - YEAR_WINDOW, p.year + YEAR_WINDOW + 1)}
        if not surnames or not years:
            return
        rows = Authorship.objects.filter(family_key__in=surnames, paper__year__in=years).values_list(
            "family_key", "paper__year", "paper__title_key", "paper_id"
        )
        for surname, year, key, paper_id in rows.order_by().distinct():  # no sort: a set is wanted
            self.block[(surname, year)].append((key, paper_id))

    def add_papers(self, papers) -> None:
        """Index stored papers with their authors, links and selectors (three more queries)."""
        papers = list(papers.prefetch_related("authorships", "links"))
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
        for surname in {family_key(row.name) for row in state.authors}:
            entry = (paper.title_key, state)
            if entry not in self.block[(surname, paper.year)]:
                self.block[(surname, paper.year)].append(entry)

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
        if not probe.year or not probe.title_key:
            return Match()
        choices: dict[int | PaperState, str] = {}
        for surname in probe.surnames:
            for year in range(probe.year - YEAR_WINDOW, probe.year + YEAR_WINDOW + 1):
                for key, paper in self.block.get((surname, year), []):
                    # A stored paper may be in the block by id and by its loaded state.
                    choices.setdefault(self.by_id.get(paper, paper) if isinstance(paper, int) else paper, key)
        hits = process.extract(
            probe.title_key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_REVIEW, limit=3
        )
        states = [(score, self._state(paper)) for _, score, paper in hits]
        states = [(score, state) for score, state in states if state and _identifiers_agree(state, probe)]
        sure = [state for score, state in states if score >= FUZZY_MATCH]
        if len(sure) == 1 and len(states) == 1:
            return Match(state=sure[0], how="fuzzy title")
        return Match(candidates=[state for _, state in states], how="similar title") if states else Match()

    def _state(self, paper: int | PaperState) -> PaperState | None:
        if isinstance(paper, PaperState):
            return paper
        if paper not in self.by_id:
            self.add_papers(Paper.objects.filter(pk=paper))
        return self.by_id.get(paper)


def _identifiers_agree(state: PaperState, probe: Probe) -> bool:
    # Two different DOIs (or arXiv ids) are two papers, however alike the titles:
    # a conference paper and its journal extension often share one.
    paper = state.paper
    if probe.doi and paper.doi and probe.doi != paper.doi:
        return False
    return not (probe.arxiv_id and paper.arxiv_id and probe.arxiv_id != paper.arxiv_id)


def _compatible(state: PaperState, probe: Probe) -> bool:
    """An exact title is the same paper within the year window and with a shared surname."""
    if not _identifiers_agree(state, probe):
        return False
    year = state.paper.year
    if probe.year and year and abs(probe.year - year) > YEAR_WINDOW:
        return False
    surnames = {family_key(row.name) for row in state.authors}
    return not surnames or not probe.surnames or bool(surnames & probe.surnames)


def _state_of(paper: Paper, selectors: set[int]) -> PaperState:
    authors = [
        AuthorRow(row.name, row.person, row.equal_contribution, row.corresponding)
        for row in sorted(paper.authorships.all(), key=lambda row: row.position)
    ]
    links = {Link(link.kind, link.url, link.label) for link in paper.links.all()}
    return PaperState(paper=paper, authors=authors, links=links, selected_by=selectors)
