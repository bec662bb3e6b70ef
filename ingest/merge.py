"""Merging what a listing says about a paper into the paper: fill, never lose.

Every rule is free of order: for a field, the value from the strongest kind of source
wins, and equal strengths are decided by the values themselves. So the same listings
ingested in any order give the same paper, and one ingested twice changes nothing.
Each field remembers the run that gave its value and that value's strength.
"""

from core.identifiers import is_arxiv_doi
from core.names import spelling
from core.provenance import note_run, run_source, source_rank
from ingest.formats import Format
from ingest.state import AuthorRow, PaperState, PaperValues
from papers.choices import PaperKind, Presentation

# How much a kind of listing is trusted for the fields it gives.
# A publisher's own record (Crossref) is the strongest; curated bibliographies (DBLP, BibTeX,
# RIS and CSL exports, proceedings lists) next; a person's own page and record (homepage, ORCID)
# and arXiv's next; what aggregators gathered by machine (OpenAlex, Semantic Scholar, profiles) last.
FORMAT_RANK = {
    Format.CROSSREF: 5,
    Format.BIBTEX: 4,
    Format.PROCEEDINGS: 4,
    Format.DBLP: 4,
    Format.RIS: 4,
    Format.CSL: 4,
    Format.HOMEPAGE: 3,
    Format.ORCID: 3,
    Format.ARXIV: 3,
    Format.OPENALEX: 2,
    Format.S2: 2,
    Format.PROFILE: 2,
    Format.ABSTRACTS: 1,
}
# Where the paper appeared comes first from a peer-reviewed version, whatever the listing.
PEER_REVIEWED = 10
VENUE_FIELDS = (
    "venue_edition_id",
    "venue_text",
    "year",
    "date",
    "kind",
    "volume",
    "number",
    "pages",
    "publisher",
)
PLAIN_FIELDS = ("title", "citation_key", "doi", "arxiv_id")
PRESENTATION_ORDER = [Presentation.POSTER, Presentation.HIGHLIGHT, Presentation.SPOTLIGHT, Presentation.ORAL]


def merge(state: PaperState, values: PaperValues, run_id: int) -> None:
    """Merge one listing's values into the paper; state records what changed."""
    for name in (*PLAIN_FIELDS, *VENUE_FIELDS):
        _merge_ranked(state, name, values.fields.get(name), _value_rank(values, name), run_id)
    _merge_abstract(state, values, run_id)
    _merge_lists(state, values, run_id)
    _merge_external_ids(state, values, run_id)
    _merge_presentation(state, values, run_id)
    _merge_authors(state, values, run_id)
    _merge_links(state, values)
    if state.changed or state.authors_changed or state.new_links:
        note_run(state.paper.provenance, run_id)


def _value_rank(values: PaperValues, name: str) -> int:
    """A listing's strength for a field: where a peer-reviewed version appeared comes first, and
    arXiv's own DOI gives way to any publisher's."""
    if name == "doi" and is_arxiv_doi(values.fields.get("doi", "")):
        return 0
    return values.rank + PEER_REVIEWED if name in VENUE_FIELDS and values.peer_reviewed else values.rank


def _provenance_key(name: str) -> str:
    return "venue_edition" if name == "venue_edition_id" else name


def _rank(state: PaperState, name: str) -> int:
    return source_rank(state.paper.provenance.get(name))


def _order(value) -> tuple:
    return (len(value), value) if isinstance(value, str) else (0, value)


def _set(state: PaperState, name: str, value, rank: int, run_id: int) -> None:
    state.edits += 1
    setattr(state.paper, name, value)
    state.paper.provenance[_provenance_key(name)] = run_source(run_id, rank)
    state.changed.add(name)


def _merge_ranked(state: PaperState, name: str, value, rank: int, run_id: int) -> None:
    if value in (None, ""):
        return
    current = getattr(state.paper, name)
    if current in (None, ""):
        _set(state, name, value, rank, run_id)
        return
    current_rank = _rank(state, _provenance_key(name))
    # An equal value from a stronger source takes over its provenance: which source
    # holds a field must not depend on the order the listings came in.
    if (rank, _order(value)) > (current_rank, _order(current)):
        _set(state, name, value, rank, run_id)


def _merge_abstract(state: PaperState, values: PaperValues, run_id: int) -> None:
    # A longer abstract wins: listings cut abstracts, none makes them up.
    new, current = values.abstract, state.paper.abstract
    if new and (len(new), new) > (len(current), current):
        _set(state, "abstract", new, values.rank, run_id)


