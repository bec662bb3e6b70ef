"""Chainable queries on papers: full-text search over titles, abstracts and author names.

On PostgreSQL a paper's document is its title (weight A) and abstract (weight B) under
TEXT_CONFIG, 'english' with accents folded: it stems "learned", "learning" and "learns" to
"learn", which users expect of a search box, and "Schrodinger" finds "Schrödinger". The document
is stored (Paper.search_vector, a generated column: ranking a thousand matches reads it instead
of parsing a thousand titles and abstracts again) and indexed by GIN. Author names use the people
app's unstemmed, accent-free NAMES_CONFIG. When the words find nothing, the words no title has are
corrected from the words of titles (papers.spelling, a typo in a title) and pg_trgm finds people
named like the query (a typo in a name). Each way of finding papers stops at SEARCH_CANDIDATES.
Other databases (SQLite) fall back to every word appearing in the title, the abstract or an
author's name.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramSimilarity,
)
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from core.keys import fold
from core.search import split_prefixes, text_query
from papers.spelling import corrected
from people.querysets import SearchQuerySet, name_document, names_query, search_words

TEXT_CONFIG = "pubtracker_text"
# Run by papers' migration 0010 on PostgreSQL (unaccent comes with people's first migration): a
# copy of 'english' whose words lose their accents before they are stemmed.
CREATE_TEXT_CONFIG_SQL = [
    f"CREATE TEXT SEARCH CONFIGURATION {TEXT_CONFIG} (COPY = english)",
    f"ALTER TEXT SEARCH CONFIGURATION {TEXT_CONFIG} "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
]
DROP_TEXT_CONFIG_SQL = [f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {TEXT_CONFIG}"]
PAPER_DOCUMENT_INDEX = "paper_search_vector_idx"
AUTHOR_NAME_INDEX = "authorship_name_search_idx"
# Added to the rank of a paper whose author matches: a name is a stronger hit than a word of the text.
AUTHOR_MATCH_RANK = 1.0
# The most papers a search finds by each of its ways (words, authors): a common word's 60,000 matches
# in a million papers would each be read from disk to be ranked, for a list nobody reads past its
# first pages. Like Google Scholar's 1,000, the cap keeps a broad search fast; more words narrow it.
SEARCH_CANDIDATES = 2000
# The papers of authors named by some word of a query that the mixed stage tests word by word.
NAMED_CANDIDATES = 2000
# The people named like a query with a typo whose papers it finds, the likest first.
NAMED_LIKE = 50
# Added to the rank of a paper that has q's words in q's order.
PHRASE_RANK = 0.5
# ts_rank_cd's normalization 1: divided by 1 + log(length), so that a short title holding the words
# ranks above a long abstract that holds them too.
RANK_NORMALIZATION = 1


def author_rank(authorships: models.QuerySet) -> models.Case:
    """AUTHOR_MATCH_RANK for a paper with one of these authorships."""
    here = Exists(authorships.filter(paper=OuterRef("pk")))
    return models.Case(models.When(here, then=AUTHOR_MATCH_RANK), default=0.0)


def ids_of(found: list[models.QuerySet]) -> list[int]:
    """The ids of several querysets of ids (values_list(flat=True)), SEARCH_CANDIDATES of each at
    most, read in one query (a UNION)."""
    capped = [ids[:SEARCH_CANDIDATES] for ids in found]
    union = capped[0].union(*capped[1:]) if len(capped) > 1 else capped[0]
    return sorted(set(union))


class PostgreSQLOnly(models.Func):
    """An expression PostgreSQL computes; NULL on other databases (a generated column they keep empty)."""

    template = "%(expressions)s"
    arity = 1

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


def paper_document() -> PostgreSQLOnly:
    """The stored vector of a paper (Paper.search_vector): title (weight A) and abstract (weight B)."""
    title = SearchVector("title", weight="A", config=TEXT_CONFIG)
    document = title + SearchVector("abstract", weight="B", config=TEXT_CONFIG)
    return PostgreSQLOnly(document, output_field=SearchVectorField())


def author_document() -> SearchVector:
    """The indexed vector of an authorship: the name as the source wrote it."""
    return name_document("name")


class PaperQuerySet(SearchQuerySet):
    """Papers found by their title, abstract or an author's name."""

    def _search_postgresql(self, q: str) -> "PaperQuerySet":
        # In stages, each asked only when the one before found nothing: q's words in the text or
        # all in an author's name; each word in one or the other ("Vaswani attention"); typos. Each
        # stage reads its ids in one query, from the indexes (SEARCH_CANDIDATES of each way at most),
        # and the ranked list then looks its papers up by id: one index scan a search, not one for
        # the rows and one more for their count.
        by_author = self._matching_authorships(q)
        found = ids_of([self._by_text(q), self._own(by_author)])
        if found:
            return self._ranked(q, found, author_rank(by_author))
        mixed, named = self._by_authors_and_text(q)
        found = ids_of([mixed]) if mixed is not None else []
        if found:
            return self._ranked(q, found, author_rank(named))
        return self._search_typos(q)

    def _search_typos(self, q: str) -> "PaperQuerySet":
        """What a typo was after ("atention is all you ned", "Kaiming Hee"), asked when q's words find
        nothing: q with its misspelt words corrected from the words of titles (papers.spelling), and
        the papers of people named like q (pg_trgm's similarity, on its index), whose rank they lift."""
        fixed = corrected(q)
        named_like = self._people().filter(full_name__trigram_similar=q).values_list("pk", flat=True)
        named_like = list(named_like[:NAMED_LIKE])
        by_named_like = self._authorships().filter(person__in=named_like).order_by()
        by_fixed = [self._by_text(fixed)] if fixed else []
        found = ids_of([self._own(by_named_like), *by_fixed])
        if not named_like:
            return self._ranked(fixed or q, found, models.Value(0.0))
        # The author named most like q lifts the paper the most: "Kaiming He" above "Kai Ming".
        likeness = by_named_like.filter(paper=OuterRef("pk")).annotate(
            likeness=TrigramSimilarity("person__full_name", q)
        )
        likeness = Subquery(likeness.order_by("-likeness").values("likeness")[:1])
        return self._ranked(fixed or q, found, Coalesce(likeness, 0.0) * AUTHOR_MATCH_RANK)

    def _own(self, authorships: models.QuerySet) -> models.QuerySet:
        """The ids of the papers of these authorships, among this queryset's papers (a profile's,
        a lab's): the caps of a search apply to the list searched, not to every paper."""
        if self.query.where:
            authorships = authorships.filter(paper__in=self.order_by().values("pk"))
        return authorships.values_list("paper_id", flat=True)

    def _by_text(self, q: str) -> models.QuerySet:
        """Ids of papers with q's words in their title or abstract."""
        query = text_query(q, TEXT_CONFIG)
        return self.filter(search_vector=query).order_by().values_list("pk", flat=True)

    def _ranked(self, q: str, ids: list[int], author_rank: models.Expression) -> "PaperQuerySet":
        """The papers of ids, ranked: q's words (near one another, in a short title, best), the
        author_rank of its authors and q's words in q's order."""
        query = text_query(q, TEXT_CONFIG)
        # Ids, not a join on authorships: a paper with two matching authors comes once.
        found = self.filter(pk__in=ids)
        words_rank = SearchRank(
            F("search_vector"), query, cover_density=True, normalization=RANK_NORMALIZATION
        )
        return found.annotate(rank=words_rank + author_rank + self._phrase_rank(q))

    def _phrase_rank(self, q: str) -> models.Expression:
        """PHRASE_RANK if the paper has q's words in the order typed (the title someone copied)."""
        words = split_prefixes(q)[0]
        if len(words.split()) < 2 or " or " in f" {words.lower()} ":
            return models.Value(0.0)
        in_order = SearchQuery(words, search_type="phrase", config=TEXT_CONFIG)
        return models.Case(models.When(search_vector=in_order, then=PHRASE_RANK), default=0.0)

    def _by_authors_and_text(self, q: str) -> tuple[models.QuerySet | None, models.QuerySet]:
        """(ids of the papers where each word of q is in the text or an author's name, the
        authorships named by a word of q): among the papers with an author named by one of its
        words, read from the names index, which keeps this from testing every paper. None for one word."""
        required, excluded = search_words(q)
        named = self._authorships().alias(document=author_document())
        named = named.filter(document=names_query(" or ".join(required))).order_by()
        if len(required) < 2:
            return None, named
        papers = self.filter(pk__in=self._own(named)[:NAMED_CANDIDATES])
        for word in required:
            papers = papers.filter(self._in_text_or_names(word))
        for word in excluded:
            papers = papers.exclude(self._in_text_or_names(word))
        return papers.order_by().values_list("pk", flat=True), named

    def _in_text_or_names(self, word: str) -> Q:
        named = self._authorships().alias(document=author_document())
        named = named.filter(document=names_query(word), paper=OuterRef("pk"))
        return Q(search_vector=text_query(word, TEXT_CONFIG)) | Exists(named)

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

    def _people(self) -> models.QuerySet:
        return self._authorships().model._meta.get_field("person").related_model._default_manager.all()
