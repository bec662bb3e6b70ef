"""Chainable queries on papers: full-text search over titles, abstracts and author names.

On PostgreSQL a paper's document is its title (weight A) and abstract (weight B) under the
'english' configuration: it stems "learned", "learning" and "learns" to "learn", which users
expect of a search box. Author names use the people app's unstemmed, accent-free NAMES_CONFIG.
Papers' first migration builds its GIN indexes from paper_document() and author_document() below,
the one place these expressions are written: the planner uses an expression index only when the
WHERE repeats the indexed expression exactly. Other databases (SQLite) fall back to every word
appearing in the title, the abstract or an author's name.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import models
from django.db.models import Exists, OuterRef, Q

from core.keys import fold
from people.querysets import SearchQuerySet, name_document, names_query

TEXT_CONFIG = "english"
PAPER_DOCUMENT_INDEX = "paper_search_idx"
AUTHOR_NAME_INDEX = "authorship_name_search_idx"
# Added to the rank of a paper whose author matches: a name is a stronger hit than a word of the text.
AUTHOR_MATCH_RANK = 1.0


def paper_document() -> SearchVector:
    """The indexed vector of a paper: title (weight A) and abstract (weight B)."""
    title = SearchVector("title", weight="A", config=TEXT_CONFIG)
    return title + SearchVector("abstract", weight="B", config=TEXT_CONFIG)


def author_document() -> SearchVector:
    """The indexed vector of an authorship: the name as the source wrote it."""
    return name_document("name")


class PaperQuerySet(SearchQuerySet):
    """Papers found by their title, abstract or an author's name."""

    def _search_postgresql(self, q: str) -> "PaperQuerySet":
        text_query = SearchQuery(q, search_type="websearch", config=TEXT_CONFIG)
        by_text = self.model._default_manager.alias(document=paper_document())
        by_text = by_text.filter(document=text_query).order_by().values("pk")
        # One id list from both indexes: an OR of the two conditions would scan every paper, and
        # ids (not a join on authorships) keep a paper with two matching authors from coming twice.
        found = self.filter(pk__in=by_text.union(self._matching_authorships(q).values("paper_id")))
        by_author = Exists(self._matching_authorships(q).filter(paper=OuterRef("pk")))
        author_rank = models.Case(models.When(by_author, then=AUTHOR_MATCH_RANK), default=0.0)
        return found.annotate(rank=SearchRank(paper_document(), text_query) + author_rank)

    def _matching_authorships(self, q: str) -> models.QuerySet:
        authorships = self._authorships().alias(document=author_document())
        return authorships.filter(document=names_query(q)).order_by()

    def _word_matches(self, word: str) -> Q:
        # The folded family name makes "Muller" find "Müller", which SQLite's icontains does not.
        in_author = Q(name__icontains=word) | Q(family_key__contains=fold(word) or word)
        authors = self._authorships().filter(in_author, paper=OuterRef("pk"))
        return Q(title__icontains=word) | Q(abstract__icontains=word) | Exists(authors)

    def _authorships(self) -> models.QuerySet:
        # Through the relation: papers.models imports this module, so it cannot import Authorship.
        return self.model._meta.get_field("authorships").related_model._default_manager.all()