def _merge_lists(state: PaperState, values: PaperValues, run_id: int) -> None:
    for name, new in (("categories", values.categories), ("honors", values.honors)):
        current = getattr(state.paper, name) or []
        union = sorted(set(current) | set(new))
        if union != sorted(current):
            _set(state, name, union, values.rank, run_id)
    count = values.citation_count
    if count is not None and (state.paper.citation_count is None or count > state.paper.citation_count):
        _set(state, "citation_count", count, values.rank, run_id)


def _merge_external_ids(state: PaperState, values: PaperValues, run_id: int) -> None:
    """Every source's id of the paper is kept; two ids of one kind keep the smaller, whatever the order."""
    current = state.paper.external_ids or {}
    merged = dict(current)
    for kind, value in values.external_ids.items():
        if value and (kind not in merged or value < merged[kind]):
            merged[kind] = value
    if merged != current:
        _set(state, "external_ids", dict(sorted(merged.items())), values.rank, run_id)


def _merge_presentation(state: PaperState, values: PaperValues, run_id: int) -> None:
    new, current = values.fields.get("presentation", ""), state.paper.presentation
    if (
        new
        and new != current
        and (not current or PRESENTATION_ORDER.index(new) > PRESENTATION_ORDER.index(current))
    ):
        _set(state, "presentation", new, values.rank, run_id)


def _authors_order(rows: list[AuthorRow], complete: bool, rank: int) -> tuple:
    # A complete list beats a cut one ("et al."), then the stronger source, then the
    # longer list, then the one written "Given Family" rather than "Family, Given".
    natural = sum("," not in row.name for row in rows)
    return (complete, rank, len(rows), natural, [row.name for row in rows])


def _merge_authors(state: PaperState, values: PaperValues, run_id: int) -> None:
    if not values.authors:
        return
    current = _authors_order(state.authors, state.paper.authors_complete, _rank(state, "authors"))
    new = _authors_order(values.authors, values.authors_complete, values.rank)
    if state.authors and new <= current:
        state.authors_changed |= _link_people(state.authors, values.authors)
        return
    if [row.name for row in state.authors] == [row.name for row in values.authors]:
        # The same list from a stronger source: it takes over the provenance only.
        state.authors_changed |= _link_people(state.authors, values.authors)
        state.paper.provenance["authors"] = run_source(run_id, values.rank)
        state.paper.authors_complete = values.authors_complete
        state.changed.add("authors")
        state.edits += 1
        return
    _link_people(values.authors, state.authors)
    state.authors = values.authors
    state.paper.authors_complete = values.authors_complete
    state.paper.provenance["authors"] = run_source(run_id, values.rank)
    state.authors_changed = True


def _link_people(kept: list[AuthorRow], other: list[AuthorRow]) -> bool:
    """Carry known people across two lists of one paper's authors, matched by name."""
    people = {spelling(row.name): row.person for row in other if row.person is not None}
    linked = False
    for row in kept:
        if row.person is None and spelling(row.name) in people:
            row.person = people[spelling(row.name)]
            linked = True
    return linked


def _merge_links(state: PaperState, values: PaperValues) -> None:
    for link in values.links:
        if link in state.links:
            continue
        # One row a paper, kind and URL (paper_link_unique): another label for it adds nothing.
        if link.url and any(known.kind == link.kind and known.url == link.url for known in state.links):
            continue
        # A label without a URL ("[code]") adds nothing once a link of that kind is known,
        # and gives way to the first real link of its kind.
        if not link.url and any(known.kind == link.kind for known in state.links):
            continue
        if link.url:
            for known in [k for k in state.links if k.kind == link.kind and not k.url]:
                state.links.discard(known)
                state.gone_links.append(known)
        state.links.add(link)
        state.new_links.append(link)


def kind_for(draft_kind: str, venue_kind: str) -> str:
    """The paper's kind: the listing's word for it, else its venue's kind; a workshop's paper is a
    workshop paper, though BibTeX files it as @inproceedings like any conference paper."""
    if draft_kind == PaperKind.CONFERENCE and venue_kind == PaperKind.WORKSHOP:
        return PaperKind.WORKSHOP
    if draft_kind in PaperKind.values:
        return draft_kind
    if venue_kind in PaperKind.values and venue_kind != PaperKind.OTHER:
        return venue_kind
    return ""
