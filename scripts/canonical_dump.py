"""Print what a database holds of ingestion's work as canonical JSON, to compare two databases.

    DATABASE_URL=postgres://... .venv/bin/python scripts/canonical_dump.py > one.json
    diff one.json other.json

Every row is written on its natural keys (titles, names, venue names, years), never on ids,
run numbers, slugs or times, which depend on the order things happened in; rows are sorted.
Two databases that hold the same papers, people, aliases, venues, editions, links, labs,
memberships, profile entries, metrics and review questions give the same dump, and a duplicate
shows as a second row. The tests compare databases with it too (tests/ingest/helpers.snapshot).
"""

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Django is set up only once main() has run, or by the caller
    from papers.models import Paper
    from people.models import Membership, Person
    from venues.models import Venue

ROOT = Path(__file__).resolve().parent.parent


def canonical() -> dict:
    """The dump of the default database, as lists of rows (Django must be set up)."""
    from ingest.models import ReviewItem
    from papers.models import Paper
    from people.models import Lab, Membership, MetricReport, Person, ProfileEntry
    from venues.models import Venue, VenueEdition

    papers = Paper.objects.select_related("venue_edition__venue").prefetch_related(
        "authorships__person", "links", "selected_by", "citation_counts"
    )
    venues = Venue.objects.select_related("parent").prefetch_related("aliases")
    memberships = Membership.objects.select_related("person", "lab", "institution").prefetch_related(
        "co_advisors"
    )
    return {
        "papers": rows(_paper(paper) for paper in papers),
        "people": rows(_person(person) for person in Person.objects.prefetch_related("aliases")),
        "venues": rows(_venue(venue) for venue in venues),
        "editions": rows(list(row) for row in VenueEdition.objects.values_list("venue__name", "year")),
        "labs": rows(list(row) for row in Lab.objects.values_list("name", "pi__full_name")),
        "memberships": rows(_membership(membership) for membership in memberships),
        "entries": rows(
            [name, kind, str(day), str(end), text, url]
            for name, kind, day, end, text, url in ProfileEntry.objects.values_list(
                "person__full_name", "kind", "date", "end", "text", "url"
            )
        ),
        "metrics": rows(
            [name, str(day), h_index, citations]
            for name, day, h_index, citations in MetricReport.objects.values_list(
                "person__full_name", "observed_on", "h_index", "citation_count"
            )
        ),
        # A question on what it is about; its key and summary can hold ids.
        "review": rows(
            [kind, status, paper or "", person or "", venue or ""]
            for kind, status, paper, person, venue in ReviewItem.objects.values_list(
                "kind", "status", "paper__title", "person__full_name", "venue__name"
            )
        ),
    }


def rows(items: Iterable[list]) -> list[list]:
    """Rows in one order, whatever they hold (a missing edition or person is None)."""
    return sorted(items, key=lambda row: json.dumps(row, default=str, ensure_ascii=False))


def _paper(paper: "Paper") -> list:
    edition = paper.venue_edition
    return [
        paper.title, paper.title_key, paper.year, str(paper.date or ""), paper.kind, paper.doi,
        paper.arxiv_id, [edition.venue.name, edition.year] if edition else None, paper.venue_text,
        paper.volume, paper.number, paper.pages, paper.publisher, paper.abstract, paper.categories,
        paper.honors, paper.presentation, paper.authors_complete, paper.citation_key,
        [[a.position, a.name, a.person.full_name if a.person else None] for a in paper.authorships.all()],
        sorted([link.kind, link.url, link.label] for link in paper.links.all()),
        sorted(person.full_name for person in paper.selected_by.all()),
        paper.external_ids,
        sorted([c.source, c.count, str(c.observed_on)] for c in paper.citation_counts.all()),
    ]  # fmt: skip


def _person(person: "Person") -> list:
    aliases = sorted(alias.name for alias in person.aliases.all())
    ids = [person.orcid, person.dblp_pid, person.dblp_name, person.openalex_id, person.s2_id]
    return [person.full_name, person.bio, person.position, person.affiliation, person.email, aliases, ids]


def _membership(m: "Membership") -> list:
    co_advisors = sorted(person.full_name for person in m.co_advisors.all())
    institution = str(m.institution or "")
    return [
        m.person.full_name,
        m.lab.name,
        m.role,
        str(m.start),
        str(m.end),
        m.title,
        institution,
        m.email,
        co_advisors,
    ]


def _venue(venue: "Venue") -> list:
    parent = venue.parent.name if venue.parent else None
    aliases = sorted(alias.text for alias in venue.aliases.all())
    return [venue.name, venue.acronym, venue.kind, venue.verified, parent, aliases]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pubtracker.settings")
    import django

    django.setup()
    json.dump(canonical(), sys.stdout, ensure_ascii=False, indent=0, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
