"""The papers endpoints: list, detail and export (BibTeX, CSL-JSON), and writes for scripts."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from papers.api.renderers import BibTeXRenderer, CSLJSONRenderer
from papers.api.serializers import PaperSerializer, PaperWriteSerializer
from papers.export import paper_csl, papers_bibtex, papers_csl
from papers.filters import PaperFilter
from papers.selectors import NOT_LISTED, authors_and_links, paper_list
from papers.services import AuthorInput, paper_create, paper_update
from venues.models import Venue
from venues.services import venue_edition_get_or_create

RENDERERS = [JSONRenderer, BrowsableAPIRenderer, BibTeXRenderer, CSLJSONRenderer]
ORDERING = ["year", "title", "citation_count", "created_at"]
CSL_ITEM = {"type": "object", "additionalProperties": True, "description": "A CSL-JSON item."}
# What each format answers: JSON (the serializer, paginated for lists), BibTeX text, CSL-JSON.
LIST_RESPONSES = {
    (200, "application/json"): PaperSerializer(many=True),
    (200, "application/x-bibtex"): OpenApiTypes.STR,
    (200, "application/vnd.citationstyles.csl+json"): {"type": "array", "items": CSL_ITEM},
}
DETAIL_RESPONSES = {
    (200, "application/json"): PaperSerializer,
    (200, "application/x-bibtex"): OpenApiTypes.STR,
    (200, "application/vnd.citationstyles.csl+json"): CSL_ITEM,
}


class ExportMixin:
    """Answers in BibTeX or CSL-JSON when asked (`?format=bibtex`, an Accept header)."""

    renderer_classes = RENDERERS

    def exported(self, papers, one: bool = False) -> Response | None:
        fmt = self.request.accepted_renderer.format
        if fmt == "bibtex":
            # An empty body would go out without a Content-Type: say that nothing matched.
            return Response(papers_bibtex(papers) or "% No papers match.\n")
        if fmt == "csl":
            return Response(paper_csl(papers[0]) if one else papers_csl(papers))
        return None

    def list_or_export(self, queryset) -> Response:
        if self.request.accepted_renderer.format in ("bibtex", "csl"):
            return self.exported(self.paginate_queryset(self.filter_queryset(queryset)))
        page = self.paginate_queryset(
            self.filter_queryset(queryset.prefetch_related(None).defer(*NOT_LISTED))
        )
        authors, links = authors_and_links([paper.pk for paper in page])
        context = {**self.get_serializer_context(), "authors": authors, "links": links}
        return self.get_paginated_response(self.get_serializer(page, many=True, context=context).data)


class PaperViewSet(
    ExportMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Papers, merged from every listing; filter, search, order, export."""

    queryset = paper_list()
    serializer_class = PaperSerializer
    filterset_class = PaperFilter
    ordering_fields = ORDERING

    @extend_schema(responses=LIST_RESPONSES)
    def list(self, request, *args, **kwargs):
        return self.list_or_export(self.get_queryset())

    @extend_schema(responses=DETAIL_RESPONSES)
    def retrieve(self, request, *args, **kwargs):
        paper = self.get_object()
        return self.exported([paper], one=True) or Response(self.get_serializer(paper).data)

    @extend_schema(request=PaperWriteSerializer, responses={201: PaperSerializer})
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
        authors = [AuthorInput(name=name) for name in data.pop("authors")]
        links = [(link["kind"], link["url"]) for link in data.pop("links", [])]
        paper = paper_create(authors=authors, links=links, **data)
        return Response(
            self.get_serializer(paper_list().get(pk=paper.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=PaperWriteSerializer(partial=True), responses={200: PaperSerializer})
    def partial_update(self, request, *args, **kwargs):
        paper = self.get_object()
        given = PaperWriteSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        editable = {k: v for k, v in given.validated_data.items() if k not in ("authors", "links", "venue")}
        paper_update(paper=paper, **editable)
        return Response(self.get_serializer(paper_list().get(pk=paper.pk)).data)
