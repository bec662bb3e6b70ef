"""Records about people: the listing's owner and metrics, lab members, profile entries, abstracts."""

from django.db.models import Q
from rapidfuzz import fuzz

from core.keys import abstract_key, fold, text_digest
from core.provenance import run_source, source_rank
from ingest.choices import Outcome, RecordKind, ReviewKind
from ingest.context import RunContext, institution_for
from ingest.parsers.drafts import AbstractDraft, EntryDraft, MembershipDraft, PersonDraft
from ingest.state import RecordRejected, RecordResult
from papers.models import Paper
from papers.services import paper_abstract_offer
from people.models import Membership, MetricReport, Person, ProfileEntry, person_ids
from people.services import membership_create

ABSTRACT_MATCH = 90  # rapidfuzz partial ratio of the shorter abstract against the longer


def owner_ingest(draft: PersonDraft, ctx: RunContext) -> RecordResult:
    """Fill the owner's profile (bio, position, affiliation) and store reported metrics."""
    owner = ctx.ensure_owner(draft.name, draft.ids)
    changed = False
    ctx.resolver.load_person(owner)
    before = person_ids(owner)
    ctx.resolver.identities.load([draft.ids])
    ctx.resolver.identities.stamp(owner, draft.ids)
    if (draft.name and ctx.resolver.add_alias(owner, draft.name)) or person_ids(owner) != before:
        ctx.resolver.flush()
        changed = True
    for name in ("bio", "position", "affiliation"):
        changed |= _fill(owner, name, getattr(draft, name), ctx)
    if draft.affiliation and owner.institution_id is None:
        owner.institution = institution_for(draft.affiliation)
        changed = True
    if changed:
        owner.full_clean(exclude=["slug"])
        owner.save()
    if draft.metrics is not None:
        changed |= _metrics(owner, draft, ctx)
    outcome = Outcome.MERGED if changed else Outcome.UNCHANGED
    if ctx.owner_created:
        outcome, ctx.owner_created = Outcome.CREATED, False
    return RecordResult(RecordKind.PERSON, outcome, person=owner, label=owner.full_name)


def _fill(person: Person, name: str, value: str, ctx: RunContext) -> bool:
    """Set a field when the listing is at least as strong a source as the one that gave it."""
    limit = Person._meta.get_field(name).max_length
    value = (value or "").strip()[:limit] if limit else (value or "").strip()
    current = getattr(person, name)
    if not value or value == current:
        return False
    rank = source_rank(person.provenance.get(name), has_value=bool(current))
    if current and (ctx.rank, len(value), value) <= (rank, len(current), current):
        return False
    setattr(person, name, value)
    person.provenance[name] = run_source(ctx.run.pk, ctx.rank)
    return True


def _metrics(owner: Person, draft: PersonDraft, ctx: RunContext) -> bool:
    metrics = draft.metrics
    figures = {
        "h_index": metrics.h_index,
        "citation_count": metrics.citation_count,
        "paper_count": metrics.paper_count,
    }
    source = ctx.run.source.name if ctx.run.source else f"{ctx.format} listing"
    source_url = ctx.run.source.url if ctx.run.source else ""
    report, created = MetricReport.objects.get_or_create(
        person=owner,
        source=source[:100],
        observed_on=ctx.run.observed_at,
        defaults={**figures, "source_url": source_url, "run": ctx.run.pk},
    )
    if created:
        return True
    if all(getattr(report, name) == value for name, value in figures.items()):
        return False
    MetricReport.objects.filter(pk=report.pk).update(**figures, run=ctx.run.pk)
    return True


def membership_ingest(draft: MembershipDraft, ctx: RunContext) -> RecordResult:
    """A member of the lab: the person (found or created), their stint, co-advisors, institution."""
    lab = ctx.ensure_lab()
    owner = ctx.ensure_owner()
    resolver = ctx.resolver
    names = [draft.name, *draft.co_advisors]
    resolver.load(names)
    resolution = resolver.resolve(draft.name, coauthors=[owner])
    person = resolution.person or resolver.create(draft.name)
    advisors = [resolver.resolve(name, coauthors=[owner]).person for name in draft.co_advisors]
    resolver.flush()
    membership = Membership.objects.filter(person=person, lab=lab, role=draft.role, start=draft.start).first()
    fields = {
        "title": draft.title[:100],
        "end": draft.end,
        "institution": institution_for(draft.institution),
        "email": draft.email,
    }
    if membership is None:
        membership = membership_create(lab=lab, person=person, role=draft.role, start=draft.start, **fields)
        outcome = Outcome.CREATED
    else:
        outcome = Outcome.MERGED if _update_membership(membership, fields) else Outcome.UNCHANGED
    advisors = [a for a in advisors if a is not None and a.pk != person.pk]
    known = set(membership.co_advisors.values_list("pk", flat=True))
    if any(a.pk not in known for a in advisors):
        membership.co_advisors.add(*advisors)
        outcome = outcome if outcome == Outcome.CREATED else Outcome.MERGED
    resolver.note_member(person)
    result = RecordResult(RecordKind.MEMBERSHIP, outcome, person=person, label=draft.name)
    if resolution.needs_review:
        _ask_same_person(draft.name, person, resolution.candidates, ctx, result)
    return result


