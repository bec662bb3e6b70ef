"""Where listings come from, each ingestion of one, and what became of every record."""

from datetime import timedelta

from django.conf import settings
from django.db import models

from ingest.choices import Outcome, RecordKind, ReviewKind, ReviewStatus, RunStatus, SourceKind, Trigger
from ingest.formats import Format


class Source(models.Model):
    """A URL, or a person's works in a scholarly source (an ORCID iD, a DBLP pid...), re-fetched on
    a schedule and ingested in a given format."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.URL.value)
    url = models.URLField(max_length=1000, blank=True)
    # What an identifier source follows (ingest.fetch.pages): "0000-0002-1825-0097", "35/7092-1".
    identifier = models.CharField(max_length=300, blank=True)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.AUTO.value)
    owner = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )
    lab = models.ForeignKey(
        "people.Lab", null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )
    refresh_interval = models.DurationField(default=timedelta(days=7))
    enabled = models.BooleanField(default=True)
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    # What each page of an identifier source said last time, to skip the unchanged ones:
    # {page key: {"etag", "last_modified", "marker"}} (ingest.fetch.pages.PageMark).
    pages = models.JSONField(default=dict, blank=True)
    # Complete its papers from Crossref or arXiv (when settings.HARVEST_ENRICH is on too).
    enrich = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~models.Q(url=""), name="source_url_unique"),
            models.UniqueConstraint(
                fields=["kind", "identifier"],
                condition=~models.Q(identifier=""),
                name="source_identifier_unique",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="url") & ~models.Q(url=""))
                | (~models.Q(kind="url") & ~models.Q(identifier="")),
                name="source_url_or_identifier",
                violation_error_message="A URL source needs its URL; any other source, its identifier.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IngestionRun(models.Model):
    """One ingestion of one file, upload or fetch, with its counts."""

    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs")
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.AUTO.value)
    detected_format = models.CharField(max_length=20, choices=Format.choices, blank=True)
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    trigger = models.CharField(max_length=20, choices=Trigger.choices, default=Trigger.CLI)
    owner = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_runs"
    )
    lab = models.ForeignKey(
        "people.Lab", null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    observed_at = models.DateField(help_text="The day the listing was scraped.")
    input_name = models.CharField(max_length=500, blank=True, help_text="File name or URL.")
    input_text = models.TextField(blank=True)
    input_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    dry_run = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ingestion_runs",
    )
    task_id = models.CharField(max_length=50, blank=True)
    # Records done so far: a run resumed after a lost worker starts from here.
    checkpoint = models.PositiveIntegerField(default=0)
    records = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    needs_review = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # What the parse understood (ingest.parsers.report): records by kind, content lines, unread lines.
    report = models.JSONField(default=dict, blank=True)
    # Sentences for a person ("no publications were found on this page"); any makes the run partial.
    warnings = models.JSONField(default=list, blank=True)
    # The first lines no record took, as [line number, text]; report["unread"] counts them all.
    unread = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Set at start and at every checkpoint; a running run that stops moving lost its worker.
    progressed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "progressed_at"], name="run_status_progress_idx")]

    def __str__(self) -> str:
        return f"Run {self.pk} ({self.format}, {self.status})"


class RecordOutcome(models.Model):
    """What one record of a run became, with the raw text and the reason."""

    # Indexed by the (run, index) constraint and the (run, outcome) index below.
    run = models.ForeignKey(IngestionRun, on_delete=models.CASCADE, related_name="outcomes", db_index=False)
    index = models.PositiveIntegerField(help_text="Position of the record in the input, from 0.")
    line = models.PositiveIntegerField(null=True, blank=True, help_text="Line where the record starts.")
    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reason = models.TextField(blank=True)
    raw = models.TextField(blank=True)
    paper = models.ForeignKey(
        "papers.Paper", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["run", "index"]
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="record_outcome_unique_index")]
        indexes = [models.Index(fields=["run", "outcome"], name="record_outcome_run_outcome_idx")]

    def __str__(self) -> str:
        return f"#{self.index} {self.kind}: {self.outcome}"


class ReviewItem(models.Model):
    """A decision ingestion would not take alone: a possible duplicate, an unknown venue."""

    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    summary = models.CharField(max_length=500)
    # Digest of what the item is about: the same question met again (a listing ingested
    # twice) finds its item instead of asking twice.
    key = models.CharField(max_length=40, blank=True, db_index=True)
    # The draft as parsed, and the candidates it might be: {"draft": {...}, "candidates": [ids]}.
    payload = models.JSONField(default=dict, blank=True)
    run = models.ForeignKey(
        IngestionRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="review_items"
    )
    outcome = models.ForeignKey(
        RecordOutcome, null=True, blank=True, on_delete=models.SET_NULL, related_name="review_items"
    )
    paper = models.ForeignKey(
        "papers.Paper", null=True, blank=True, on_delete=models.CASCADE, related_name="review_items"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="review_items"
    )
    venue = models.ForeignKey(
        "venues.Venue", null=True, blank=True, on_delete=models.CASCADE, related_name="review_items"
    )
    lab = models.ForeignKey(
        "people.Lab", null=True, blank=True, on_delete=models.SET_NULL, related_name="review_items"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "kind"], name="review_item_status_kind_idx")]

    def __str__(self) -> str:
        return self.summary


class WriteClock(models.Model):
    """One row: how many writes have held the write lock (ingest/write/lock.py). A run whose
    last batch wrote at n and whose next batch reads n + 1 knows nobody else wrote between;
    at n + 2, the last write's note says what that one other write changed."""

    generation = models.PositiveBigIntegerField(default=0)
    # The people the last write stored and their spellings' keys; null when it did not say.
    written = models.JSONField(null=True, blank=True)

    def __str__(self) -> str:
        return f"write clock at {self.generation}"
