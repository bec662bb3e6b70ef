"""Read queries on papers, shaped once for pages and the API."""

from collections import defaultdict
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.lookups import AnyOf
from core.names import reading_order
from papers.cache import row_marks, rows_from_cache, rows_to_cache
from papers.choices import CitationSource, LinkKind, PaperKind
from papers.export import PAPER_FIELDS, VENUE_FIELDS, ExportPaper
from papers.models import Authorship, CitationCount, Paper, PaperLink
from people.models import Lab, Membership, Person
from people.selectors import membership_list, stint_years
from venues.models import Venue, VenueEdition

# What neither a list nor an export shows: left out of their query. (updated_at is read: it is the
# version papers.cache keeps a paper's row under.)
NOT_SHOWN = (
    "provenance",
    "search_vector",
    "title_key",
    "abstract_key",
    "first_author_key",
    "created_at",
)


def paper_list() -> QuerySet[Paper]:
    """Papers with their venue; their authors and links: authors_and_links (to export: export_rows)."""
    return Paper.objects.select_related("venue_edition__venue").defer(*NOT_SHOWN)


def export_rows(papers: QuerySet[Paper]) -> list[ExportPaper]:
    """The papers in the queryset's order as the exports read them, in three queries whatever their
    number (the papers with their venue, their authors' names, their links) and no model instance:
    for a researcher's 3,000 papers, instances were most of an export's time (bench/bench_export.py)."""
    rows = list(papers.values_list(*PAPER_FIELDS, "venue_edition_id", *VENUE_FIELDS.values()))
    # The authors and links of the same papers by id, as one array: a subquery would run the papers'
    # filter again (a lab's thousands of ids, a page's OFFSET).
    ids = [row[0] for row in rows]
    authors = defaultdict(list)
    found = Authorship.objects.filter(AnyOf(F("paper_id"), ids)).order_by("paper_id", "position")
    for paper_id, name in found.values_list("paper_id", "name"):
        authors[paper_id].append(name)
    links = defaultdict(list)
    found = PaperLink.objects.filter(AnyOf(F("paper_id"), ids)).order_by("paper_id", "pk")
    for paper_id, kind, url in found.values_list("paper_id", "kind", "url"):
        links[paper_id].append((kind, url))
    own = len(PAPER_FIELDS)
    return [
        ExportPaper(
            *row[:own],
            row[own] is not None,
            *(value or "" for value in row[own + 1 :]),
            authors=authors[row[0]],
            links=links[row[0]],
        )
        for row in rows
    ]


def export_row(paper: Paper) -> ExportPaper:
    """A paper read by paper_detail (venue selected, authorships and links prefetched) as the row
    export_rows reads: its page shows its BibTeX without reading it again."""
    venue = paper.venue_edition.venue if paper.venue_edition_id else None
    return ExportPaper(
        *(getattr(paper, name) for name in PAPER_FIELDS),
        venue is not None,
        *(getattr(venue, name.removeprefix("venue_")) or "" if venue else "" for name in VENUE_FIELDS),
        authors=[row.name for row in paper.authorships.all()],  # prefetched in author order
        links=[(link.kind, link.url) for link in sorted(paper.links.all(), key=lambda link: link.pk)],
    )


def export_rows_of(paper_ids: list[int]) -> list[ExportPaper]:
    """export_rows of these papers, in this order: a page of the API, one paper."""
    by_id = {paper.pk: paper for paper in export_rows(Paper.objects.filter(pk__in=paper_ids).order_by())}
    return [by_id[pk] for pk in paper_ids if pk in by_id]


def has_code() -> Exists:
    """The paper has a code link, with its URL or not: a "[code]" label alone still means the code
    exists (an indexed test: paper_link_code_idx)."""
    return Exists(PaperLink.objects.filter(paper=OuterRef("pk"), kind=LinkKind.CODE))


def written_by(slug: str) -> Exists:
    """The paper has the person with this slug among its authors."""
    return Exists(Authorship.objects.filter(paper=OuterRef("pk"), person__slug=slug))


# A paper as the API shows it: its own columns and its venue's, one row per paper. A list reads them as
# rows (api_rows), a paper already read gives the same row (api_row); the venue's are None without one.
API_FIELDS = (
    "id",
    "slug",
    "title",
    "abstract",
    "year",
    "date",
    "kind",
    "authors_complete",
    "doi",
    "arxiv_id",
)
API_FIELDS += ("presentation", "honors", "categories", "citation_key", "citation_count", "external_ids")
API_VENUE_FIELDS = {
    "venue_slug": "venue_edition__venue__slug",
    "venue_acronym": "venue_edition__venue__acronym",
    "venue_name": "venue_edition__venue__name",
    "venue_year": "venue_edition__year",
}


