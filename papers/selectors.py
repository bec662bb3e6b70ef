"""Read queries on papers, shaped once for pages and the API."""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from papers.choices import LinkKind
from papers.models import Authorship, Paper, PaperLink
from people.models import Person

# What neither a list nor an export shows: left out of their query.
NOT_SHOWN = ("provenance", "title_key", "abstract_key", "first_author_key", "created_at", "updated_at")


def paper_list() -> QuerySet[Paper]:
    """Papers with their venue; their authors and links: authors_and_links, or to export the prefetch."""
    return Paper.objects.select_related("venue_edition__venue").defer(*NOT_SHOWN)


def with_authors_and_links(papers: QuerySet[Paper]) -> QuerySet[Paper]:
    """The papers with their ordered authorships and links prefetched, as papers.export reads them."""
    return papers.prefetch_related(
        Prefetch("authorships", queryset=Authorship.objects.order_by("position")),
        Prefetch("links", queryset=PaperLink.objects.order_by("kind", "url")),
    )


def has_code() -> Exists:
    """The paper links to its code (an indexed test: paper_link_code_idx)."""
    return Exists(PaperLink.objects.filter(paper=OuterRef("pk"), kind=LinkKind.CODE).exclude(url=""))


def written_by(slug: str) -> Exists:
    """The paper has the person with this slug among its authors."""
    return Exists(Authorship.objects.filter(paper=OuterRef("pk"), person__slug=slug))


def authors_and_links(paper_ids: list[int]) -> tuple[dict[int, list], dict[int, list]]:
    """Authors and links of these papers as plain rows grouped by paper, as the API shows them.

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
