"""Writes on papers, and the one rule for the columns derived from a paper's own fields."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.text import slugify

from core.fields import cut_to_field
from core.keys import abstract_key, title_key
from core.names import family_key
from core.provenance import note_run, run_source, typed_by_hand
from papers.cache import papers_changed
from papers.models import Authorship, CitationCount, Paper, PaperLink
from people.models import Person

# Derived keys ---------------------------------------------------------------------
# Every writer (these services, the admin, ingestion's bulk writer) derives them here, so a
# paper has the same keys however it came in.


def author_family_key(name: str) -> str:
    """An author's folded family name as Authorship.family_key stores it: "Sun, Qianru" -> "sun"."""
    return cut_to_field(Authorship, "family_key", family_key(name))


def paper_slug(title: str) -> str:
    """A new paper's slug: its title slugified, cut to the field (the id identifies the paper)."""
    return cut_to_field(Paper, "slug", slugify(title))


def paper_keys(*, title: str, abstract: str, first_author: str) -> dict[str, str]:
    """The columns derived from a paper's title, abstract and first author's name, cut to their fields."""
    return {
        "title_key": cut_to_field(Paper, "title_key", title_key(title)),
        "abstract_key": cut_to_field(Paper, "abstract_key", abstract_key(abstract)),
        "first_author_key": cut_to_field(Paper, "first_author_key", family_key(first_author)),
    }


def set_paper_keys(paper: Paper, first_author: str | None = None) -> None:
    """Fill the paper's derived columns from its own fields; a new paper without a slug gets one.

    first_author: the name of the author at position 1 ("" for none); None keeps the key as it is.
    """
    keys = paper_keys(title=paper.title, abstract=paper.abstract, first_author=first_author or "")
    if first_author is None:
        del keys["first_author_key"]
    for name, value in keys.items():
        setattr(paper, name, value)
    if paper.pk is None and not paper.slug:
        paper.slug = paper_slug(paper.title)


def set_authorship_keys(authorship: Authorship) -> None:
    """Fill the authorship's family key from its name."""
    authorship.family_key = author_family_key(authorship.name)


# Writes -------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorInput:
    """An author as a source wrote them, and the person when known."""

    name: str
    person: Person | None = None
    equal_contribution: bool = False
    corresponding: bool = False


@transaction.atomic
def paper_create(
    *,
    title: str,
    authors: list[AuthorInput],
    links: list[tuple[str, str]] = (),
    **fields,
) -> Paper:
    """A new paper with its ordered authors and its links (kind, url)."""
    paper = Paper(title=title, **fields)
    set_paper_keys(paper, authors[0].name if authors else "")
    paper.full_clean()
    paper.save()
    Authorship.objects.bulk_create(
        Authorship(
            paper=paper,
            person=author.person,
            position=position,
            name=author.name,
            family_key=author_family_key(author.name),
            equal_contribution=author.equal_contribution,
            corresponding=author.corresponding,
        )
        for position, author in enumerate(authors, start=1)
    )
    # A link given twice is one link (the table holds each kind and URL once per paper).
    links = dict.fromkeys(links)
    PaperLink.objects.bulk_create(PaperLink(paper=paper, kind=kind, url=url) for kind, url in links)
    return paper


EDITABLE_FIELDS = ("title", "abstract", "year", "kind", "doi", "arxiv_id", "presentation", "citation_count")


@transaction.atomic
def paper_update(*, paper: Paper, **fields) -> Paper:
    """Change fields a person typed: they lose their ingestion provenance, so ingestion keeps them.

    The paper is read again under a row lock: two writers changing two fields of one paper at once
    both keep their change (each saves the whole row, its provenance included)."""
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValueError(f"{', '.join(unknown)} cannot be edited here")
    paper = Paper.objects.select_for_update().get(pk=paper.pk)  # held until the transaction ends
    for name, value in fields.items():
        setattr(paper, name, value)
    typed_by_hand(paper, fields)
    set_paper_keys(paper)
    paper.full_clean()
    paper.save()
    return paper


def paper_authors_saved(*, paper: Paper, typed: bool) -> None:
    """After a person saved the paper's authorships (the admin): the first author's key follows
    the stored list, and a list changed by hand outranks every listing."""
    first = paper.authorships.order_by("position").values_list("name", flat=True).first()
    before = paper.first_author_key
    set_paper_keys(paper, first or "")
    changed = ["first_author_key"] if paper.first_author_key != before else []
    if typed and "authors" in paper.provenance:
        typed_by_hand(paper, ["authors"])
        changed.append("provenance")
    if changed:
        paper.save(update_fields=changed)


def paper_abstract_offer(*, paper: Paper, text: str, run_id: int | None, rank: int) -> bool:
    """The paper takes the abstract if it is longer than its own (ingest.merge's rule); True if it did."""
    if (len(text), text) <= (len(paper.abstract), paper.abstract):
        return False
    paper.abstract = text
    set_paper_keys(paper)
    paper.provenance["abstract"] = run_source(run_id, rank)
    note_run(paper.provenance, run_id)
    paper.save(update_fields=["abstract", "abstract_key", "provenance", "updated_at"])
    return True


def citation_counts_record(*, counts: dict[tuple[int, str], int], observed_on: date) -> set[int]:
    """Store the counts sources reported for papers ({(paper id, source): count}) on a day; the
    papers whose counts changed.

    One row per paper and source holds its latest report: an older day never replaces a newer
    one, and on the same day the higher count stands, so any order of reports gives one result.
    A count that did not change keeps the day it was first reported.
    """
    if not counts:
        return set()
    stored = {
        (row.paper_id, row.source): row
        for row in CitationCount.objects.filter(paper_id__in={pk for pk, _ in counts})
    }
    new, changed = [], []
    for (paper_id, source), count in sorted(counts.items()):
        row = stored.get((paper_id, source))
        if row is None:
            new.append(CitationCount(paper_id=paper_id, source=source, count=count, observed_on=observed_on))
        elif row.count != count and (observed_on, count) > (row.observed_on, row.count):
            row.count, row.observed_on = count, observed_on
            changed.append(row)
    CitationCount.objects.bulk_create(new)
    CitationCount.objects.bulk_update(changed, ["count", "observed_on"])
    moved = {row.paper_id for row in (*new, *changed)}
    papers_changed(moved)  # a profile's rows show the counts
    return moved


def authorship_person_set(*, authorship: Authorship, person: Person) -> None:
    """The author is this person (a review's decision): the paper's rows now link to them."""
    authorship.person = person
    authorship.save(update_fields=["person"])
    papers_changed([authorship.paper_id])