def api_rows(papers: QuerySet[Paper]) -> QuerySet:
    """The papers as dicts of API_FIELDS and API_VENUE_FIELDS, in the queryset's order and with its
    filters: a page of 100 as model instances with their editions and venues took four times what
    these rows take (bench/RESULTS.md)."""
    venue = {name: F(path) for name, path in API_VENUE_FIELDS.items()}
    return papers.values(*API_FIELDS, **venue)


def api_row(paper: Paper) -> dict:
    """A paper read with its venue (paper_list) as api_rows gives it."""
    row = {name: getattr(paper, name) for name in API_FIELDS}
    edition = paper.venue_edition
    for name, path in API_VENUE_FIELDS.items():
        value = edition
        for step in path.split("__")[1:]:
            value = getattr(value, step) if value is not None else None
        row[name] = value
    return row


def authors_and_links(paper_ids: list[int]) -> tuple[dict[int, list], dict[int, list]]:
    """Authors and links of these papers as plain rows grouped by paper, as the API shows them.

    Rows instead of model instances: for a page of 100 papers that is most of the API's time
    (bench/bench_api.py).
    """
    authors = defaultdict(list)
    for paper_id, name, _, slug, position, _ in author_rows(paper_ids):
        authors[paper_id].append(
            {"name": reading_order(name), "credited_as": name, "person": slug, "position": position}
        )
    links = defaultdict(list)
    for paper_id, kind, url in link_rows(paper_ids):
        links[paper_id].append({"kind": kind, "url": url or None})  # null: the URL is unknown
    return authors, links


def author_rows(paper_ids: list[int]) -> list[tuple]:
    """(paper id, name as credited, person id, person slug, position, equal contribution), in author order.

    People's slugs are looked up by id rather than joined (bench/bench_api.py).
    """
    rows = Authorship.objects.filter(AnyOf(F("paper_id"), paper_ids)).order_by("paper_id", "position")
    rows = rows.values_list("paper_id", "name", "person_id", "position", "equal_contribution")
    rows = list(rows)
    people = Person.objects.filter(AnyOf(F("pk"), {row[2] for row in rows if row[2]}))
    slugs = dict(people.values_list("pk", "slug"))
    return [
        (paper, name, person, slugs.get(person), position, equal)
        for paper, name, person, position, equal in rows
    ]


def link_rows(paper_ids: list[int]) -> list[tuple]:
    """(paper id, kind, url) of the links of these papers shown on pages and in the API (links_shown)."""
    found = PaperLink.objects.filter(AnyOf(F("paper_id"), paper_ids)).filter(
        ~Q(url="") | Q(kind=LinkKind.CODE)
    )
    rows = list(found.order_by("kind", "url").values_list("paper_id", "kind", "url"))
    with_code_url = {paper_id for paper_id, kind, url in rows if kind == LinkKind.CODE and url}
    return [row for row in rows if row[2] or row[0] not in with_code_url]


def citation_rows(paper_ids: list[int]) -> dict[int, list[dict]]:
    """Each source's citation count of these papers, by paper, in source order: source, count,
    observed_on (a date). One row per source, never a sum: the sources count differently."""
    rows = CitationCount.objects.filter(AnyOf(F("paper_id"), paper_ids)).order_by("paper_id", "source")
    rows = rows.values_list("paper_id", "source", "count", "observed_on")
    counts = defaultdict(list)
    for paper_id, source, count, observed_on in rows:
        counts[paper_id].append({"source": source, "count": count, "observed_on": observed_on})
    return counts


def links_shown(links: Iterable[PaperLink]) -> list[PaperLink]:
    """The links with a URL, and a code link without one (its label alone says the code exists)
    unless the paper also has a code link with its URL. Other labels without a URL say nothing."""
    links = list(links)
    code_url = any(link.kind == LinkKind.CODE and link.url for link in links)
    return [link for link in links if link.url or (link.kind == LinkKind.CODE and not code_url)]


# Pages


