"""People, their names, labs and memberships, and the dated items on their profiles."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from core.fields import PartialDateField, partial_range_check
from core.identifiers import DBLP, DBLP_NAME, OPENALEX, ORCID, S2
from people.choices import EntryKind, MergeKind, Role
from people.querysets import PersonQuerySet


class Institution(models.Model):
    """A university, institute or company that people belong to."""

    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="SMU, NTU, MPI-INF...")
    country = models.CharField(max_length=80, blank=True)
    homepage = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="institution_slug_unique"),
            models.UniqueConstraint(Lower("name"), name="institution_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Person(models.Model):
    """A researcher: one row per human, however many spellings their name has."""

    slug = models.SlugField(max_length=80)
    full_name = models.CharField(max_length=200)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    # Folded, order-free key of full_name (core.keys.name_key); not unique: two
    # different people can share a name.
    name_key = models.CharField(max_length=200, db_index=True)
    position = models.CharField(max_length=200, blank=True)
    affiliation = models.CharField(max_length=300, blank=True)
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    bio = models.TextField(blank=True)
    homepage = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    orcid = models.CharField("ORCID", max_length=19, blank=True)
    dblp_pid = models.CharField("DBLP pid", max_length=60, blank=True)
    # DBLP's name with its homonym number ("Wei Wang 0001"): two numbers are two people.
    dblp_name = models.CharField("DBLP name", max_length=200, blank=True)
    openalex_id = models.CharField("OpenAlex id", max_length=20, blank=True)
    s2_id = models.CharField("Semantic Scholar id", max_length=20, blank=True)
    scholar_id = models.CharField("Google Scholar id", max_length=40, blank=True)
    # Which ingestion run gave each field: {"bio": 12, "position": 7}.
    provenance = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "full_name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="person_slug_unique"),
            models.UniqueConstraint(
                fields=["orcid"], condition=~models.Q(orcid=""), name="person_orcid_unique"
            ),
            models.UniqueConstraint(
                fields=["dblp_pid"], condition=~models.Q(dblp_pid=""), name="person_dblp_unique"
            ),
            models.UniqueConstraint(
                fields=["scholar_id"], condition=~models.Q(scholar_id=""), name="person_scholar_unique"
            ),
            models.UniqueConstraint(
                fields=["dblp_name"], condition=~models.Q(dblp_name=""), name="person_dblp_name_unique"
            ),
            models.UniqueConstraint(
                fields=["openalex_id"], condition=~models.Q(openalex_id=""), name="person_openalex_unique"
            ),
            models.UniqueConstraint(fields=["s2_id"], condition=~models.Q(s2_id=""), name="person_s2_unique"),
        ]
        # The people list's order: without it, a sort of everyone for each page.
        indexes = [models.Index(fields=["family_name", "full_name", "id"], name="person_list_order_idx")]

    def __str__(self) -> str:
        return self.full_name


# The field that holds each kind of identifier (core.identifiers.PERSON_ID_KINDS).
PERSON_ID_FIELDS = {
    ORCID: "orcid",
    DBLP: "dblp_pid",
    DBLP_NAME: "dblp_name",
    OPENALEX: "openalex_id",
    S2: "s2_id",
}


def person_ids(person: Person) -> dict[str, str]:
    """The identifiers a person is known by, by kind; kinds without one are left out."""
    return {kind: value for kind, field in PERSON_ID_FIELDS.items() if (value := getattr(person, field))}


class PersonAlias(models.Model):
    """A spelling of a person's name as a source wrote it: "Lv Hui", "H. Lv"."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, db_index=True)
    # "q sun" for "Qianru Sun" and "Q. Sun" (core.names.initials_key).
    initials = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "person aliases"
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="person_alias_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class MetricReport(models.Model):
    """Metrics a source reported for a person on a day (h-index, citations, papers)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="metric_reports")
    source = models.CharField(max_length=100, help_text="Where the figures were read, e.g. a profile page.")
    source_url = models.URLField(blank=True)
    observed_on = models.DateField()
    h_index = models.PositiveIntegerField(null=True, blank=True)
    citation_count = models.PositiveIntegerField(null=True, blank=True)
    paper_count = models.PositiveIntegerField(null=True, blank=True)
    # The id of the ingestion run that gave the figures, not a foreign key: runs live in ingest,
    # a layer above people. Like the run ids of a provenance, it may name a run since deleted.
    run = models.PositiveBigIntegerField(null=True, blank=True, db_column="run_id")

    class Meta:
        ordering = ["person", "-observed_on"]
        get_latest_by = "observed_on"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "source", "observed_on"], name="metric_report_unique_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.source}, {self.observed_on}"


class Lab(models.Model):
    """A research group led by a PI, edited by its admins."""

    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    pi = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_labs",
        verbose_name="PI",
    )
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.SET_NULL, related_name="labs"
    )
    description = models.TextField(blank=True)
    homepage = models.URLField(blank=True)
    admins = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="administered_labs")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="lab_slug_unique")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's time in a lab in one role; an empty end means a current member."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    title = models.CharField(
        max_length=100, blank=True, help_text='As the source wrote it: "Visiting PhD Student".'
    )
    start = PartialDateField()
    end = PartialDateField(help_text="Empty while the person is a member.")
    co_advisors = models.ManyToManyField(Person, blank=True, related_name="co_advised_memberships")
    institution = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        help_text="The member's home institution.",
    )
    email = models.EmailField(blank=True)
    order = models.PositiveIntegerField(default=0, help_text="Display order within the role.")
    provenance = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["lab", "order", "start", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "lab", "role", "start"], name="membership_unique_stint"
            ),
            partial_range_check("start", "end", "membership_end_after_start"),
        ]
        indexes = [models.Index(fields=["lab", "end", "role"], name="membership_lab_current_idx")]

    def __str__(self) -> str:
        return f"{self.person} in {self.lab} ({self.get_role_display()})"

    @property
    def is_current(self) -> bool:
        return not self.end


class ProfileEntry(models.Model):
    """A dated item on a person's profile: a piece of news, an award, a talk."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="profile_entries")
    lab = models.ForeignKey(
        Lab, null=True, blank=True, on_delete=models.SET_NULL, related_name="profile_entries"
    )
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    date = PartialDateField()
    end = PartialDateField(help_text="For spans such as a grant's years.")
    text = models.TextField()
    url = models.URLField(blank=True)
    order = models.PositiveIntegerField(default=0)
    # Digest of the date and the folded text (core.text_digest): a listing ingested again
    # finds its entries instead of adding them twice.
    key = models.CharField(max_length=40, blank=True)
    # The id of the ingestion run that gave the entry or last changed it (see MetricReport.run).
    run = models.PositiveBigIntegerField(null=True, blank=True, db_column="run_id")

    class Meta:
        ordering = ["person", "kind", "-date", "order"]
        verbose_name_plural = "profile entries"
        constraints = [
            partial_range_check("date", "end", "profile_entry_end_after_date"),
            models.UniqueConstraint(
                fields=["person", "kind", "key"], condition=~models.Q(key=""), name="profile_entry_unique_key"
            ),
        ]
        indexes = [models.Index(fields=["person", "kind", "date"], name="profile_entry_person_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class PersonMerge(models.Model):
    """Two people merged into one, or one split into two, recorded so that it can be undone.

    A merge keeps person and deletes the other, whose old slug then redirects to person; a
    split gives some of person's papers to a new person, other. people.merging writes these.
    """

    kind = models.CharField(max_length=10, choices=MergeKind.choices)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="merges"
    )
    other = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    other_slug = models.SlugField(
        max_length=80, help_text="The merged person's old address, or the new one's."
    )
    other_name = models.CharField(max_length=200)
    # Ids of the rows moved from one person to the other: {"papers.authorship.person": [3, 9]}.
    moved = models.JSONField(default=dict, blank=True)
    # What an undo puts back: the merged person's row, the survivor's fields before, rows removed.
    snapshot = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["other_slug"], name="person_merge_other_slug_idx")]

    def __str__(self) -> str:
        verb = "merged into" if self.kind == MergeKind.MERGE else "split from"
        return f"{self.other_name} {verb} {self.person or 'a deleted person'}"
