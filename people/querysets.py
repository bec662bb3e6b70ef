"""Chainable queries on people: search by name and alias.

On PostgreSQL names are matched through text-search vectors under NAMES_CONFIG, a copy of
the 'simple' configuration that also strips accents: names must not be stemmed ("Williams"
is not "William") and no name may be dropped as a stop word (Kaiming He's "He"), while
"Jose" should find "José". People's first migration creates that configuration and GIN indexes
on exactly the vectors name_document() builds; papers' first indexes author names with it too.
Other databases (SQLite) fall back to every word appearing in a name (search_words).
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q

from core.keys import fold
from core.search import fallback_words, text_query

NAMES_CONFIG = "pubtracker_names"
# Run by people's first migration on PostgreSQL. unaccent is a trusted extension (PostgreSQL 13+):
# the database's owner may create it. As a filtering dictionary it strips the accents and
# hands the word on to 'simple', which lower-cases it.
CREATE_NAMES_CONFIG_SQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"CREATE TEXT SEARCH CONFIGURATION {NAMES_CONFIG} (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {NAMES_CONFIG} "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
]
DROP_NAMES_CONFIG_SQL = [f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {NAMES_CONFIG}"]
PERSON_NAME_INDEX = "person_name_search_idx"
ALIAS_NAME_INDEX = "person_alias_search_idx"
# pg_trgm's index on full names: a name typed with a typo ("Kaiming Hee") still finds the person.
PERSON_NAME_TRIGRAM_INDEX = "person_name_trigram_idx"
# A standalone "or" is PostgreSQL's websearch operator; the fallback does not read it as a word.
FALLBACK_OPERATOR_WORDS = {"or"}


def name_document(field: str) -> SearchVector:
    """The indexed vector of a name column; a WHERE must repeat it exactly for the index to serve."""
    return SearchVector(field, config=NAMES_CONFIG)


def names_query(q: str) -> SearchQuery:
    """The user's words against names: websearch syntax ("exact phrase" -excluded or) and word*."""
    return text_query(q, NAMES_CONFIG)


def is_postgresql(queryset: models.QuerySet) -> bool:
    """Whether the database the queryset reads from is PostgreSQL."""
    return connections[queryset.db].vendor == "postgresql"


def search_words(q: str) -> tuple[list[str], list[str]]:
    """The fallback's reading of q: (words that must appear, words that must not: "-word")."""
    required, excluded = [], []
    for word in fallback_words(q).replace('"', " ").split():
        if word.startswith("-") and len(word) > 1:
            excluded.append(word[1:])
        elif word.lower() not in FALLBACK_OPERATOR_WORDS and word != "-":
            required.append(word)
    return required, excluded


def words_condition(q: str, word_matches) -> Q:
    """Every required word of q matches (word_matches(word) -> Q) and no excluded one does."""
    required, excluded = search_words(q)
    condition = Q()
    for word in required:
        condition &= word_matches(word)
    for word in excluded:
        condition &= ~word_matches(word)
    return condition


class SearchQuerySet(models.QuerySet):
    """search(q): text search on PostgreSQL (_search_postgresql), else every word matching (_word_matches)."""

    def search(self, q: str) -> "SearchQuerySet":
        """The rows q finds, annotated with a rank (0 without text search); blank q changes nothing."""
        if not (q or "").strip():
            return self
        if is_postgresql(self):
            return self._search_postgresql(q)
        return self.filter(words_condition(q, self._word_matches)).annotate(
            rank=models.Value(0.0, output_field=models.FloatField())
        )

    def _search_postgresql(self, q: str) -> "SearchQuerySet":
        raise NotImplementedError

    def _word_matches(self, word: str) -> Q:
        raise NotImplementedError


class PersonQuerySet(SearchQuerySet):
    """People found by their full name or an alias."""

    def _search_postgresql(self, q: str) -> "PersonQuerySet":
        query = names_query(q)
        by_name = self.model._default_manager.alias(document=name_document("full_name"))
        by_name = by_name.filter(document=query).order_by().values("pk")
        by_alias = self._aliases().alias(document=name_document("name")).filter(document=query)
        by_alias = by_alias.order_by().values("person_id")
        # A name typed with a typo ("Kaiming Hee"): pg_trgm's similarity on its index, only when
        # the words find nobody. The NOT EXISTS are uncorrelated: PostgreSQL evaluates them once,
        # and skips the trigram scan whenever the words found someone.
        by_typo = self.model._default_manager.filter(full_name__trigram_similar=q)
        by_typo = by_typo.filter(~Exists(by_name), ~Exists(by_alias)).order_by().values("pk")
        # One id list from the indexes: an OR of the conditions would scan every person.
        found = self.filter(pk__in=by_name.union(by_alias, by_typo))
        rank = SearchRank(name_document("full_name"), query) + TrigramSimilarity("full_name", q)
        return found.annotate(rank=rank)

    def _word_matches(self, word: str) -> Q:
        # The folded keys make "Jose" find "José", which SQLite's icontains does not.
        key = fold(word) or word
        in_alias = Q(name__icontains=word) | Q(key__contains=key)
        aliases = self._aliases().filter(in_alias, person=OuterRef("pk"))
        return Q(full_name__icontains=word) | Q(name_key__contains=key) | Exists(aliases)

    def _aliases(self) -> models.QuerySet:
        # Through the relation: people.models imports this module, so it cannot import PersonAlias.
        return self.model._meta.get_field("aliases").related_model._default_manager.all()
