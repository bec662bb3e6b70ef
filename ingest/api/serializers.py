"""Ingestion runs and review items as the API shows them, and what a script posts."""

from rest_framework import serializers

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
