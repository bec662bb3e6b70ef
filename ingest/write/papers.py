"""Paper records of a batch: match, merge in memory, then write with a handful of queries."""

from django.db import IntegrityError, transaction
from django.db.models import Q

from core.bulk import insert_instances, insert_rows
from core.dates import year_problem
from core.identifiers import CITATION_SOURCES, PAPER_ID_KINDS
from core.provenance import run_source
from ingest.choices import Outcome, RecordKind
from ingest.context import RunContext
from ingest.formats import Format
from ingest.match.papers import Match, PaperIndex, Probe
from ingest.merge import kind_for, merge
from ingest.parsers.drafts import PaperDraft
from ingest.state import AuthorRow, Link, PaperState, PaperValues, RecordResult
from ingest.write.questions import (
    claim_review,
    paper_review,
    person_ask,
    unclaimed,
    venue_ask,
)
from papers.cache import papers_changed
from papers.choices import LinkKind, PaperKind
from papers.models import Authorship, Paper, PaperLink
from papers.services import citation_counts_record, set_paper_keys
from venues.choices import VenueKind

TITLE_MAX = Paper._meta.get_field("title").max_length
CHANGED_FIELDS = (
    "title",
    "title_key",
    "first_author_key",
    "abstract",
    "abstract_key",
    "year",
    "date",
    "kind",
    "venue_edition_id",
    "venue_text",
    "doi",
    "arxiv_id",
    "volume",
    "number",
    "pages",
    "publisher",
    "citation_key",
    "categories",
    "citation_count",
    "external_ids",
    "presentation",
    "honors",
    "authors_complete",
    "provenance",
)


def papers_ingest(drafts: list[PaperDraft], ctx: RunContext) -> list[RecordResult]:
    """Ingest consecutive paper records; one result per draft, in order."""
    probes = [Probe.of(draft) for draft in drafts]
    index = PaperIndex.load(probes)
    ctx.load_editions(
        {(ctx.venues[d.venue_acronym].pk, d.year) for d in drafts if d.year and d.venue_acronym in ctx.venues}
    )
    ctx.resolver.load(
        (author.name for draft in drafts for author in draft.authors),
        (author.ids for draft in drafts for author in draft.authors),
    )
    results, asks, touched, cited = [], [], {}, []
    for draft, probe in zip(drafts, probes, strict=True):
        try:
            result, record_asks, state = _ingest_one(draft, probe, index, ctx)
        except ValueError as error:
            result, record_asks, state = _rejected(draft, str(error)), [], None
        results.append(result)
        asks.extend((result, ask) for ask in record_asks)
        if state is not None and state.touched:
            touched[id(state)] = state
        if state is not None and draft.citation_counts:
            cited.append((state, draft.citation_counts))
    ctx.resolver.flush()
    _write(list(touched.values()))
    _store_citations(cited, results, ctx)
    _ask_all(asks, ctx)
    return results


def _store_citations(cited: list, results: list[RecordResult], ctx: RunContext) -> None:
    """The counts the sources reported, per paper and source; a paper whose counts alone changed
    was merged."""
    counts: dict[tuple[int, str], int] = {}
    for state, reported in cited:
        for source, count in reported.items():
            if source in CITATION_SOURCES and isinstance(count, int) and count >= 0:
                key = (state.paper.pk, source)
                counts[key] = max(count, counts.get(key, 0))
    changed = citation_counts_record(counts=counts, observed_on=ctx.run.observed_at)
    for result in results:
        if result.outcome == Outcome.UNCHANGED and result.paper is not None and result.paper.pk in changed:
            result.outcome = Outcome.MERGED


def paper_ingest_decided(draft: PaperDraft, ctx: RunContext, paper_id: int | None) -> RecordResult:
    """One record whose match a person decided: merged into paper_id, or a new paper when None."""
    index = PaperIndex()
    if paper_id is not None:
        # Locked: a run merging into the same paper meanwhile would overwrite this merge.
        index.add_papers(Paper.objects.select_for_update(of=("self",)).filter(pk=paper_id))
        if paper_id not in index.by_id:
            raise ValueError(f"paper {paper_id} no longer exists")
    ctx.resolver.load((author.name for author in draft.authors), (author.ids for author in draft.authors))
    decided = Match(state=index.by_id.get(paper_id), how="review")
    result, asks, state = _ingest_one(draft, Probe.of(draft), index, ctx, decided)
    ctx.resolver.flush()
    if state.touched:
        _write([state])
    _ask_all([(result, ask) for ask in asks], ctx)
    return result


