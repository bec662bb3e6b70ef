"""Read queries on papers, shaped once for pages and the API."""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from papers.choices import LinkKind
from papers.models import Authorship, Paper, PaperLink
from people.models import Person

# What a list of papers does not show: left out of its query (the export reads the full rows).
NOT_LISTED = ("provenance", "title_key", "abstract_key", "first_author_key", "created_at", "updated_at")


def paper_list() -> QuerySet[Paper]:
    """Papers with their venue, ordered authors (and people) and links: a fixed number of queries."""
    return Paper.objects.select_related("venue_edition__venue").prefetch_related(
        Prefetch("authorships", queryset=Authorship.objects.order_by("position")),
        # By id, not joined: a join would read the whole people table for each page.
        Prefetch("authorships__person", queryset=Person.objects.only("slug", "full_name")),
        Prefetch("links", queryset=PaperLink.objects.order_by("kind", "url")),
    )


def has_code() -> Exists:
    """The paper links to its code (an indexed test: paper_link_code_idx)."""
    return Exists(PaperLink.objects.filter(paper=OuterRef("pk"), kind=LinkKind.CODE).exclude(url=""))


def papers_of_person(slug: str) -> QuerySet[Paper]:
    """The papers one person wrote, by the person's slug."""
    wrote = Authorship.objects.filter(paper=OuterRef("pk"), person__slug=slug)
    return paper_list().filter(Exists(wrote))


def authors_and_links(paper_ids: list[int]) -> tuple[dict[int, list], dict[int, list]]:
    """Authors and links of these papers as plain rows grouped by paper, for lists shown as JSON.

    Rows instead of model instances: for a page of 100 papers that is most of the API's time
    (bench/bench_api.py). People's slugs are looked up by id rather than joined.
    """
    rows = Authorship.objects.filter(paper_id__in=paper_ids).order_by("paper_id", "position")
    rows = list(rows.values_list("paper_id", "name", "person_id", "position"))
    slugs = dict(Person.objects.filter(pk__in={row[2] for row in rows if row[2]}).values_list("pk", "slug"))
    authors = defaultdict(list)
    for paper_id, name, person_id, position in rows:
        authors[paper_id].append({"name": name, "person": slugs.get(person_id), "position": position})
    links = defaultdict(list)
    found = PaperLink.objects.filter(paper_id__in=paper_ids).exclude(url="").order_by("kind", "url")
    for paper_id, kind, url in found.values_list("paper_id", "kind", "url"):
        links[paper_id].append({"kind": kind, "url": url})
    return authors, links
