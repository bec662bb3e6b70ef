"""People pages: the list, a researcher's profile, their BibTeX and feed; a lab's page."""

from itertools import groupby

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Atom1Feed

from core.charts import year_bars
from papers.choices import PaperKind
from papers.export import papers_bibtex
from papers.models import Paper
from papers.selectors import (
    coauthor_counts,
    paper_list,
    paper_rows,
    venues_of,
    with_authors_and_links,
    written_by_person,
    year_counts,
)
from papers.views import BIBTEX_TYPE, filtered_papers, query_without_page
from people.choices import EntryKind, Role
from people.filters import PersonFilter
from people.models import Lab, Person
from people.selectors import (
    lab_list,
    lab_mates,
    lab_members,
    lab_papers,
    latest_metrics,
    led_lab_members,
    merged_into,
    person_list,
    person_page,
)

PEOPLE_PER_PAGE = 50
# The most frequent co-authors are listed on a profile; the rest are counted.
COAUTHORS_SHOWN = 30
ENTRY_HEADINGS = {
    EntryKind.NEWS: "News",
    EntryKind.AWARD: "Awards",
    EntryKind.FUNDING: "Funding",
    EntryKind.TALK: "Talks",
    EntryKind.SEMINAR: "Seminars",
    EntryKind.SERVICE: "Service",
    EntryKind.TEACHING: "Teaching",
    EntryKind.COLLABORATION: "Collaborations",
}
ENTRY_ORDER = list(ENTRY_HEADINGS)
FEED_SIZE = 20


def person_list_page(request: HttpRequest) -> HttpResponse:
    """Everyone known here, searchable by name or alias and by lab."""
    filters = PersonFilter(request.GET, queryset=person_list().order_by("family_name", "full_name", "pk"))
    page = Paginator(filters.qs, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page_obj": page,
        "labs": lab_list().order_by("name"),
        "query_without_page": query_without_page(request.GET),
    }
    return render(request, "people/person_list.html", context)


def merged_redirect(request: HttpRequest, slug: str) -> HttpResponsePermanentRedirect | None:
    """The same address with the survivor's slug, if the person at slug was merged into another.

    Pages, the BibTeX file, the feed and the API all name a person by /people/{slug}/.
    """
    survivor = merged_into(slug)
    if survivor is None:
        return None
    path = request.get_full_path().replace(f"/people/{slug}/", f"/people/{survivor.slug}/", 1)
    return HttpResponsePermanentRedirect(path)


def moved_or_404(request: HttpRequest, slug: str) -> HttpResponse:
    redirect = merged_redirect(request, slug)
    if redirect is None:
        raise Http404(f"No person at {slug!r}.")
    return redirect


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A researcher's profile: who they are, their metrics and entries, and their papers."""
    person = person_page().filter(slug=slug).first()
    if person is None:
        return moved_or_404(request, slug)
    papers = paper_list().filter(written_by_person(person.pk))
    marks = {"owner_id": person.pk, "member_ids": lab_mates(person)}
    selected = paper_list().filter(selected_by=person).order_by("-year", "title")
    counts = year_counts(papers)
    coauthors = coauthor_counts(person.pk)
    context = {
        "person": person,
        "other_names": [alias.name for alias in person.aliases.all() if alias.name != person.full_name],
        "metrics": latest_metrics(person),
        "entries": entries_by_kind(person),
        "own_counts": {"papers": sum(counts.values()), "first": min(counts, default=None)},
        "bars": year_bars(counts),
        "years": sorted(counts, reverse=True),
        "venues": venues_of(papers),
        "kinds": PaperKind.choices,
        "coauthor_count": len(coauthors),
        "coauthors": coauthors[:COAUTHORS_SHOWN],
        "more_coauthors": max(0, len(coauthors) - COAUTHORS_SHOWN),
        "group": led_members(person),
        "selected": paper_rows(selected, **marks),
        "member_slugs": Person.objects.filter(pk__in=marks["member_ids"]).values_list("slug", flat=True),
        **filtered_papers(request, papers, **marks),
    }
    return render(request, "people/person_detail.html", context)


def led_members(person: Person) -> dict:
    """The people of the labs this person leads: current ones by role, and alumni."""
    members = list(led_lab_members(person))
    labs = list({member.lab.pk: member.lab for member in members}.values())
    return {
        "roles": grouped_by_role([m for m in members if m.is_current]),
        "alumni": alumni_of(members),
        "labs": labs,
    }


def entries_by_kind(person: Person) -> list[tuple[str, list]]:
    """(heading, entries newest first) from the prefetch of person_page, news first."""
    entries = groupby(person.profile_entries.all(), key=lambda entry: entry.kind)
    groups = sorted(((kind, list(rows)) for kind, rows in entries), key=lambda g: ENTRY_ORDER.index(g[0]))
    return [(ENTRY_HEADINGS[kind], rows) for kind, rows in groups]


def person_bibtex(request: HttpRequest, slug: str) -> HttpResponse:
    """All of a person's papers as one BibTeX file."""
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        return moved_or_404(request, slug)
    papers = with_authors_and_links(paper_list().filter(written_by_person(person.pk)))
    response = HttpResponse(papers_bibtex(papers) or "% No papers yet.\n", content_type=BIBTEX_TYPE)
    response["Content-Disposition"] = f'inline; filename="{person.slug}.bib"'
    return response


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
    return render(request, "people/lab_detail.html", context)


def alumni_of(members: list) -> list:
    """The memberships that ended, the latest to leave first."""
    return sorted((m for m in members if not m.is_current), key=lambda m: (m.end, m.start), reverse=True)


def grouped_by_role(members: list) -> list[tuple[str, list]]:
    """(role label, members) in the order of Role, each group by display order then start."""
    order = {role.value: index for index, role in enumerate(Role)}
    members = sorted(
        members, key=lambda m: (order.get(m.role, len(order)), m.order, m.start, m.person.full_name)
    )
    return [(Role(role).label, list(rows)) for role, rows in groupby(members, key=lambda m: m.role)]