def _ask_all(asks: list, ctx: RunContext) -> None:
    """Ask the questions records raised, now that their papers have ids; note them on the results."""
    for result, ask in asks:
        question = ask(result)
        if ctx.review(**question):
            result.reason = "; ".join(filter(None, [result.reason, question["summary"]]))
            if result.outcome == Outcome.UNCHANGED:
                result.outcome = Outcome.NEEDS_REVIEW


def _rejected(draft: PaperDraft, reason: str) -> RecordResult:
    return RecordResult(RecordKind.PAPER, Outcome.REJECTED, reason, label=draft.title)


def _ingest_one(
    draft: PaperDraft, probe: Probe, index: PaperIndex, ctx: RunContext, match: Match | None = None
):
    _validate(draft)
    match = index.match(probe) if match is None else match
    if match.candidates:
        return paper_review(draft, match)
    authors, asks = _authors(draft, ctx)
    if unclaimed(draft, authors, ctx):
        return claim_review(draft, ctx.run.owner)
    values, venue_question = _values(draft, authors, ctx)
    if venue_question is not None:
        asks.append(venue_question)
    state = match.state or _new_state()
    before = _marker(state)
    merge(state, values, ctx.run.pk)
    if match.state is None or _marker(state) != before:  # an unchanged paper keeps its keys
        set_paper_keys(state.paper, state.authors[0].name if state.authors else "")
    owner = ctx.run.owner
    if draft.selected and owner is not None and owner.pk not in state.selected_by:
        state.selected_by.add(owner.pk)
        state.new_selectors.append(owner)
    if match.state is None:
        _finish_new(state, ctx.run.pk)
        index.add(state)
        outcome = Outcome.CREATED
    else:
        index.reindex(state)
        outcome = Outcome.MERGED if _marker(state) != before else Outcome.UNCHANGED
    return RecordResult(RecordKind.PAPER, outcome, paper=state.paper, label=draft.title), asks, state


def _validate(draft: PaperDraft) -> None:
    if not draft.title.strip():
        raise ValueError("the record has no title")
    if len(draft.title) > TITLE_MAX:
        raise ValueError(f"the title is {len(draft.title)} characters; the limit is {TITLE_MAX}")
    if year_problem(draft.year):
        raise ValueError(year_problem(draft.year))


def _marker(state: PaperState) -> tuple:
    return (state.edits, state.authors_changed, len(state.new_links), len(state.new_selectors))


def _new_state() -> PaperState:
    paper = Paper(title="", title_key="", kind="", provenance={})
    return PaperState(paper=paper, authors=[], links=set(), selected_by=set(), is_new=True)


def _finish_new(state: PaperState, run_id: int) -> None:
    paper = state.paper
    if not paper.kind:
        paper.kind = PaperKind.OTHER
        paper.provenance["kind"] = run_source(run_id, 0)


def _authors(draft: PaperDraft, ctx: RunContext) -> tuple[list[AuthorRow], list]:
    """Resolve the authors (ingest.match.people: the owner once, sure names, then the others)."""
    resolutions = ctx.resolver.resolve_authors(
        [author.name for author in draft.authors], [author.ids for author in draft.authors]
    )
    rows, asks = [], []
    for position, (author, resolution) in enumerate(zip(draft.authors, resolutions, strict=True), start=1):
        if resolution.needs_review:
            asks.append(person_ask(author.name, position, draft, resolution.candidates))
        rows.append(
            AuthorRow(author.name[:200], resolution.person, author.equal_contribution, author.corresponding)
        )
    owner = ctx.run.owner
    hidden = not draft.authors_complete and all(row.person != owner for row in rows)
    if (ctx.format == Format.PROFILE or draft.owner_listed) and owner and hidden:
        # A profile (or an ORCID record, a DBLP person...) lists its owner's papers: an owner
        # hidden in "et al." (or in a list of no names) is still an author, placed after the
        # names shown until a complete list says where.
        rows.append(AuthorRow(owner.full_name, owner))
    seen: set[int] = set()
    for row in rows:  # one person appears once among a paper's authors
        if row.person is not None and id(row.person) in seen:
            row.person = None
        elif row.person is not None:
            seen.add(id(row.person))
    return rows, asks


