"""People pages: the list of people, a merged person's old address, and what a researcher's and a
lab's pages show of people (papers.views.people shows those pages, with their papers)."""

from itertools import groupby
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render

from core.counts import EstimatingPaginator
from core.pages import query_without_page
from people.choices import EntryKind, Role
from people.filters import PersonFilter
from people.models import Person
from people.selectors import lab_list, latest_metrics, led_lab_members, merged_into, person_list

PEOPLE_PER_PAGE = 50
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


def person_list_page(request: HttpRequest) -> HttpResponse:
    """Everyone known here, searchable by name or alias and by lab."""
    filters = PersonFilter(request.GET, queryset=person_list().order_by("family_name", "full_name", "pk"))
    page = EstimatingPaginator(filters.qs, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
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


def person_context(person: Person) -> dict:
    """What a researcher's page shows of them besides papers, from the prefetch of person_page."""
    return {
        "person": person,
        "other_names": [alias.name for alias in person.aliases.all() if alias.name != person.full_name],
        "identifiers": identifier_links(person),
        "metrics": latest_metrics(person),
        "entries": entries_by_kind(person),
        "group": led_members(person),
    }


# Each identifier's source, the Person field holding it, its page there ({} for the id, quoted
# but for the characters given: a DBLP pid has a "/": "35/7092-1").
IDENTIFIER_PAGES = [
    ("ORCID", "orcid", "https://orcid.org/{}", ""),
    ("DBLP", "dblp_pid", "https://dblp.org/pid/{}.html", "/"),
    ("OpenAlex", "openalex_id", "https://openalex.org/authors/{}", ""),
    ("Semantic Scholar", "s2_id", "https://www.semanticscholar.org/author/{}", ""),
    ("Google Scholar", "scholar_id", "https://scholar.google.com/citations?user={}", ""),
]


def identifier_links(person: Person) -> list[dict]:
    """The person's identifiers as the page lists them: label, text and url (None: no page known)."""
    links = []
    for label, field, page, safe in IDENTIFIER_PAGES:
        value = getattr(person, field)
        # DBLP's name says which homonym it is ("Wei Wang 0001"); only its pid has an address.
        text = (person.dblp_name or value) if field == "dblp_pid" else value
        if text:
            url = page.format(quote(value, safe=safe)) if value else None
            links.append({"label": label, "text": text, "url": url})
    return links


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
