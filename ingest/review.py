"""Resolving review items: a person's decision, applied the way ingestion would have applied it."""

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from core.names import person_fit
from ingest.choices import Outcome, RecordKind, ReviewKind, ReviewStatus
from ingest.context import RunContext, catalogue_aliases
from ingest.formats import Format
from ingest.merge import FORMAT_RANK
from ingest.models import IngestionRun, RecordOutcome, ReviewItem
from ingest.parsers import ParseError, parse
from ingest.parsers.drafts import AuthorDraft, PaperDraft
from ingest.write.lock import write_lock
from ingest.write.papers import paper_ingest_decided, papers_ingest
from ingest.write.questions import draft_payload
from papers.models import Authorship, Paper
from papers.services import authorship_person_set, paper_abstract_offer
from people.merging import MergeError, person_merge
from people.models import Person, person_ids
from people.naming import named_by_ingestion
from people.services import person_alias_add, person_create
from venues.models import Venue
from venues.services import venue_merge

logger = logging.getLogger(__name__)
ACCEPT, REJECT = "accept", "reject"


class ReviewError(ValueError):
    """A decision that cannot be applied; the message says why."""


@transaction.atomic
def review_resolve(
    *,
    item: ReviewItem,
    decision: str,
    user: AbstractBaseUser | None,
    choice: int | None = None,
    note: str = "",
) -> ReviewItem:
    """Apply a person's decision on an open review item and close it."""
    if decision not in (ACCEPT, REJECT):
        raise ReviewError(f"the decision must be {ACCEPT!r} or {REJECT!r}, not {decision!r}")
    write_lock()  # a decision matches and writes as a batch does: in turn with the runs
    # The lock makes a second person resolving the same item wait, then find it closed.
    locked = ReviewItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if locked.status != ReviewStatus.OPEN:
        raise ReviewError(f"review item {locked.pk} is already {locked.get_status_display().lower()}")
    APPLY[locked.kind](locked, decision == ACCEPT, choice)
    locked.status = ReviewStatus.ACCEPTED if decision == ACCEPT else ReviewStatus.REJECTED
    locked.resolved_at = timezone.now()
    locked.resolved_by = user
    locked.note = note
    locked.save(update_fields=["status", "resolved_at", "resolved_by", "note", "venue"])
    logger.info(
        "ingest.review_resolve item=%s kind=%s decision=%s choice=%s",
        locked.pk,
        locked.kind,
        decision,
        choice,
    )
    return locked


def _chosen(candidates: list[int], choice: int | None, noun: str) -> int:
    """The candidate the person picked, by default the only one."""
    if not candidates:
        raise ReviewError(f"the item names no candidate {noun}")
    if choice is None and len(candidates) > 1:
        raise ReviewError(f"choose which of the candidate {noun}s {candidates} it is")
    if choice is not None and choice not in candidates:
        raise ReviewError(f"{noun} {choice} is not among the candidates {candidates}")
    return candidates[0] if choice is None else choice


# Possible duplicate papers ------------------------------------------------------


def _apply_paper_match(item: ReviewItem, accept: bool, choice: int | None) -> None:
    """Accept: merge the record into the chosen paper. Reject: create it as a new paper."""
    paper_id = _chosen(item.payload.get("candidates", []), choice, "paper") if accept else None
    run = _run_of(item)
    record = _record_outcome(item, run)
    draft = _reread(item, record, run)
    _check_identifiers(draft, paper_id)
    try:
        result = paper_ingest_decided(draft, RunContext(run, _format(run)), paper_id)
    except ValueError as error:  # the paper was deleted meanwhile, or the record is invalid
        raise ReviewError(str(error)) from error
    decision = f"merged into paper {paper_id} by review" if accept else "created as a new paper by review"
    outcome = Outcome.MERGED if accept else Outcome.CREATED
    reason = "; ".join(filter(None, [record.reason, decision, result.reason]))
    RecordOutcome.objects.filter(pk=record.pk).update(outcome=outcome, paper=result.paper, reason=reason)
    _recount(run, record.outcome, outcome)


def _run_of(item: ReviewItem) -> IngestionRun:
    if item.run_id is None:
        raise ReviewError("the run that read this record was deleted: the record cannot be read again")
    # input_text can be tens of megabytes: it is read only if the record's own text is not enough.
    return IngestionRun.objects.defer("input_text").select_related("owner", "lab").get(pk=item.run_id)


def _format(run: IngestionRun) -> str:
    return run.detected_format or run.format


def _record_outcome(item: ReviewItem, run: IngestionRun) -> RecordOutcome:
    line = item.payload.get("draft", {}).get("line")
    found = RecordOutcome.objects.filter(run=run, line=line, kind=RecordKind.PAPER).order_by("index").first()
    if found is None:
        raise ReviewError(f"run {run.pk} has no paper record at line {line}")
    return found


