from django.db import models


class VenueKind(models.TextChoices):
    CONFERENCE = "conference", "Conference"
    JOURNAL = "journal", "Journal"
    WORKSHOP = "workshop", "Workshop"
    PREPRINT = "preprint", "Preprint server"
    OTHER = "other", "Other"