def _update_membership(membership: Membership, fields: dict) -> bool:
    changed = [name for name, value in fields.items() if value and getattr(membership, name) != value]
    for name in changed:
        setattr(membership, name, fields[name])
    if changed:
        membership.full_clean()
        membership.save(update_fields=changed)
    return bool(changed)


def _ask_same_person(name: str, person: Person, candidates: list[Person], ctx, result: RecordResult) -> None:
    others = ", ".join(f"{c.full_name} ({c.slug})" for c in candidates)
    asked = ctx.review(
        ReviewKind.PERSON_MATCH,
        f'Member "{name}" ({person.slug}) may be the same person as {others}',
        f"member {person.pk} {name}",
        {"name": name, "person": person.pk, "candidates": [c.pk for c in candidates]},
        person=person,
    )
    if asked:
        result.reason = f"may be the same person as {others}"
        if result.outcome == Outcome.UNCHANGED:
            result.outcome = Outcome.NEEDS_REVIEW


def entry_ingest(draft: EntryDraft, ctx: RunContext, order: int) -> RecordResult:
    """A dated item of the owner's profile, found again by its text when ingested again."""
    owner = ctx.ensure_owner()
    text = draft.text.strip()
    if not text:
        raise RecordRejected("the entry has no text")
    url = next((link.url for link in draft.links if link.url), "")[:200]
    fields = {"end": draft.end, "url": url, "lab": ctx.run.lab, "order": order}
    # The same words on two days are two entries (a grant renewed, a talk given twice).
    key = text_digest(f"{draft.date} {text}")
    entry = ProfileEntry.objects.filter(person=owner, kind=draft.kind, key=key).first()
    if entry is None:
        entry = ProfileEntry(
            person=owner, kind=draft.kind, key=key, text=text, date=draft.date, run=ctx.run.pk, **fields
        )
        entry.full_clean()
        entry.save()
        return RecordResult(RecordKind.ENTRY, Outcome.CREATED, person=owner, label=text[:80])
    changed = [name for name, value in fields.items() if value and getattr(entry, name) != value]
    for name in changed:
        setattr(entry, name, fields[name])
    if changed:
        entry.run = ctx.run.pk
        entry.full_clean()
        entry.save()
    outcome = Outcome.MERGED if changed else Outcome.UNCHANGED
    return RecordResult(RecordKind.ENTRY, outcome, person=owner, label=text[:80])


def abstract_ingest(draft: AbstractDraft, ctx: RunContext) -> RecordResult:
    """An abstract without a title: it completes the known paper whose abstract it continues."""
    text = draft.text.strip()
    candidates = _papers_with_abstract_like(text)
    label = text[:80]
    if len(candidates) == 1:
        paper = candidates[0]
        taken = paper_abstract_offer(paper=paper, text=text, run_id=ctx.run.pk, rank=ctx.rank)
        outcome = Outcome.MERGED if taken else Outcome.UNCHANGED
        return RecordResult(RecordKind.ABSTRACT, outcome, paper=paper, label=label)
    ids = [paper.pk for paper in candidates]
    summary = (
        f"Abstract matching {len(ids)} papers: {ids}" if ids else "Abstract that matches no known paper"
    ) + f': "{text[:120]}..."'
    asked = ctx.review(
        ReviewKind.ORPHAN_ABSTRACT, summary, text_digest(text), {"text": text, "candidates": ids}
    )
    outcome = Outcome.NEEDS_REVIEW if asked else Outcome.UNCHANGED
    return RecordResult(
        RecordKind.ABSTRACT, outcome, "no paper has this abstract" if not ids else summary, label=label
    )


def _papers_with_abstract_like(text: str) -> list[Paper]:
    key = abstract_key(text)
    words = key.split()
    # A stored abstract may be a cut copy: its key is then a shorter prefix of this one.
    prefixes = {" ".join(words[:n]) for n in range(4, len(words) + 1)}
    if not prefixes:
        return []
    folded = fold(text)
    found = Paper.objects.filter(Q(abstract_key__in=prefixes) | Q(abstract_key__startswith=key))
    return [paper for paper in found if _continues(fold(paper.abstract), folded)]


def _continues(stored: str, new: str) -> bool:
    shorter, longer = sorted((stored, new), key=len)
    return fuzz.ratio(shorter, longer[: len(shorter)]) >= ABSTRACT_MATCH
