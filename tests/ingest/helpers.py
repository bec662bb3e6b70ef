"""Ingest a listing the way the command does, and take a picture of the database to compare."""

from datetime import date

from ingest.models import IngestionRun
from ingest.run import run_execute
from ingest.submit import run_submit
from ingest.submit.owners import owner_for
from papers.models import Paper
from people.models import Membership, MetricReport, Person, ProfileEntry
from venues.models import VenueEdition

OBSERVED = date(2025, 6, 1)


def ingest(text: str | bytes, format: str = "auto", *, owner: str = "", lab=None, **options) -> IngestionRun:
    """One listing through run_submit and run_execute, as `manage.py ingest` does."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    run = run_submit(
        data=data,
        input_name=options.pop("name", "listing"),
        format=format,
        owner=owner_for(owner) if owner else None,
        lab=lab,
        observed_at=options.pop("observed_at", OBSERVED),
        enqueue=False,
    )
    return run_execute(run_id=run.pk, **options)


def counts(run: IngestionRun) -> dict:
    fields = ("records", "created", "merged", "unchanged", "needs_review", "rejected")
    return {name: getattr(run, name) for name in fields}


def snapshot() -> dict:
    """Everything ingestion decides, without ids, run numbers or slugs (they depend on order)."""
    return {
        "papers": sorted(_paper(paper) for paper in _papers()),
        "people": sorted(_person(person) for person in Person.objects.prefetch_related("aliases")),
        "memberships": sorted(
            (
                m.person.full_name,
                m.lab.name,
                m.role,
                m.start,
                m.end,
                m.title,
                str(m.institution or ""),
                m.email,
                tuple(sorted(p.full_name for p in m.co_advisors.all())),
            )
            for m in Membership.objects.select_related("person", "lab", "institution").prefetch_related(
                "co_advisors"
            )
        ),
        "entries": sorted(
            ProfileEntry.objects.values_list("person__full_name", "kind", "date", "end", "text", "url")
        ),
        "metrics": sorted(
            MetricReport.objects.values_list("person__full_name", "observed_on", "h_index", "citation_count")
        ),
        "editions": sorted(VenueEdition.objects.values_list("venue__slug", "year")),
    }


def _papers():
    return Paper.objects.select_related("venue_edition__venue").prefetch_related(
        "authorships__person", "links", "selected_by"
    )


def _paper(paper: Paper) -> tuple:
    edition = paper.venue_edition
    return (
        paper.title_key, paper.title, paper.year, paper.date, paper.kind, paper.doi, paper.arxiv_id,
        (edition.venue.slug, edition.year) if edition else None, paper.venue_text, paper.abstract,
        tuple(paper.categories), tuple(paper.honors), paper.presentation, paper.authors_complete,
        paper.pages, paper.citation_key,
        tuple((a.position, a.name, a.person and a.person.full_name) for a in paper.authorships.all()),
        tuple(sorted((link.kind, link.url, link.label) for link in paper.links.all())),
        tuple(sorted(p.full_name for p in paper.selected_by.all())),
    )  # fmt: skip


def _person(person: Person) -> tuple:
    aliases = tuple(sorted(alias.name for alias in person.aliases.all()))
    return (person.full_name, person.bio, person.position, person.affiliation, person.email, aliases)