def _reread(item: ReviewItem, record: RecordOutcome, run: IngestionRun) -> PaperDraft:
    """The record as ingestion parsed it: from its own text, else from the run's whole input.

    A homepage record alone has lost its section and year headings, and a BibTeX entry
    its @string macros: then only the whole input gives the same draft back.
    """
    wanted = {**item.payload.get("draft", {}), "line": None}
    # A homepage record alone still reads (pages need no headings), but without its section it
    # is no longer "selected": only the whole page says so.
    draft = _draft_like(wanted, record.raw, run) if _format(run) != Format.HOMEPAGE else None
    if draft is None:
        whole = IngestionRun.objects.filter(pk=run.pk).values_list("input_text", flat=True).get()
        draft = _draft_like(wanted, whole, run)
    if draft is None:
        raise ReviewError(f"the record at line {record.line} of run {run.pk} can no longer be read")
    return draft


def _draft_like(wanted: dict, text: str, run: IngestionRun) -> PaperDraft | None:
    """The paper record of text that the review item describes, if text has it."""
    try:
        owner_name = run.owner.full_name if run.owner else ""
        result = parse(
            text,
            _format(run),
            observed_at=run.observed_at,
            venue_aliases=catalogue_aliases(),
            owner_name=owner_name,
        )
    except ParseError:
        return None
    drafts = (draft for draft in result.records() if isinstance(draft, PaperDraft))
    return next((draft for draft in drafts if {**draft_payload(draft), "line": None} == wanted), None)


def _check_identifiers(draft: PaperDraft, paper_id: int | None) -> None:
    """A DOI or arXiv id is one paper's: a record carrying another paper's cannot be this one."""
    held = Q(doi=draft.doi[:200]) if draft.doi else Q()
    if draft.arxiv_id:
        held |= Q(arxiv_id=draft.arxiv_id[:40])
    other = Paper.objects.filter(held).exclude(pk=paper_id).first() if held else None
    if other is not None:
        target = f"paper {paper_id}" if paper_id else "a new paper"
        raise ReviewError(
            f"the record's DOI or arXiv id belongs to paper {other.pk}, so it cannot go into {target};"
            " if the candidates are one paper, merge them first"
        )


def _recount(run: IngestionRun, old: str, new: str) -> None:
    """Keep the run's counts the sum of its outcomes."""
    if old != new:
        # In the database: items of one run resolved at once must not lose each other's counts.
        IngestionRun.objects.filter(pk=run.pk).update(**{old: Greatest(F(old) - 1, 0), new: F(new) + 1})


# Possibly the same person -------------------------------------------------------


def _apply_person_match(item: ReviewItem, accept: bool, choice: int | None) -> None:
    """Accept: the author is the chosen person. Reject: the author is a new person."""
    if "position" not in item.payload:
        _apply_member_match(item, accept, choice)
        return
    name = item.payload["name"]
    chosen = _candidate_person(item, choice) if accept else None
    authorship = _authorship(item, name)
    if authorship.person_id is not None and (chosen is None or authorship.person_id != chosen.pk):
        raise ReviewError(f'"{name}" of paper {authorship.paper_id} is already linked to {authorship.person}')
    person = chosen or _person_for(name)
    if authorship.person_id is None:
        if Authorship.objects.filter(paper_id=authorship.paper_id, person=person).exists():
            raise ReviewError(f"{person} ({person.slug}) is already an author of paper {authorship.paper_id}")
        authorship_person_set(authorship=authorship, person=person)
    person_alias_add(person=person, name=name[:200])


def _authorship(item: ReviewItem, name: str) -> Authorship:
    """The author the item asks about: at its position, else wherever the name now is."""
    rows = list(
        Authorship.objects.select_for_update(of=("self",))
        .filter(paper_id=item.paper_id, name=name)
        .select_related("person")
        .order_by("position")
    )
    row = next((row for row in rows if row.position == item.payload["position"]), rows[0] if rows else None)
    if row is None:
        raise ReviewError(f'"{name}" is no longer an author of paper {item.paper_id}')
    return row


def _candidate_person(item: ReviewItem, choice: int | None) -> Person:
    person_id = _chosen(item.payload.get("candidates", []), choice, "person")
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise ReviewError(f"person {person_id} no longer exists")
    return person


def _person_for(name: str) -> Person:
    """A new person for the name as a listing wrote it, named the way ingestion names people."""
    return person_create(**named_by_ingestion(name))


