"""Print what a database holds of ingestion's work as canonical JSON, to compare two databases.

    DATABASE_URL=postgres://... .venv/bin/python scripts/canonical_dump.py > one.json
    diff one.json other.json

Every row is written on its natural keys (titles, names, venue names, years), never on ids,
run numbers, slugs or times, which depend on the order things happened in; rows are sorted.
Two databases that hold the same papers, people, aliases, venues, editions, links, labs,
memberships and review questions give the same dump, and a duplicate shows as a second row.
"""

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Django is set up only once main() has run, or by the caller
    from papers.models import Paper
    from venues.models import Venue

ROOT = Path(__file__).resolve().parent.parent


def canonical() -> dict:
    """The dump of the default database, as lists of rows (Django must be set up)."""
    from ingest.models import ReviewItem
    from papers.models import Paper
    from people.models import Lab, Membership, Person
    from venues.models import Venue, VenueEdition

    papers = Paper.objects.select_related("venue_edition__venue").prefetch_related(
        "authorships__person", "links", "selected_by"
    )
    venues = Venue.objects.select_related("parent").prefetch_related("aliases")
    memberships = Membership.objects.select_related("person", "lab")
    return {
        "papers": sorted(_paper(paper) for paper in papers),
        "people": sorted(
            [person.full_name, sorted(alias.name for alias in person.aliases.all())]
            for person in Person.objects.prefetch_related("aliases")
        ),
        "venues": sorted(_venue(venue) for venue in venues),
        "editions": sorted(list(row) for row in VenueEdition.objects.values_list("venue__name", "year")),
        "labs": sorted(list(row) for row in Lab.objects.values_list("name", "pi__full_name")),
        "memberships": sorted(
            [m.person.full_name, m.lab.name, m.role, str(m.start), str(m.end), m.title] for m in memberships
        ),
        # A question on what it is about; its key and summary can hold ids.
        "review": sorted(
            [kind, status, paper or "", person or "", venue or ""]
            for kind, status, paper, person, venue in ReviewItem.objects.values_list(
                "kind", "status", "paper__title", "person__full_name", "venue__name"
            )
        ),
    }


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
    ]  # fmt: skip


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
