"""Writes on papers."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from core.keys import abstract_key, title_key
from core.names import family_key
from papers.models import Authorship, Paper, PaperLink
from people.models import Person


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
    paper = Paper(title=title, title_key=title_key(title), slug=slugify(title)[:120], **fields)
    paper.abstract_key = abstract_key(paper.abstract)
    paper.first_author_key = family_key(authors[0].name)[:100] if authors else ""
    paper.full_clean()
    paper.save()
    Authorship.objects.bulk_create(
        Authorship(
            paper=paper,
            person=author.person,
            position=position,
            name=author.name,
            family_key=family_key(author.name),
            equal_contribution=author.equal_contribution,
            corresponding=author.corresponding,
        )
        for position, author in enumerate(authors, start=1)
    )
    PaperLink.objects.bulk_create(PaperLink(paper=paper, kind=kind, url=url) for kind, url in links)
    return paper


EDITABLE_FIELDS = ("title", "abstract", "year", "kind", "doi", "arxiv_id", "presentation", "citation_count")


@transaction.atomic
def paper_update(*, paper: Paper, **fields) -> Paper:
    """Change fields a person typed: they lose their ingestion provenance, so ingestion keeps them."""
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} cannot be edited here")
        setattr(paper, name, value)
        paper.provenance.pop(name, None)
    paper.title_key = title_key(paper.title)
    paper.abstract_key = abstract_key(paper.abstract)
    paper.full_clean()
    paper.save()
    return paper