# The order a paper's links are shown in on pages: the paper first, then code, then the rest.
LINK_ORDER = [kind.value for kind in LinkKind]
# The columns of a paper its row on a page shows (papers.templatetags.paper_rows), and its version
# for the row cache: a list page reads only these (`.only(*ROW_FIELDS)`). Decoding the other dozen,
# three of them JSON, was a tenth of the proceedings page's time at a hundred rows.
ROW_FIELDS = ("title", "slug", "abstract", "year", "kind", "venue_edition", "doi", "arxiv_id")
ROW_FIELDS += ("presentation", "honors", "authors_complete", "updated_at")


def paper_rows(
    papers: Iterable[Paper],
    *,
    owner_id: int | None = None,
    member_ids: Iterable[int] = (),
    citations: bool = False,
) -> list[Paper]:
    """The papers for a page list, each with `author_rows` and `link_rows`, read in three queries,
    and with `citations`, `citation_rows` (citation_rows_shown) in a fourth; and `row_parts` when
    the row cache is on (papers.cache): the rows it holds are not read, and none when it holds all.

    An author row: name (in reading order), credited_as (as the source wrote it), slug (or None),
    equal (equal contribution), mark: "self" for the owner of the page, "member" for the people of
    the owner's labs, "" otherwise.
    """
    papers = list(papers)
    members = set(member_ids)
    marks = row_marks(owner_id, members, citations)
    fresh = rows_from_cache(papers, marks)  # every paper when the cache is off
    ids = [paper.pk for paper in fresh]
    authors = defaultdict(list)
    for paper_id, name, person_id, slug, _, equal in author_rows(ids):
        mark = "self" if person_id and person_id == owner_id else "member" if person_id in members else ""
        authors[paper_id].append(
            {"name": reading_order(name), "credited_as": name, "slug": slug, "equal": equal, "mark": mark}
        )
    links = defaultdict(list)
    for paper_id, kind, url in link_rows(ids):
        links[paper_id].append({"kind": kind, "label": LinkKind(kind).label, "url": url})
    for paper in fresh:
        paper.author_rows = authors.get(paper.pk, [])
        paper.link_rows = sorted(links[paper.pk] + identifier_links(paper, links[paper.pk]), key=link_order)
    if citations:
        counts = citation_rows(ids)
        for paper in fresh:
            paper.citation_rows = citation_rows_shown(counts.get(paper.pk, []))
    rows_to_cache(fresh, marks)
    return papers


def citation_rows_shown(rows: list[dict]) -> list[dict]:
    """Citation rows of citation_rows with the source's name as pages show it: label."""
    labels = dict(CitationSource.choices)
    return [{**row, "label": labels.get(row["source"], row["source"])} for row in rows]


def identifier_links(paper: Paper, links: list[dict]) -> list[dict]:
    """Links to the DOI and arXiv pages of the paper, unless it has links of those kinds already."""
    kinds = {link["kind"] for link in links}
    found = []
    if paper.doi and LinkKind.DOI not in kinds:
        found.append({"kind": LinkKind.DOI.value, "label": "DOI", "url": f"https://doi.org/{paper.doi}"})
    if paper.arxiv_id and LinkKind.ARXIV not in kinds:
        url = f"https://arxiv.org/abs/{paper.arxiv_id}"
        found.append({"kind": LinkKind.ARXIV.value, "label": "arXiv", "url": url})
    return found


def link_order(link: dict) -> int:
    return LINK_ORDER.index(link["kind"])


def written_by_person(person_id: int) -> Exists:
    """The paper has this person among its authors (by id: a page knows the person already)."""
    return Exists(Authorship.objects.filter(paper=OuterRef("pk"), person_id=person_id))


def year_counts(papers: QuerySet[Paper]) -> dict[int, int]:
    """How many of these papers appeared each year (papers without a year left out)."""
    counted = papers.exclude(year=None).order_by().values("year").annotate(count=Count("pk"))
    return dict(counted.values_list("year", "count"))


# The venues a facet lists, most papers first: the rest are the long tail of a broad search.
FACET_VENUES = 20


def facet_counts(papers: QuerySet[Paper]) -> dict[str, list[dict]]:
    """How many of these papers (a search's results) there are of each year, venue and kind: one
    GROUP BY each, whatever the number of values. years: {year, count} newest first; venues:
    {slug, acronym, count} most papers first (FACET_VENUES of them); kinds: {kind, label, count}."""
    found = Paper.objects.filter(pk__in=papers.order_by().values("pk")).order_by()
    years = found.exclude(year=None).values("year").annotate(count=Count("pk")).order_by("-year")
    venues = found.exclude(venue_edition=None).values_list(
        "venue_edition__venue__slug", "venue_edition__venue__acronym"
    )
    venues = venues.annotate(count=Count("pk")).order_by("-count", "venue_edition__venue__acronym")
    labels = dict(PaperKind.choices)
    kinds = found.values("kind").annotate(count=Count("pk")).order_by("-count", "kind")
    return {
        "years": list(years),
        "venues": [
            {"slug": slug, "acronym": acronym, "count": count}
            for slug, acronym, count in venues[:FACET_VENUES]
        ],
        "kinds": [{**row, "label": labels.get(row["kind"], row["kind"])} for row in kinds],
    }


