"""Papers, who wrote them in which order, and where to find them."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Concat, Left, Lower, Right

from core.dates import EARLIEST_YEAR, year_problem
from core.fields import PartialDateField
from papers.choices import CitationSource, LinkKind, PaperKind, Presentation
from papers.querysets import PaperQuerySet, paper_document

# Characters of title key at each end that, with the first author's family key, index
# the fuzzy-title block of ingestion (ingest.match.papers): two spellings of one
# title almost always keep one of their ends.
TITLE_EDGE = 12


def title_edges() -> tuple[Concat, Concat]:
    """The indexed expressions: "<first author key> <head of title key>", and with the tail."""
    head, tail = Left("title_key", TITLE_EDGE), Right("title_key", TITLE_EDGE)
    return tuple(
        Concat("first_author_key", models.Value(" "), edge, output_field=models.CharField())
        for edge in (head, tail)
    )


def validate_year(year: int | None) -> None:
    """A paper's year follows the one rule of core.dates: from 1600 to next year."""
    problem = year_problem(year)
    if problem:
        raise ValidationError(problem[:1].upper() + problem[1:] + ".", code="year_range")


class Paper(models.Model):
    """One publication, merged from every listing that mentions it."""

    title = models.CharField(max_length=500)
    # Folded title (core.keys.title_key) for matching across listings (paper_title_key_idx).
    title_key = models.CharField(max_length=500)
    # The first author's family-name key (core.names.family_key).
    first_author_key = models.CharField(max_length=100, blank=True)
    slug = models.SlugField(
        max_length=120, blank=True, db_index=False, help_text="For the URL; the id identifies."
    )
    abstract = models.TextField(blank=True)
    # The abstract's first words folded (core.keys.abstract_key): a title-less
    # abstract finds the paper it belongs to by this index.
    abstract_key = models.CharField(max_length=80, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, validators=[validate_year])
    date = PartialDateField()
    kind = models.CharField(max_length=20, choices=PaperKind.choices, default=PaperKind.OTHER)
    venue_edition = models.ForeignKey(
        "venues.VenueEdition", null=True, blank=True, on_delete=models.PROTECT, related_name="papers"
    )
    venue_text = models.CharField(
        max_length=500, blank=True, help_text="The venue line as a source wrote it."
    )
    doi = models.CharField(
        "DOI", max_length=200, blank=True, help_text="Lower case, without https://doi.org/."
    )
    arxiv_id = models.CharField(
        "arXiv id", max_length=40, blank=True, help_text="Without version: 2311.17486."
    )
    volume = models.CharField(max_length=40, blank=True)
    number = models.CharField(max_length=40, blank=True)
    pages = models.CharField(max_length=40, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    citation_key = models.CharField(max_length=200, blank=True)
    categories = models.JSONField(default=list, blank=True, help_text='arXiv categories: ["cs.CV"].')
    citation_count = models.PositiveIntegerField(null=True, blank=True)
    # The paper's ids in the sources that gave it (core.identifiers.PAPER_ID_KINDS):
    # {"dblp": "conf/cvpr/HeZRS16", "openalex": "W2194775991"}.
    external_ids = models.JSONField(default=dict, blank=True)
    presentation = models.CharField(max_length=20, choices=Presentation.choices, blank=True)
    honors = models.JSONField(default=list, blank=True, help_text='["Top 200 Most Cited CVPR Paper"].')
    # False when every source so far cut the author list ("et al.").
    authors_complete = models.BooleanField(default=True)
    selected_by = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="selected_papers",
        help_text="People who list this paper among their selected publications.",
    )
    provenance = models.JSONField(default=dict, blank=True)
    # The title and abstract as a text-search vector (papers.querysets), computed by PostgreSQL on
    # every write, however the row is written; NULL on SQLite, which searches another way.
    search_vector = models.GeneratedField(
        expression=paper_document(), output_field=SearchVectorField(null=True), db_persist=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["doi"], condition=~models.Q(doi=""), name="paper_doi_unique"),
            models.UniqueConstraint(
                fields=["arxiv_id"], condition=~models.Q(arxiv_id=""), name="paper_arxiv_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(doi=Lower("doi")),
                name="paper_doi_lower_case",
                violation_error_message="DOIs are stored in lower case.",
            ),
            # The floor of validate_year's rule; its ceiling, next year, moves with the calendar,
            # which a CHECK cannot (SQLite refuses a date function in one).
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=EARLIEST_YEAR),
                name="paper_year_range",
                violation_error_message=f"A paper's year is {EARLIEST_YEAR} or later.",
            ),
        ]
        indexes = [
            models.Index(fields=["title_key"], name="paper_title_key_idx"),
            models.Index(fields=["-year", "title"], name="paper_year_title_idx"),  # the default order
            # The home page's recent papers: without it, a sort of every paper.
            models.Index(fields=["-year", "-created_at", "-id"], name="paper_recent_idx"),
            models.Index(fields=["year", "kind"], name="paper_year_kind_idx"),
            models.Index(fields=["venue_edition", "title"], name="paper_edition_title_idx"),
            models.Index(title_edges()[0], name="paper_title_head_idx"),
            models.Index(title_edges()[1], name="paper_title_tail_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class Authorship(models.Model):
    """An author of a paper at a position, with the name exactly as the source wrote it."""

    # Both keys are indexed by the constraints and indexes below (paper, position) and
    # (person, paper); an index of their own would only slow every insert.
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="authorships", db_index=False)
    # Null until the name is resolved to a person (or while that is under review).
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authorships",
        db_index=False,
    )
    position = models.PositiveSmallIntegerField(help_text="1 for the first author.")
    # The name as credited, exactly as the source wrote it (credited_as): "Teo, Shu Min".
    name = models.CharField(max_length=200)
    # Folded family name (core.names.family_key): title matching compares them.
    family_key = models.CharField(max_length=100, blank=True)
    equal_contribution = models.BooleanField(default=False)
    corresponding = models.BooleanField(default=False)

    class Meta:
        ordering = ["paper", "position"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "position"], name="authorship_unique_position"),
            models.UniqueConstraint(
                fields=["paper", "person"],
                condition=models.Q(person__isnull=False),
                name="authorship_unique_person",
            ),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="authorship_position_from_one"),
        ]
        indexes = [models.Index(fields=["person", "paper"], name="authorship_person_paper_idx")]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    @property
    def credited_as(self) -> str:
        """The name exactly as the source wrote it ("Teo, Shu Min"); pages show it in reading order."""
        return self.name


class PaperLink(models.Model):
    """A link from a paper to its PDF, code, project page...; url is empty when only the label was kept."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    url = models.URLField(max_length=1000, blank=True)
    label = models.CharField(max_length=100, blank=True, help_text='As written: "[code]".')

    class Meta:
        ordering = ["paper", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "kind", "url"], name="paper_link_unique"),
        ]
        indexes = [
            # The has_code filter and field of the API (papers.selectors.has_code): a code link
            # counts with or without its URL.
            models.Index(fields=["paper"], condition=models.Q(kind="code"), name="paper_link_code_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.url or self.label}"


class CitationCount(models.Model):
    """The citations one source reports for a paper, and the day it said so; never summed."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="citation_counts", db_index=False)
    source = models.CharField(max_length=20, choices=CitationSource.choices)
    count = models.PositiveIntegerField()
    observed_on = models.DateField(help_text="The day the source reported the count.")

    class Meta:
        ordering = ["paper", "source"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "source"], name="citation_count_unique_source"),
        ]

    def __str__(self) -> str:
        return f"{self.count} ({self.get_source_display()}, {self.observed_on})"
