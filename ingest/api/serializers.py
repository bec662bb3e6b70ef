"""Ingestion runs and review items as the API shows them, and what a script posts."""

from rest_framework import serializers

from ingest.models import IngestionRun, ReviewItem
from ingest.services import run_counts


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


class RunSerializer(serializers.ModelSerializer):
    format = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    errors = serializers.SerializerMethodField()
    owner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lab = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = IngestionRun
        fields = [
            "id",
            "status",
            "format",
            "counts",
            "errors",
            "error",
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


class RunCreateSerializer(serializers.Serializer):
    """A listing to ingest: a file, or its text."""

    file = serializers.FileField(required=False)
    text = serializers.CharField(required=False, trim_whitespace=False)
    format = serializers.CharField(
        default="auto", help_text="auto, homepage, profile, proceedings, abstracts, bibtex"
    )
    owner = serializers.CharField(
        required=False, allow_blank=True, help_text="Whose listing: a name or a slug."
    )
    lab = serializers.SlugField(required=False, allow_blank=True, help_text="The lab its members join.")
    observed_at = serializers.DateField(required=False, help_text="The day it was scraped (default today).")

    def validate(self, data: dict) -> dict:
        if bool(data.get("file")) == bool(data.get("text")):
            raise serializers.ValidationError("Give a file or a text, one of them.")
        return data


class ReviewItemSerializer(serializers.ModelSerializer):
    run = serializers.PrimaryKeyRelatedField(read_only=True)
    paper = serializers.PrimaryKeyRelatedField(read_only=True)
    person = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    venue = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lab = serializers.SlugRelatedField(slug_field="slug", read_only=True)

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


class ResolveSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "reject"])
    choice = serializers.IntegerField(
        required=False, allow_null=True, help_text="The candidate chosen (an id)."
    )
    note = serializers.CharField(required=False, allow_blank=True)
