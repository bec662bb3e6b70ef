"""Read queries on papers, shaped once for pages and the API."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from papers.choices import LinkKind
from papers.models import Authorship, Paper, PaperLink


def paper_list() -> QuerySet[Paper]:
    """Papers with their venue, ordered authors (and people) and links: a fixed number of queries."""
    code = PaperLink.objects.filter(paper=OuterRef("pk"), kind=LinkKind.CODE).exclude(url="")
    return (
        Paper.objects.select_related("venue_edition__venue")
        .prefetch_related(
            Prefetch(
                "authorships", queryset=Authorship.objects.select_related("person").order_by("position")
            ),
            Prefetch("links", queryset=PaperLink.objects.order_by("kind", "url")),
        )
        .annotate(has_code=Exists(code))
    )


def papers_of_person(slug: str) -> QuerySet[Paper]:
    """The papers one person wrote, by the person's slug."""
    wrote = Authorship.objects.filter(paper=OuterRef("pk"), person__slug=slug)
    return paper_list().filter(Exists(wrote))
