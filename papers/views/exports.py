"""Files of papers for reference managers and scripts: a person's, a lab's, an edition's or one paper's,
as BibTeX, RIS or CSL-JSON.

A list's file holds the papers its page lists, with the same filters (`?year=2024&kind=journal`), in
the same order. The papers are read as rows in a constant number of queries (export_rows); a large
file is streamed as it is written, a small one goes out whole with its length.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from papers import export, export_csl, export_ris
from papers.models import Paper
from papers.selectors import (
    edition_papers,
    export_rows,
    export_rows_of,
    lab_papers,
    paper_list,
    written_by_person,
)
from papers.views.papers import list_filter
from people.models import Lab, Person
from people.views import moved_or_404
from venues.models import VenueEdition


@dataclass(frozen=True)
class FileFormat:
    label: str
    pieces: Callable[[Iterable[export.ExportPaper]], Iterator[str]]
    media_type: str
    empty: str  # what a file without papers says: an empty body would go out without a type


# By file suffix; papers.urls takes its route's pattern from these keys.
FILE_FORMATS = {
    "bib": FileFormat("BibTeX", export.bibtex_pieces, export.MEDIA_TYPE, "% No papers.\n"),
    "ris": FileFormat("RIS", export_ris.ris_pieces, export_ris.MEDIA_TYPE, "% No papers.\r\n"),
    "json": FileFormat("CSL-JSON", export_csl.csl_pieces, export_csl.MEDIA_TYPE, "[]"),
}


def file_links(route: str, filter_values: QueryDict, **kwargs) -> list[dict]:
    """A list page's files, one per format, with the list's filters: {label, url, base}. (The base is
    the file without them, for the script that filters the list in place.)"""
    query = filter_values.urlencode()
    links = []
    for suffix, file_format in FILE_FORMATS.items():
        base = reverse(route, kwargs={**kwargs, "suffix": suffix})
        links.append({"label": file_format.label, "url": f"{base}?{query}" if query else base, "base": base})
    return links


def file_response(rows: list[export.ExportPaper], suffix: str, name: str) -> HttpResponse:
    """The papers as a file: streamed when they are more than one piece, whole otherwise."""
    file_format = FILE_FORMATS[suffix]
    content_type = f"{file_format.media_type}; charset=utf-8"
    if not rows:
        response = HttpResponse(file_format.empty, content_type=content_type)
    elif len(rows) > export.CHUNK:
        response = StreamingHttpResponse(export.chunked(file_format.pieces(rows)), content_type=content_type)
    else:
        response = HttpResponse("".join(file_format.pieces(rows)), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}.{suffix}"'
    return response


def list_file(request: HttpRequest, papers: QuerySet[Paper], suffix: str, name: str) -> HttpResponse:
    """The papers a list shows, its filters applied, as a file."""
    return file_response(export_rows(list_filter(request, papers)[0].qs), suffix, name)


def person_file(request: HttpRequest, slug: str, suffix: str) -> HttpResponse:
    person = Person.objects.filter(slug=slug).only("pk", "slug").first()
    if person is None:
        return moved_or_404(request, slug)
    return list_file(request, paper_list().filter(written_by_person(person.pk)), suffix, person.slug)


def lab_file(request: HttpRequest, slug: str, suffix: str) -> HttpResponse:
    lab = get_object_or_404(Lab, slug=slug)
    return list_file(request, lab_papers(lab), suffix, lab.slug)


def edition_file(request: HttpRequest, slug: str, year: int, suffix: str) -> HttpResponse:
    edition = get_object_or_404(VenueEdition, venue__slug=slug, year=year)
    return list_file(request, edition_papers(edition), suffix, f"{slug}-{year}")


def paper_file(request: HttpRequest, pk: int, suffix: str) -> HttpResponse:
    rows = export_rows_of([pk])
    if not rows:
        raise Http404(f"No paper {pk}.")
    return file_response(rows, suffix, f"paper-{pk}")