def _apply_member_match(item: ReviewItem, accept: bool, choice: int | None) -> None:
    """A lab member created as a new person who may be a known one: accept merges the two."""
    if not accept:
        return
    survivor = _candidate_person(item, choice)
    merged = Person.objects.filter(pk=item.payload.get("person")).first()
    if merged is None:
        raise ReviewError(f"person {item.payload.get('person')} no longer exists")
    try:
        person_merge(survivor=survivor, merged=merged, user=None)
    except MergeError as error:
        raise ReviewError(str(error)) from error


# Unknown venues -----------------------------------------------------------------


def _apply_unknown_venue(item: ReviewItem, accept: bool, choice: int | None) -> None:
    """Accept: the venue is real. Reject with a venue: it is that venue. Reject alone: leave it."""
    venue = Venue.objects.select_for_update().filter(pk=item.venue_id).first()
    if venue is None:
        raise ReviewError("the item names no venue")
    if accept:
        if choice is not None:
            raise ReviewError(
                "accepting verifies the venue; to say it is another venue, reject with that choice"
            )
        venue.verified = True
        venue.save(update_fields=["verified", "updated_at"])
    elif choice is not None:
        item.venue = _venue_merge(venue, _other_venue(venue, choice))


def _other_venue(venue: Venue, choice: int) -> Venue:
    if venue.verified:
        raise ReviewError(f"venue {venue.pk} ({venue.name}) was verified meanwhile: it is not merged away")
    target = Venue.objects.filter(pk=choice).exclude(pk=venue.pk).first()
    if target is None:
        raise ReviewError(f"venue {choice} does not exist or is the unknown venue itself")
    return target


def _venue_merge(venue: Venue, target: Venue) -> Venue:
    """Move the venue's spellings and papers to target's editions of the same years, then delete it."""
    # Deleting the venue would delete the items about it (this one too): they point at target first.
    ReviewItem.objects.filter(venue=venue).update(venue=target)
    return venue_merge(venue=venue, into=target)


# Abstracts without a paper ------------------------------------------------------


def _apply_orphan_abstract(item: ReviewItem, accept: bool, choice: int | None) -> None:
    """Accept: the abstract is the chosen paper's (if longer than its own). Reject: drop it."""
    if not accept:
        return
    if choice is None:
        raise ReviewError("choose the paper this abstract belongs to")
    paper = Paper.objects.select_for_update().filter(pk=choice).first()
    if paper is None:
        raise ReviewError(f"paper {choice} does not exist")
    run = IngestionRun.objects.filter(pk=item.run_id).only("format", "detected_format").first()
    rank = FORMAT_RANK.get(_format(run), 1) if run else 1
    paper_abstract_offer(paper=paper, text=item.payload["text"].strip(), run_id=item.run_id, rank=rank)


# Is this yours? ---------------------------------------------------------------------


def _apply_claim(item: ReviewItem, accept: bool, choice: int | None) -> None:
    """Accept: the work is the owner's, as the author at position `choice` (by default the one whose
    name fits theirs best, else added after the others). Reject: it stays off their page."""
    if not accept:
        return
    run = _run_of(item)
    record = _record_outcome(item, run)
    draft = _reread(item, record, run)
    owner = Person.objects.get(pk=item.payload["owner"])
    position = choice if choice is not None else _best_fit(draft, owner)
    if position is not None and not 1 <= position <= len(draft.authors):
        raise ReviewError(f"the work has {len(draft.authors)} authors: {position} is not one of them")
    # The owner's identifiers on that author tie them before any name rule (ingest.match.identities).
    if position is None:
        draft.authors.append(AuthorDraft(owner.full_name, ids=person_ids(owner)))
    else:
        draft.authors[position - 1].ids = person_ids(owner)
    ctx = RunContext(run, _format(run))
    [result] = papers_ingest([draft], ctx)
    reason = "; ".join(filter(None, [record.reason, f"claimed by {owner.full_name} in review"]))
    RecordOutcome.objects.filter(pk=record.pk).update(
        outcome=result.outcome, paper=result.paper, reason=reason
    )
    _recount(run, record.outcome, result.outcome)


def _best_fit(draft: PaperDraft, owner: Person) -> int | None:
    names = [owner.full_name, *owner.aliases.values_list("name", flat=True)]
    fits = [person_fit(author.name, names) for author in draft.authors]
    best = max(fits, default=0)
    return fits.index(best) + 1 if best else None


APPLY = {
    ReviewKind.PAPER_MATCH: _apply_paper_match,
    ReviewKind.PERSON_MATCH: _apply_person_match,
    ReviewKind.UNKNOWN_VENUE: _apply_unknown_venue,
    ReviewKind.ORPHAN_ABSTRACT: _apply_orphan_abstract,
    ReviewKind.CLAIM: _apply_claim,
}
