"""The ingestion endpoints: post a listing (answered 202 with its run), follow runs, resolve review items."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api import ChangePermission, ModelPermissions, PayloadTooLarge, UnsupportedFormat
from core.schema import ErrorSerializer
from ingest.api.errors import api_error
from ingest.api.serializers import (
    RUN_CREATE_BODIES,
    ResolveSerializer,
    ReviewItemSerializer,
    RunCreateSerializer,
    RunDetailSerializer,
    RunSerializer,
)
from ingest.choices import Trigger
from ingest.filters import ReviewItemFilter, RunFilter
from ingest.formats import Format
from ingest.models import ReviewItem
from ingest.review import ReviewError, review_resolve
from ingest.selectors import lab_review_items, lab_runs, run_list, seen_by
from ingest.submit import InputTooLarge, OwnerError, UnknownFormat, format_check, run_submit


class RunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Ingestion runs: POST a listing to ingest, then GET the run for its status, counts and errors."""

    queryset = run_list()
    serializer_class = RunSerializer
    filterset_class = RunFilter
    permission_classes = [ModelPermissions]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    ordering_fields = ["created_at", "finished_at"]
    ordering = ["-created_at"]

    def get_queryset(self):
        runs = seen_by(self.request.user, super().get_queryset(), lab_runs)
        # A run keeps up to 500 unread lines: only its own page shows them.
        return runs if self.action == "retrieve" else runs.defer("unread")

    def get_serializer_class(self):
        return RunDetailSerializer if self.action == "retrieve" else RunSerializer

    @extend_schema(request=RUN_CREATE_BODIES, responses={202: RunSerializer, 404: ErrorSerializer})
    def create(self, request, *args, **kwargs):
        given = RunCreateSerializer(data=request.data)
        if isinstance(request.data, dict):  # else the serializer says what it expected
            try:
                format_check(request.data.get("format", Format.AUTO))
            except UnknownFormat as error:
                raise UnsupportedFormat(str(error)) from error
        given.is_valid(raise_exception=True)
        data = given.validated_data
        upload = data.get("file")
        try:
            run = run_submit(
                data=upload.read() if upload else data["text"].encode(),
                input_name=upload.name if upload else "api text",
                format=data["format"],
                owner=data.get("owner", ""),
                lab=data.get("lab", ""),
                observed_at=data.get("observed_at") or timezone.localdate(),
                trigger=Trigger.API,
                user=request.user,
            )
        except InputTooLarge as error:
            raise PayloadTooLarge(str(error)) from error
        except OwnerError as error:
            raise api_error(error, "owner") from error
        return Response(self.get_serializer(run_list().get(pk=run.pk)).data, status=status.HTTP_202_ACCEPTED)


class ReviewItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Questions ingestion left to a person; open ones by default (`status=`)."""

    queryset = ReviewItem.objects.select_related("run", "paper", "person", "venue", "lab")
    serializer_class = ReviewItemSerializer
    filterset_class = ReviewItemFilter
    permission_classes = [ModelPermissions]
    ordering_fields = ["created_at", "kind"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return seen_by(self.request.user, super().get_queryset(), lab_review_items)

    def filter_queryset(self, queryset):
        # Filters (open items by default) choose a list; an item is found whatever its status.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(request=ResolveSerializer, responses={200: ReviewItemSerializer, 409: ErrorSerializer})
    @action(detail=True, methods=["post"], permission_classes=[ChangePermission])
    def resolve(self, request, pk=None):
        """Accept or reject: the decision is applied (a merge, a link, a venue verified...)."""
        item = self.get_object()
        given = ResolveSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            item = review_resolve(item=item, user=request.user, **given.validated_data)
        except ReviewError as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return Response(self.get_serializer(item).data)
