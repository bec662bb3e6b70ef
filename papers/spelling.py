"""Typos in a search: the words of titles, and the known words nearest to a word nobody wrote.

PostgreSQL's documented way (pg_trgm, "Text Search Integration"): a table of the distinct words
of every title (ts_stat over their vectors, a materialized view with a trigram index), in which
a word of the query that no title has finds its nearest spellings in a millisecond, where a
trigram scan of a million titles takes seconds. The view is refreshed by beat
(ingest.tasks.refresh_title_words) and after the demo data loads: a word first written since the
last refresh is found as typed, not yet as a typo's correction. Other databases have no view.
"""

from django.db import connection

from core.search import TOKEN_RE, WORD_RE
from people.querysets import NAMES_CONFIG

TITLE_WORDS = "papers_title_word"
# The unaccented, lower-cased, unstemmed words of titles (NAMES_CONFIG), with how many titles have each.
CREATE_TITLE_WORDS_SQL = [
    f"CREATE MATERIALIZED VIEW {TITLE_WORDS} AS SELECT word, ndoc FROM ts_stat("
    f"$$SELECT to_tsvector('{NAMES_CONFIG}', title) FROM papers_paper$$)",
    f"CREATE UNIQUE INDEX {TITLE_WORDS}_word ON {TITLE_WORDS} (word)",  # for REFRESH ... CONCURRENTLY
    f"CREATE INDEX {TITLE_WORDS}_trigram ON {TITLE_WORDS} USING gin (word gin_trgm_ops)",
]
DROP_TITLE_WORDS_SQL = [f"DROP MATERIALIZED VIEW IF EXISTS {TITLE_WORDS}"]
# The spellings a misspelt word is replaced by, nearest first (pg_trgm's similarity above 0.3).
CORRECTIONS_PER_WORD = 3
CORRECTIONS_SQL = f"""
SELECT typed, found.word FROM unnest(%s::text[]) AS typed,
LATERAL (
    SELECT word, word = typed AS known FROM {TITLE_WORDS}
    WHERE word %% typed ORDER BY word = typed DESC, similarity(word, typed) DESC, ndoc DESC LIMIT %s
) AS found
"""


def refresh_title_words() -> None:
    """Read the words of every title again (six seconds for a million titles), without blocking searches."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {TITLE_WORDS}")


def corrections(words: list[str]) -> dict[str, list[str]]:
    """For each word, itself if a title has it, else its nearest spellings in titles (maybe none)."""
    with connection.cursor() as cursor:
        cursor.execute(CORRECTIONS_SQL, [words, CORRECTIONS_PER_WORD])
        found: dict[str, list[str]] = {word: [] for word in words}
        for typed, word in cursor.fetchall():
            found[typed].append(word)
    return {typed: [typed] if typed in spellings else spellings for typed, spellings in found.items()}


def corrected(q: str) -> str | None:
    """q with each word no title has replaced by its nearest spellings ("atention" -> "atention or
    attention or action") and dropped if it has none; None if nothing in q is misspelt."""
    tokens = TOKEN_RE.findall(q)
    plain = [token for token in tokens if WORD_RE.fullmatch(token)]
    if connection.vendor != "postgresql" or not plain:
        return None
    found = corrections([token.lower() for token in plain])
    if all(found[token.lower()] == [token.lower()] for token in plain):
        return None
    kept = []
    for token in tokens:
        spellings = found.get(token.lower()) if token in plain else [token]
        if spellings:
            kept.append(" or ".join([token] + [word for word in spellings if word != token.lower()]))
    return " ".join(kept) if kept else None
