from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html, format_html_join

from ingest.admin_import import listing_import
from ingest.admin_review import StatusFilter, review_decision, run_link_html
from ingest.choices import ReviewStatus, SourceKind, Trigger
from ingest.models import IngestionRun, RecordOutcome, ReviewItem, Source, WriteClock
from ingest.selectors import lab_review_items, lab_runs, lab_sources, review_question
from ingest.submit.follow import FOLLOWED, follow_check, identifier_read, source_follow
from ingest.submit.owners import OwnerError
from ingest.submit.sources import source_run_submit
from people.admin_scope import LabScoped

RUN_COUNTS = ["records", "created", "merged", "unchanged", "needs_review", "rejected"]


def report_html(report: dict) -> str:
    """A run's report as "4 publications, 1 people, ..., 12 of 60 lines not understood"."""
    if not report:
        return "-"
    counted = [(count, name) for name, count in report.items() if name not in ("lines", "unread")]
    lines = format_html("{} of {} lines not understood", report.get("unread", 0), report.get("lines", 0))
    return format_html("{}; {}", format_html_join(", ", "{} {}", counted), lines)


def items_html(rows) -> str:
    return format_html("<ul>{}</ul>", format_html_join("\n", "<li>{}</li>", rows))


def unread_html(unread: list, total: int) -> str:
    """The kept unread lines, numbered, escaped; a note when more were not understood than kept."""
    if not unread:
        return "-"
    rows = format_html_join("\n", "<tr><td>{}</td><td><code>{}</code></td></tr>", unread)
    shown = format_html('<table class="unread"><tbody>{}</tbody></table>', rows)
    if total > len(unread):
        shown = format_html("{}<p>The first {} of {} lines are kept.</p>", shown, len(unread), total)
    return shown


class SourceForm(forms.ModelForm):
    """A source to follow: a URL, or an identifier read into its one form (ingest.submit.follow)."""

    user = None  # set by SourceAdmin.get_form

    class Meta:
        model = Source
        fields = [
            "name",
            "kind",
            "identifier",
            "url",
            "format",
            "owner",
            "lab",
            "refresh_interval",
            "enabled",
        ]
        fields += ["enrich"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False  # an identifier source is named after it
        self.fields["name"].help_text = "Left empty, named after its identifier."

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind and kind != SourceKind.URL:
            try:
                data["identifier"] = identifier_read(kind, data.get("identifier", ""))
                follow_check(self.user, data.get("owner"), data.get("lab"))
            except OwnerError as error:
                raise forms.ValidationError(str(error)) from error
            data["format"] = FOLLOWED[kind].format
            data["name"] = data.get("name") or f"{SourceKind(kind).label} {data['identifier']}"
        elif kind and not data.get("name"):
            self.add_error("name", "Name the source.")
        return data


@admin.register(Source)
class SourceAdmin(LabScoped):
    form = SourceForm
    list_display = [
        "name",
        "kind",
        "identifier",
        "url",
        "format",
        "owner",
        "lab",
        "enabled",
        "last_fetched_at",
    ]
    list_filter = ["kind", "format", "enabled"]
    list_select_related = ["owner", "lab"]
    search_fields = ["name", "url", "identifier"]
    autocomplete_fields = ["owner", "lab"]
    readonly_fields = ["etag", "last_modified", "last_fetched_at", "created_at"]
    actions = ["harvest_now"]

    def scope(self, queryset, labs):
        return queryset.filter(pk__in=lab_sources(labs).values("pk"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change) -> None:
        if change or obj.kind == SourceKind.URL:
            super().save_model(request, obj, form, change)
            return
        try:
            source, _ = source_follow(
                kind=obj.kind, identifier=obj.identifier, owner=obj.owner, lab=obj.lab, user=request.user
            )
        except OwnerError as error:
            raise PermissionDenied(str(error)) from error
        Source.objects.filter(pk=source.pk).update(
            name=obj.name, enabled=obj.enabled, enrich=obj.enrich, refresh_interval=obj.refresh_interval
        )
        obj.pk = source.pk
        if obj.enabled:  # followed now: harvested now, then on schedule
            run = source_run_submit(source, trigger=Trigger.ADMIN, user=request.user)
            self.message_user(request, f"Harvesting {source.name}: run {run.pk} is queued.")

    @admin.action(description="Harvest now (queue a run of each)")
    def harvest_now(self, request, queryset) -> None:
        runs = [source_run_submit(source, trigger=Trigger.ADMIN, user=request.user).pk for source in queryset]
        self.message_user(request, f"Queued runs {', '.join(map(str, runs))}.")


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
        "report_shown",
        "warnings_shown",
        "unread_shown",
        "input_sha256",
        "created_by",
        "created_at",
        "started_at",
        "progressed_at",
        "finished_at",
    ]
    exclude = ["input_text", "report", "warnings", "unread"]

    def scope(self, queryset, labs):
        return queryset.filter(pk__in=lab_runs(labs).values("pk"))

    def get_queryset(self, request):
        # A run's input and unread lines can be large: the change page reads them when it shows them.
        return super().get_queryset(request).defer("input_text", "unread")

    @admin.display(description="understood")
    def report_shown(self, run: IngestionRun) -> str:
        return report_html(run.report)

    @admin.display(description="warnings")
    def warnings_shown(self, run: IngestionRun) -> str:
        return items_html((warning,) for warning in run.warnings) if run.warnings else "-"

    @admin.display(description="lines not understood")
    def unread_shown(self, run: IngestionRun) -> str:
        return unread_html(run.unread, run.report.get("unread", len(run.unread)))

    def get_urls(self):
        # Before the model's own URLs: their "<object_id>/" pattern would take "import/".
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="ingest_ingestionrun_import"), *super().get_urls()]

    def import_view(self, request):
        return listing_import(self, request)

    def add_view(self, request, form_url="", extra_context=None):
        # The bare add form would queue a run with no preview and no lab check: every new run is an import.
        return redirect("admin:ingest_ingestionrun_import")


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
    """The review queue: an item's question next to its candidates, decided through review_resolve."""

    list_display = ["summary", "kind", "status", "lab", "run_link", "created_at"]
    list_filter = [StatusFilter, "kind"]
    list_select_related = ["lab"]
    search_fields = ["summary", "note"]
    OPEN_FIELDS = ["kind", "status", "summary", "lab", "run_link", "created_at"]
    CLOSED_FIELDS = [*OPEN_FIELDS, "resolved_by", "resolved_at", "note"]

    def scope(self, queryset, labs):
        return queryset.filter(pk__in=lab_review_items(labs).values("pk"))

    def has_add_permission(self, request) -> bool:
        return False  # ingestion asks the questions

    def get_fields(self, request, obj=None) -> list[str]:
        return self.OPEN_FIELDS if obj is None or obj.status == ReviewStatus.OPEN else self.CLOSED_FIELDS

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return self.get_fields(request, obj)  # nothing is edited by hand: decisions go through the form

    @admin.display(description="run", ordering="run")
    def run_link(self, item: ReviewItem) -> str:
        return run_link_html(item)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            is_open = obj.status == ReviewStatus.OPEN
            context["question"] = review_question(obj)
            context["can_decide"] = is_open and self.has_change_permission(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            # Never the ModelForm's save: an item changes through review_resolve or not at all.
            return review_decision(self, request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(WriteClock)
class WriteClockAdmin(admin.ModelAdmin):
    """The write clock, to look at: how many writes ingestion made under its lock, and what the
    last one said it changed (ingest/write/lock.py). Only ingestion changes it."""

    list_display = ("__str__", "generation")
    readonly_fields = ("generation", "written")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
