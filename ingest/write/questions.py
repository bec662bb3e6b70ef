"""The questions a batch's paper records raise for a person: which paper or person a record is,
whether a work is its owner's, an unknown venue. Each is built after the batch is written, when
the papers and people it names have their ids."""

from core.keys import title_key
from ingest.choices import Outcome, RecordKind, ReviewKind
from ingest.context import RunContext
from ingest.match.papers import Match
from ingest.parsers.drafts import PaperDraft
from ingest.state import AuthorRow, RecordResult
from people.models import Person


def person_ask(name: str, position: int, draft: PaperDraft, candidates: list[Person]):
    def ask(result: RecordResult) -> dict:
        # Built after the batch is written, when new candidates have their slugs.
        names = ", ".join(f"{person.full_name} ({person.slug})" for person in candidates)
        return {
            "kind": ReviewKind.PERSON_MATCH,
            "summary": f'Author "{name}" of "{draft.title[:200]}" may be {names}',
            "key": f"{title_key(draft.title)} {position} {name}",
            "payload": {"name": name, "position": position, "candidates": [p.pk for p in candidates]},
            "paper": result.paper,
        }

    return ask


def paper_review(draft: PaperDraft, match: Match):
    """Nothing is written: the record waits, with its candidates, for a person."""
    result = RecordResult(RecordKind.PAPER, Outcome.UNCHANGED, match.how, label=draft.title)

    def ask(_: RecordResult) -> dict:
        # Built after the batch is written: a candidate made earlier in the batch has its id by then.
        candidates = [state.paper for state in match.candidates if state.paper.pk]
        titles = "; ".join(f'"{paper.title[:80]}" (id {paper.pk})' for paper in candidates)
        return {
            "kind": ReviewKind.PAPER_MATCH,
            "summary": f'"{draft.title[:200]}" may be {titles or "a paper of this batch"}',
            "key": f"{title_key(draft.title)} {draft.doi} {draft.arxiv_id} {draft.year}",
            "payload": {"draft": draft_payload(draft), "candidates": [p.pk for p in candidates]},
            "paper": candidates[0] if candidates else None,
        }

    return result, [ask], None


def unclaimed(draft: PaperDraft, authors: list[AuthorRow], ctx: RunContext) -> bool:
    """A work listed as the owner's (their ORCID record, their DBLP page) whose authors, all named,
    include nobody the owner's identifiers or names tie to them: a homonym's, or a wrong claim."""
    owner = ctx.run.owner
    if not draft.owner_listed or owner is None or not draft.authors or not draft.authors_complete:
        return False
    return all(row.person is None or row.person.pk != owner.pk for row in authors)


def claim_review(draft: PaperDraft, owner: Person):
    """Nothing is written: the work waits for its person to say whether it is theirs."""
    result = RecordResult(
        RecordKind.PAPER, Outcome.UNCHANGED, "no author is tied to the owner", label=draft.title
    )

    def ask(_: RecordResult) -> dict:
        names = ", ".join(author.name for author in draft.authors[:10])
        return {
            "kind": ReviewKind.CLAIM,
            "summary": f'Is "{draft.title[:200]}" ({names}) by {owner.full_name} ({owner.slug})?',
            "key": f"claim {owner.pk} {title_key(draft.title)} {draft.doi} {draft.arxiv_id} {draft.year}",
            "payload": {
                "draft": draft_payload(draft),
                "owner": owner.pk,
                "authors": [a.name for a in draft.authors],
            },
        }

    return result, [ask], None


def draft_payload(draft: PaperDraft) -> dict:
    return {
        "title": draft.title,
        "authors": [a.name for a in draft.authors],
        "year": draft.year,
        "venue": draft.venue_text,
        "doi": draft.doi,
        "arxiv_id": draft.arxiv_id,
        "line": draft.line,
    }


def venue_ask(venue, draft: PaperDraft):
    def ask(_: RecordResult) -> dict:
        return {
            "kind": ReviewKind.UNKNOWN_VENUE,
            "summary": f'Unknown venue "{draft.venue_text[:200]}" (created unverified)',
            "key": f"venue {venue.pk}",
            "payload": {"text": draft.venue_text, "line": draft.line},
            "venue": venue,
        }

    return ask
