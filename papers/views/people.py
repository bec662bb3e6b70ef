"""A researcher's page and feed, and a lab's page: people with their papers (their files: views.exports)."""

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Atom1Feed

from core.charts import year_bars
from papers.choices import PaperKind
from papers.models import Paper
from papers.selectors import (
    coauthor_counts,
    lab_members,
    lab_papers,
    paper_list,
    paper_rows,
    venues_of,
    written_by_person,
    year_counts,
)
from papers.views.exports import file_links
from papers.views.papers import filtered_papers
from people.models import Lab, Person
from people.selectors import lab_mates, person_page
from people.views import alumni_of, grouped_by_role, moved_or_404, person_context

# The most frequent co-authors are listed on a profile; the rest are counted.
COAUTHORS_SHOWN = 30
FEED_SIZE = 20


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A researcher's profile: who they are, their metrics and entries, and their papers."""
    person = person_page().filter(slug=slug).first()
    if person is None:
        return moved_or_404(request, slug)
    papers = paper_list().filter(written_by_person(person.pk))
    # The rows mark the person and their lab mates, and show each source's citation count.
    marks = {"owner_id": person.pk, "member_ids": lab_mates(person), "citations": True}
    selected = paper_list().filter(selected_by=person).order_by("-year", "title")
    counts = year_counts(papers)
    coauthors, coauthor_count = coauthor_counts(person.pk, COAUTHORS_SHOWN)
    context = {
        **person_context(person),
        "own_counts": {"papers": sum(counts.values()), "first": min(counts, default=None)},
        "bars": year_bars(counts),
        "years": sorted(counts, reverse=True),
        "venues": venues_of(papers),
        "kinds": PaperKind.choices,
        "coauthor_count": coauthor_count,
        "coauthors": coauthors,
        "more_coauthors": coauthor_count - len(coauthors),
        "selected": paper_rows(selected, **marks),
        "member_slugs": Person.objects.filter(pk__in=marks["member_ids"]).values_list("slug", flat=True),
        **filtered_papers(request, papers, **marks),
    }
    context["files"] = file_links("person-file", context["filter_values"], slug=person.slug)
    return render(request, "people/person_detail.html", context)


class PersonFeed(Feed):
    """An Atom feed of the papers newly known for a person."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            return moved_or_404(request, kwargs["slug"])

    def get_object(self, request: HttpRequest, slug: str) -> Person:
        return get_object_or_404(Person, slug=slug)

    def title(self, person: Person) -> str:
        return f"New papers of {person.full_name}"

    def link(self, person: Person) -> str:
        return f"/people/{person.slug}/"

    def subtitle(self, person: Person) -> str:
        return f"Papers of {person.full_name} as pubtracker learns of them."

    def items(self, person: Person) -> QuerySet[Paper]:
        papers = paper_list().filter(written_by_person(person.pk)).order_by("-created_at", "-pk")
        return paper_rows(papers[:FEED_SIZE])

    def item_title(self, paper: Paper) -> str:
        return paper.title

    def item_description(self, paper: Paper) -> str:
        authors = ", ".join(author["name"] for author in paper.author_rows)
        venue = paper.venue_edition or paper.year or ""
        return f"{authors}. {venue}".strip()

    def item_link(self, paper: Paper) -> str:
        return f"/papers/{paper.pk}/{paper.slug or 'paper'}/"

    def item_pubdate(self, paper: Paper):
        return paper.created_at

    def item_updateddate(self, paper: Paper):
        return paper.updated_at


def lab_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A lab: its PI, current members by role, alumni, and the papers written while in the lab."""
    lab = get_object_or_404(Lab.objects.select_related("pi", "institution"), slug=slug)
    members = list(lab_members(lab))
    mate_ids = {member.person_id for member in members}
    current = [member for member in members if member.is_current]
    papers = lab_papers(lab)
    context = {
        "lab": lab,
        "years": sorted(year_counts(papers), reverse=True),
        "venues": venues_of(papers),
        "kinds": PaperKind.choices,
        "roles": grouped_by_role(current),
        "alumni": alumni_of(members),
        **filtered_papers(request, papers, member_ids=mate_ids),
    }
    context["files"] = file_links("lab-file", context["filter_values"], slug=lab.slug)
    return render(request, "people/lab_detail.html", context)
