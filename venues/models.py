"""Venues: where papers appear, the spellings they go by, and their yearly editions."""

from django.db import models

from venues.choices import VenueKind


class Venue(models.Model):
    """A conference, journal, workshop series or preprint server."""

    slug = models.SlugField(max_length=80)
    acronym = models.CharField(max_length=40, db_index=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=VenueKind.choices, default=VenueKind.CONFERENCE)
    publisher = models.CharField(max_length=200, blank=True)
    field = models.CharField(max_length=100, blank=True, help_text="Research area, e.g. computer vision.")
    homepage = models.URLField(blank=True)
    # A workshop (or a companion volume) belongs to the conference it is held at; it is never
    # merged into that conference's main track.
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="The conference a workshop is held at.",
    )
    # Venues from the catalogue are verified; ingestion creates unknown ones unverified.
    verified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["acronym"]
        indexes = [models.Index(fields=["kind", "acronym"], name="venue_kind_acronym_idx")]
        constraints = [models.UniqueConstraint(fields=["slug"], name="venue_slug_unique")]

    def __str__(self) -> str:
        return self.acronym


class VenueAlias(models.Model):
    """One spelling of a venue seen in the wild; key is that spelling folded, without years."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=300)
    key = models.CharField(max_length=300)

    class Meta:
        ordering = ["venue", "text"]
        verbose_name_plural = "venue aliases"
        constraints = [models.UniqueConstraint(fields=["key"], name="venue_alias_key_unique")]

    def __str__(self) -> str:
        return self.text


class VenueEdition(models.Model):
    """A venue in a given year: CVPR 2023, TPAMI volume of 2021."""

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="editions")
    year = models.PositiveSmallIntegerField()
    ordinal = models.PositiveSmallIntegerField(null=True, blank=True, help_text="37 for the 37th edition.")
    location = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["venue__acronym", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "year"], name="venue_edition_unique_year"),
            models.CheckConstraint(
                condition=models.Q(year__gte=1900, year__lte=2200), name="venue_edition_year_range"
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="venue_edition_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venue.acronym} {self.year}"