def _values(draft: PaperDraft, authors: list[AuthorRow], ctx: RunContext):
    venue, unknown = ctx.venue_for(draft.venue_acronym, draft.venue_text, draft.kind)
    venue_kind = venue.kind if venue else ""
    kind = kind_for(draft.kind, venue_kind)
    edition = _edition(venue, draft.year, ctx) if venue and draft.year else None
    fields = {
        "title": draft.title.strip(),
        "citation_key": draft.citation_key[:200],
        "doi": draft.doi[:200],
        "arxiv_id": draft.arxiv_id[:40],
        "venue_edition_id": edition.pk if edition else None,
        "venue_text": draft.venue_text[:500],
        "year": draft.year,
        "date": draft.date,
        "kind": kind,
        "volume": draft.volume[:40],
        "number": draft.number[:40],
        "pages": draft.pages[:40],
        "publisher": draft.publisher[:200],
        "presentation": draft.presentation,
    }
    preprint = kind == PaperKind.PREPRINT or venue_kind == VenueKind.PREPRINT
    values = PaperValues(
        fields=fields,
        authors=authors,
        authors_complete=draft.authors_complete,
        links=_links(draft),
        categories=list(draft.categories),
        honors=list(draft.honors),
        abstract=draft.abstract,
        citation_count=None,
        rank=ctx.rank,
        peer_reviewed=bool(venue or kind) and not preprint,
        external_ids={kind: str(value)[:200] for kind, value in draft.ids.items() if kind in PAPER_ID_KINDS},
    )
    return values, (venue_ask(venue, draft) if unknown else None)


def _edition(venue, year: int, ctx: RunContext):
    """The venue's edition of the year, or None where the edition's own check refuses the year.

    VenueEdition checks its year apart (venue_edition_year_range, from 1900): a paper of 1843
    keeps its year and venue line without an edition until venues follows the papers' rule.
    """
    if (venue.pk, year) in ctx.editions:
        return ctx.editions[(venue.pk, year)]
    try:
        with transaction.atomic():  # a savepoint: the refusal must not abort the batch
            return ctx.edition(venue, year)
    except IntegrityError:
        return None


def _links(draft: PaperDraft) -> list[Link]:
    links = [
        Link(link.kind if link.kind in LinkKind.values else LinkKind.OTHER, link.url[:1000], link.label[:100])
        for link in draft.links
    ]
    return list(dict.fromkeys(links))


def _write(states: list[PaperState]) -> None:
    """Store new and changed papers, their authors, links and selectors."""
    new = [s for s in states if s.paper.pk is None]
    insert_instances([s.paper for s in new])
    changed = [s.paper for s in states if not s.is_new]
    if changed:
        Paper.objects.bulk_update(changed, CHANGED_FIELDS, batch_size=500)
        papers_changed(paper.pk for paper in changed)  # their fields, authors or links: their rows
    _write_authors([s for s in states if s.authors_changed or s.is_new])
    insert_rows(
        PaperLink,
        ("paper_id", "kind", "url", "label"),
        [(s.paper.pk, link.kind, link.url, link.label) for s in states for link in s.new_links],
        ignore_conflicts=True,
    )
    gone = Q()
    for state in states:
        for link in state.gone_links:
            gone |= Q(paper_id=state.paper.pk, kind=link.kind, url="", label=link.label)
    if gone:
        PaperLink.objects.filter(gone).delete()
    Selection = Paper.selected_by.through
    insert_rows(
        Selection,
        ("paper_id", "person_id"),
        [(s.paper.pk, p.pk) for s in states for p in s.new_selectors],
        ignore_conflicts=True,
    )
    for state in states:
        state.is_new = False
        state.changed, state.authors_changed, state.new_links, state.new_selectors = set(), False, [], []
        state.gone_links = []


def _write_authors(states: list[PaperState]) -> None:
    stored = [s.paper.pk for s in states if not s.is_new]
    if stored:
        Authorship.objects.filter(paper_id__in=stored).delete()
    insert_rows(
        Authorship,
        ("paper_id", "person_id", "position", "name", "family_key", "equal_contribution", "corresponding"),
        [
            (
                state.paper.pk,
                row.person.pk if row.person is not None else None,
                position,
                row.name,
                row.family_key,
                row.equal_contribution,
                row.corresponding,
            )
            for state in states
            for position, row in enumerate(state.authors, start=1)
        ],
    )
