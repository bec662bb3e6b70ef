from django.db import models

from core.identifiers import CITATION_SOURCES


class PaperKind(models.TextChoices):
    CONFERENCE = "conference", "Conference paper"
    JOURNAL = "journal", "Journal article"
    WORKSHOP = "workshop", "Workshop paper"
    PREPRINT = "preprint", "Preprint"
    THESIS = "thesis", "Thesis"
    BOOK = "book", "Book or chapter"
    OTHER = "other", "Other"


class Presentation(models.TextChoices):
    ORAL = "oral", "Oral"
    SPOTLIGHT = "spotlight", "Spotlight"
    HIGHLIGHT = "highlight", "Highlight"
    POSTER = "poster", "Poster"


class LinkKind(models.TextChoices):
    PDF = "pdf", "Paper"
    CODE = "code", "Code"
    PROJECT = "project", "Project page"
    SLIDES = "slides", "Slides"
    VIDEO = "video", "Video"
    POSTER = "poster", "Poster"
    SUPPLEMENT = "supplement", "Supplement"
    APPENDIX = "appendix", "Appendix"
    DOI = "doi", "DOI"
    ARXIV = "arxiv", "arXiv"
    OTHER = "other", "Other"


# Who reported a citation count: the one list is core.identifiers.CITATION_SOURCES.
CitationSource = models.TextChoices(
    "CitationSource", [(key.upper(), (key, label)) for key, label in CITATION_SOURCES.items()]
)
