"""Ingestion runs and review items as the API shows them, and what a script posts."""

from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from core.api import StrictJSONSerializer, TextInput
from ingest.formats import Format
from ingest.models import IngestionRun, ReviewItem
from ingest.run import run_counts, unread_lines


class CountsSerializer(serializers.Serializer):
    records = serializers.IntegerField()
    created = serializers.IntegerField()
    merged = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    needs_review = serializers.IntegerField()
    rejected = serializers.IntegerField()


class RecordErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    line = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    """What the parse understood: records by kind, and lines read and not understood."""

    publications = serializers.IntegerField()
    people = serializers.IntegerField()
    members = serializers.IntegerField()
    entries = serializers.IntegerField(help_text="Profile entries: news, awards, talks...")
    abstracts = serializers.IntegerField()
    rejected = serializers.IntegerField(help_text="Records the parser could not read.")
    lines = serializers.IntegerField(help_text="Lines with content: taken by a record or not understood.")
    unread = serializers.IntegerField(help_text="Lines not understood, all of them.")


class UnreadLineSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    text = serializers.CharField()


class RunSerializer(serializers.ModelSerializer):
    format = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    errors = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()
    warnings = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Any of them makes the run partial."
    )
    owner = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    lab = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = IngestionRun
        fields = [
            "id",
            "status",
            "format",
            "counts",
            "errors",
            "error",
            "report",
            "warnings",
            "input_name",
            "owner",
            "lab",
            "observed_at",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_format(self, run: IngestionRun) -> str:
        return run.detected_format or run.format

    def get_counts(self, run: IngestionRun) -> CountsSerializer:
        return run_counts(run)

    def get_errors(self, run: IngestionRun) -> RecordErrorSerializer(many=True):
        """The rejected records (the first 100), with their line and reason."""
        return [{"index": o.index, "line": o.line, "reason": o.reason} for o in run.rejected_outcomes]

    def get_report(self, run: IngestionRun) -> ReportSerializer(allow_null=True):
        """What the parse understood; null until the run is parsed (and when it could not be)."""
        return run.report or None


class RunDetailSerializer(RunSerializer):
    """A run with the lines its parse did not understand (the first 500; report.unread counts all)."""

    unread = serializers.SerializerMethodField()

    class Meta(RunSerializer.Meta):
        fields = [*RunSerializer.Meta.fields, "unread"]

    def get_unread(self, run: IngestionRun) -> UnreadLineSerializer(many=True):
        return unread_lines(run.unread)


class RunOptionsSerializer(StrictJSONSerializer):
    """What a listing to ingest says besides its content."""

    format = serializers.ChoiceField(
        choices=Format.choices,
        default=Format.AUTO,
        help_text="auto detects it; one not listed is a 415.",
    )
    owner = serializers.CharField(
        required=False, allow_blank=True, help_text="Whose listing: a name or a slug."
    )
    lab = serializers.SlugField(
        required=False, allow_blank=True, help_text="The lab its members join (an unknown one is a 404)."
    )
    observed_at = serializers.DateField(required=False, help_text="The day it was scraped (default today).")


class RunCreateSerializer(RunOptionsSerializer):
    """A listing to ingest: a file, or its text."""

    file = serializers.FileField(required=False)
    text = TextInput(required=False, trim_whitespace=False)

    def validate(self, data: dict) -> dict:
        if bool(data.get("file")) == bool(data.get("text")):
            raise serializers.ValidationError("Give a file or a text, one of them.")
        return data


# The schema of RunCreateSerializer: a text or a file, one of them (oneOf); JSON and forms carry a text.
class RunFromTextSerializer(RunOptionsSerializer):
    """A listing to ingest, as text."""

    text = TextInput(trim_whitespace=False, help_text="The listing itself.")


class RunFromFileSerializer(RunOptionsSerializer):
    """A listing to ingest, as a file."""

    file = serializers.FileField(help_text="The listing as a file (multipart/form-data).")


RUN_CREATE_BODIES = {
    "multipart/form-data": PolymorphicProxySerializer(
        component_name="RunCreate",
        serializers=[RunFromTextSerializer, RunFromFileSerializer],
        resource_type_field_name=None,
    ),
    "application/x-www-form-urlencoded": RunFromTextSerializer,
    "application/json": RunFromTextSerializer,
}


class ReviewItemSerializer(serializers.ModelSerializer):
    # Each is null where the item is about something else (a venue to verify has no paper).
    run = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    paper = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    person = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    venue = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    lab = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = ReviewItem
        fields = [
            "id",
            "kind",
            "status",
            "summary",
            "payload",
            "run",
            "paper",
            "person",
            "venue",
            "lab",
            "created_at",
            "resolved_at",
            "note",
        ]


class ResolveSerializer(StrictJSONSerializer):
    """A decision on a review item."""

    decision = serializers.ChoiceField(choices=["accept", "reject"])
    choice = serializers.IntegerField(
        required=False, allow_null=True, help_text="The candidate chosen (an id)."
    )
    note = serializers.CharField(required=False, allow_blank=True)


def text_or_file(result: dict, **kwargs) -> dict:
    """A spectacular hook: each way of giving a listing forbids the other's field, so that the
    oneOf says what RunCreateSerializer.validate does (a file and a text together are a 400)."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, other in (("RunFromTextRequest", "file"), ("RunFromFileRequest", "text")):
        if name in schemas:
            schemas[name]["not"] = {"required": [other]}
    return result
