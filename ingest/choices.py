from django.db import models


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    PARTIAL = "partial", "Partial (records rejected or content not understood)"
    FAILED = "failed", "Failed"


class Trigger(models.TextChoices):
    CLI = "cli", "Command line"
    API = "api", "API"
    ADMIN = "admin", "Admin"
    SOURCE = "source", "Scheduled source"
    DEMO = "demo", "Demo data"


class RecordKind(models.TextChoices):
    PAPER = "paper", "Paper"
    PERSON = "person", "Person"
    MEMBERSHIP = "membership", "Membership"
    ENTRY = "entry", "Profile entry"
    METRICS = "metrics", "Metrics"
    ABSTRACT = "abstract", "Abstract"


class Outcome(models.TextChoices):
    CREATED = "created", "Created"
    MERGED = "merged", "Merged"
    UNCHANGED = "unchanged", "Unchanged"
    NEEDS_REVIEW = "needs_review", "Needs review"
    REJECTED = "rejected", "Rejected"


class ReviewKind(models.TextChoices):
    PAPER_MATCH = "paper_match", "Possible duplicate paper"
    PERSON_MATCH = "person_match", "Possible same person"
    UNKNOWN_VENUE = "unknown_venue", "Unknown venue"
    ORPHAN_ABSTRACT = "orphan_abstract", "Abstract without a paper"
    CLAIM = "claim", "Is this yours? (a harvested work not tied to its person)"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class SourceKind(models.TextChoices):
    """What a source follows: a page's URL, or a person's (or a query's) works in a scholarly source."""

    URL = "url", "Web page (URL)"
    ORCID = "orcid", "ORCID iD"
    DBLP = "dblp", "DBLP pid"
    OPENALEX = "openalex", "OpenAlex author id"
    S2 = "s2", "Semantic Scholar author id"
    ARXIV = "arxiv", "arXiv query"
