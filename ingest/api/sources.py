"""Followed sources: a script follows a person's ORCID iD, DBLP pid, OpenAlex or Semantic Scholar
id (or an arXiv query) and harvests it now or lets beat refresh it."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import ChangePermission, ModelPermissions, StrictJSONSerializer
from core.schema import ErrorSerializer
from ingest.api.errors import api_error
from ingest.api.serializers import RunSerializer
from ingest.choices import SourceKind, Trigger
from ingest.models import Source
from ingest.selectors import lab_sources, run_list, seen_by
from ingest.submit import OwnerError
from ingest.submit.follow import FOLLOWED, source_follow
from ingest.submit.owners import lab_by_slug, owner_for
from ingest.submit.sources import source_run_submit


class SourceSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    lab = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = serializers.CharField(read_only=True, help_text="The page harvested; blank for an identifier.")

    class Meta:
        model = Source
        fields = ["id", "name", "kind", "identifier", "url", "format", "owner", "lab", "enabled", "enrich"]
        fields += ["refresh_interval", "last_fetched_at", "created_at"]
        read_only_fields = fields


class FollowSerializer(StrictJSONSerializer):
    """Someone to follow: an identifier of a kind, and whose it is."""

    kind = serializers.ChoiceField(choices=[(kind.value, kind.label) for kind in FOLLOWED])
    identifier = serializers.CharField(
        max_length=300, help_text="0000-0002-1825-0097, 35/7092-1, A5023888391..."
    )
    owner = serializers.CharField(required=False, allow_blank=True, help_text="A person's slug or name.")
    lab = serializers.SlugField(required=False, allow_blank=True)
    enrich = serializers.BooleanField(default=True, help_text="Complete the papers from Crossref.")
    harvest = serializers.BooleanField(default=True, help_text="Harvest now (else at the next refresh).")


class SourceViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Sources followed: POST kind and identifier (and owner) to follow and harvest someone."""

    queryset = Source.objects.select_related("owner", "lab").order_by("pk")
    serializer_class = SourceSerializer
    permission_classes = [ModelPermissions]
    ordering_fields = ["created_at", "last_fetched_at", "name", "kind"]

    def get_queryset(self):
        return seen_by(self.request.user, super().get_queryset(), lab_sources)

    @extend_schema(
        request=FollowSerializer,
        responses={201: SourceSerializer, 200: SourceSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
    )
    def create(self, request, *args, **kwargs):
        given = FollowSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            owner = owner_for(data["owner"]) if data.get("owner") else None
            lab = lab_by_slug(data["lab"]) if data.get("lab") else None
            source, created = source_follow(
                kind=data["kind"],
                identifier=data["identifier"],
                owner=owner,
                lab=lab,
                user=request.user,
                enrich=data["enrich"],
            )
        except OwnerError as error:
            raise api_error(error, "identifier") from error
        if data["harvest"]:
            source_run_submit(source, trigger=Trigger.API, user=request.user)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.get_serializer(source).data, status=code)

    @extend_schema(request=None, responses={202: RunSerializer})
    @action(detail=True, methods=["post"], permission_classes=[ChangePermission])
    def harvest(self, request, pk=None):
        """Harvest the source now: 202 with the queued run."""
        source = self.get_object()
        if source.kind == SourceKind.URL and not source.url:
            raise ValidationError({"url": ["the source has no URL"]})
        run = source_run_submit(source, trigger=Trigger.API, user=request.user)
        return Response(RunSerializer(run_list().get(pk=run.pk)).data, status=status.HTTP_202_ACCEPTED)
