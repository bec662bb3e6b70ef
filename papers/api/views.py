"""The papers endpoints: list, detail, exports (BibTeX, CSL-JSON, RIS), writes for scripts; a person's
papers."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from core.api import ConflictError
from core.schema import ErrorSerializer
from papers.api.renderers import BibTeXRenderer, CSLJSONRenderer, RISRenderer
from papers.api.serializers import PaperPatchSerializer, PaperSerializer, PaperWriteSerializer
from papers.export import papers_bibtex
from papers.export_csl import CSL_ITEM_SCHEMA, paper_csl, papers_csl
from papers.export_ris import papers_ris
from papers.filters import PaperFilter
from papers.models import Paper
from papers.selectors import (
    api_row,
    api_rows,
    authors_and_links,
    citation_rows,
    export_rows_of,
    facet_counts,
    paper_list,
    written_by,
)
from papers.services import AuthorInput, paper_create, paper_update
from people.models import Person
from people.views import moved_or_404
from venues.models import Venue
from venues.services import venue_edition_get_or_create

RENDERERS = [JSONRenderer, BrowsableAPIRenderer, BibTeXRenderer, CSLJSONRenderer, RISRenderer]
EXPORTS = (BibTeXRenderer.format, CSLJSONRenderer.format, RISRenderer.format)
ORDERING = ["year", "title", "citation_count", "created_at"]
# What each format answers: JSON (the serializer, paginated for lists), BibTeX text, CSL-JSON, RIS text.
LIST_RESPONSES = {
    (200, "application/json"): PaperSerializer(many=True),
    (200, BibTeXRenderer.media_type): OpenApiTypes.STR,
    (200, CSLJSONRenderer.media_type): {"type": "array", "items": CSL_ITEM_SCHEMA},
    (200, RISRenderer.media_type): OpenApiTypes.STR,
}
DETAIL_RESPONSES = {
    (200, "application/json"): PaperSerializer,
    (200, BibTeXRenderer.media_type): OpenApiTypes.STR,
    (200, CSLJSONRenderer.media_type): CSL_ITEM_SCHEMA,
    (200, RISRenderer.media_type): OpenApiTypes.STR,
}


class YearCount(serializers.Serializer):
    year = serializers.IntegerField()
    count = serializers.IntegerField()


class VenueCount(serializers.Serializer):
    slug = serializers.CharField()
    acronym = serializers.CharField()
    count = serializers.IntegerField()


class KindCount(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    """The schema of papers/facets/ (papers.selectors.facet_counts)."""

    years = YearCount(many=True)
    venues = VenueCount(many=True)
    kinds = KindCount(many=True)


class ExportMixin:
    """Papers as JSON, or in BibTeX, CSL-JSON or RIS when asked (`?format=ris`, an Accept header)."""

    renderer_classes = RENDERERS

    @property
    def exporting(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer is not None and renderer.format in EXPORTS

    def get_queryset(self):
        # An export reads the papers it is given as rows (export_rows_of): here it needs their ids.
        papers = super().get_queryset()
        return papers.select_related(None).only("pk") if self.exporting else papers

    def exported(self, found: list[Paper], one: bool = False) -> Response:
        papers = export_rows_of([paper.pk for paper in found])
        if self.request.accepted_renderer.format == BibTeXRenderer.format:
            # An empty body would go out without a Content-Type: say that nothing matched (RIS too,
            # in the line its renderer writes a message in).
            return Response(papers_bibtex(papers) or "% No papers match.\n")
        if self.request.accepted_renderer.format == RISRenderer.format:
            return Response(papers_ris(papers) or "% No papers match.\r\n")
        return Response(paper_csl(papers[0]) if one else papers_csl(papers))

    def shown(self, papers: list[dict], many: bool = True):
        """The papers' rows (api_rows) as JSON, their authors, links and citation counts read for all of
        them at once."""
        ids = [paper["id"] for paper in papers]
        authors, links = authors_and_links(ids)
        context = {**self.get_serializer_context(), "authors": authors, "links": links}
        context["citations"] = citation_rows(ids)
        return self.get_serializer(papers if many else papers[0], many=many, context=context).data

    def list_or_export(self, queryset) -> Response:
        found = self.filter_queryset(queryset)
        if self.exporting:
            return self.exported(self.paginate_queryset(found))
        return self.get_paginated_response(self.shown(self.paginate_queryset(api_rows(found))))


class PaperViewSet(
    ExportMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Papers, merged from every listing; filter, search, order, export."""

    queryset = paper_list()
    serializer_class = PaperSerializer
    filterset_class = PaperFilter
    ordering_fields = ORDERING

    def get_renderers(self):
        # A write answers with the paper as JSON: the export formats are for reading.
        if self.action in ("create", "partial_update", "destroy"):
            return [JSONRenderer(), BrowsableAPIRenderer()]
        return super().get_renderers()

    @extend_schema(responses=LIST_RESPONSES)
    def list(self, request, *args, **kwargs):
        return self.list_or_export(self.get_queryset())

    @extend_schema(responses=DETAIL_RESPONSES)
    def retrieve(self, request, *args, **kwargs):
        paper = self.get_object()
        return (
            self.exported([paper], one=True)
            if self.exporting
            else Response(self.shown([api_row(paper)], many=False))
        )

    @extend_schema(responses=FacetsSerializer, filters=True)
    @action(detail=False, renderer_classes=[JSONRenderer, BrowsableAPIRenderer], pagination_class=None)
    def facets(self, request, *args, **kwargs):
        """How many of the papers the filters (a search, `q`, among them) find are of each year,
        venue and kind."""
        return Response(facet_counts(self.filter_queryset(paper_list())))

    @extend_schema(request=PaperWriteSerializer, responses={201: PaperSerializer, 409: ErrorSerializer})
    def create(self, request, *args, **kwargs):
        given = PaperWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        venue_slug = data.pop("venue", None)
        if venue_slug:
            venue = get_object_or_404(Venue, slug=venue_slug)
            if not data.get("year"):
                return Response({"detail": "A venue needs a year."}, status=status.HTTP_400_BAD_REQUEST)
            data["venue_edition"] = venue_edition_get_or_create(venue=venue, year=data["year"])
        identifiers_free(data)
        authors = [AuthorInput(name=name) for name in data.pop("authors")]
        links = [(link["kind"], link["url"]) for link in data.pop("links", [])]
        paper = paper_create(authors=authors, links=links, **data)
        return Response(
            self.shown([api_row(paper_list().get(pk=paper.pk))], many=False), status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=PaperPatchSerializer(partial=True), responses={200: PaperSerializer, 409: ErrorSerializer}
    )
    def partial_update(self, request, *args, **kwargs):
        paper = self.get_object()
        given = PaperPatchSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        editable = dict(given.validated_data)
        identifiers_free(editable, paper.pk)
        paper_update(paper=paper, **editable)
        return Response(self.shown([api_row(paper_list().get(pk=paper.pk))], many=False))


def identifiers_free(fields: dict, pk: int | None = None) -> None:
    """A DOI or arXiv id that another paper holds is a 409 that names that paper."""
    for name in ("doi", "arxiv_id"):
        value = fields.get(name)
        if not value:
            continue
        holder = Paper.objects.filter(**{name: value}).exclude(pk=pk).values_list("pk", flat=True).first()
        if holder is not None:
            raise ConflictError(f"Paper {holder} has this {name}: /api/v1/papers/{holder}/.")


class PersonPaperViewSet(ExportMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """What one person wrote: the papers list, its filters and exports, for one author."""

    queryset = paper_list()
    serializer_class = PaperSerializer
    filterset_class = PaperFilter
    ordering_fields = ORDERING
    ordering = ["-year", "title"]

    @extend_schema(responses=LIST_RESPONSES)
    def list(self, request, *args, **kwargs):
        slug = self.kwargs["person_slug"]
        if not Person.objects.filter(slug=slug).exists():
            return moved_or_404(request, slug)
        return self.list_or_export(self.get_queryset().filter(written_by(slug)))
