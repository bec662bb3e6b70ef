from django.contrib import admin

from ingest.models import IngestionRun, RecordOutcome, ReviewItem, Source
from ingest.selectors import lab_review_items, lab_runs
from pubtracker.admin import LabScoped

RUN_COUNTS = ["records", "created", "merged", "unchanged", "needs_review", "rejected"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "format", "owner", "lab", "enabled", "last_fetched_at"]
    list_filter = ["format", "enabled"]
    list_select_related = ["owner", "lab"]
    search_fields = ["name", "url"]
    autocomplete_fields = ["owner", "lab"]
    readonly_fields = ["etag", "last_modified", "last_fetched_at", "created_at"]


@admin.register(IngestionRun)
class IngestionRunAdmin(LabScoped):
    list_display = ["id", "input_name", "format", "status", "trigger", *RUN_COUNTS, "created_at"]
    list_filter = ["status", "format", "trigger", "dry_run"]
    list_select_related = ["owner", "lab", "source"]
    search_fields = ["input_name", "error", "input_sha256"]
    autocomplete_fields = ["owner", "lab", "source"]
    date_hierarchy = "created_at"
    # A run's outcome is history: it is read here, never edited.
    readonly_fields = [
        "detected_format",
        "status",
        "task_id",
        "checkpoint",
        *RUN_COUNTS,
        "error",
        "input_sha256",
        "created_by",
        "created_at",
        "started_at",
        "progressed_at",
        "finished_at",
    ]
    exclude = ["input_text"]

    def scope(self, queryset, labs):
        return queryset.filter(pk__in=lab_runs(labs).values("pk"))


@admin.register(RecordOutcome)
class RecordOutcomeAdmin(LabScoped):
    list_display = ["run", "index", "line", "kind", "outcome", "reason"]
    list_filter = ["outcome", "kind"]
    list_select_related = ["run"]
    search_fields = ["reason", "raw"]
    raw_id_fields = ["run", "paper", "person"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def scope(self, queryset, labs):
        return queryset.filter(run__in=lab_runs(labs).values("pk"))


@admin.register(ReviewItem)
class ReviewItemAdmin(LabScoped):
    list_display = ["summary", "kind", "status", "lab", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["lab"]
    search_fields = ["summary", "note"]
    autocomplete_fields = ["paper", "person", "venue", "lab"]
    raw_id_fields = ["run", "outcome"]
    readonly_fields = ["created_at", "resolved_at", "resolved_by"]

    def scope(self, queryset, labs):
        return queryset.filter(pk__in=lab_review_items(labs).values("pk"))