def coauthor_counts(person_id: int, shown: int) -> tuple[list[dict], int]:
    """The first `shown` people who wrote with this person, most papers together first (ties by
    name), as slug, name and count; and how many co-authors there are in all.

    The papers together are counted per person id on the authorships alone (the person's papers
    as a semi-join, no join to papers or people: 101 to 40 ms for 3,000 papers at a million), then
    only the people who can be shown are read by name."""
    mine = Authorship.objects.filter(person_id=person_id).values("paper_id")
    together = Authorship.objects.filter(paper_id__in=mine, person_id__isnull=False)
    together = together.exclude(person_id=person_id).values("person_id")
    counts = dict(together.annotate(count=Count("paper_id", distinct=True)).values_list("person_id", "count"))
    if not counts or shown < 1:
        return [], len(counts)
    least_shown = sorted(counts.values(), reverse=True)[:shown][-1]
    candidates = [pk for pk, count in counts.items() if count >= least_shown]
    people = Person.objects.filter(pk__in=candidates).order_by("full_name")
    people = people.values_list("pk", "slug", "full_name")
    rows = [{"slug": slug, "name": name, "count": counts[pk]} for pk, slug, name in people]
    rows.sort(key=lambda row: -row["count"])  # stable: ties keep the database's order of names
    return rows[:shown], len(counts)


def paper_detail() -> QuerySet[Paper]:
    """A paper with its venue, ordered authorships (and their people), links and citation counts."""
    return Paper.objects.select_related("venue_edition__venue").prefetch_related(
        Prefetch("authorships", queryset=Authorship.objects.select_related("person").order_by("position")),
        Prefetch("links", queryset=PaperLink.objects.order_by("kind", "url")),
        Prefetch("citation_counts", queryset=CitationCount.objects.order_by("source")),
    )


def venues_of(papers: QuerySet[Paper]) -> QuerySet[Venue]:
    """The venues these papers appeared at, by acronym: the choices of a venue filter."""
    return (
        Venue.objects.filter(editions__papers__in=papers.order_by().values("pk"))
        .distinct()
        .order_by("acronym")
    )


def edition_papers(edition: VenueEdition) -> QuerySet[Paper]:
    """An edition's proceedings in a stable order a reader can scan: its page and its files. (Its rows
    on the page take the edition they already have: no join.)"""
    return paper_list().select_related(None).filter(venue_edition=edition).order_by("title", "pk")


def lab_papers(lab: Lab) -> QuerySet[Paper]:
    """Papers written while in the lab: an author was a member in the paper's year.

    The ids are read once, here (lab_paper_ids): the page's list, its count, its years and its
    venues then look papers up by id instead of each testing every paper against the memberships.
    """
    return paper_list().filter(AnyOf(F("pk"), lab_paper_ids(lab)))


def lab_paper_ids(lab: Lab) -> list[int]:
    """Ids of the papers written while in the lab, from its members' authorships in their stints'
    years: read from the memberships down (two queries), never by testing every paper."""
    stints = stint_years(Membership.objects.filter(lab=lab)).values_list(
        "person_id", "first_year", "last_year"
    )
    in_stint = [
        Q(person_id=person_id, paper__year__gte=first, paper__year__lte=last)
        for person_id, first, last in stints
    ]
    if not in_stint:
        return []
    found = Authorship.objects.filter(reduce(or_, in_stint)).values_list("paper_id", flat=True)
    return sorted(set(found))


def lab_members(lab: Lab) -> QuerySet[Membership]:
    """A lab's memberships with what a member row shows and `paper_count`: papers while in the lab."""
    written = Authorship.objects.filter(
        person_id=OuterRef("person_id"),
        paper__year__gte=OuterRef("first_year"),
        paper__year__lte=OuterRef("last_year"),
    )
    written = written.order_by().values("person_id").annotate(count=Count("pk")).values("count")
    return stint_years(membership_list(lab)).annotate(paper_count=Coalesce(Subquery(written), 0))
