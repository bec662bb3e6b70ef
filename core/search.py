"""How a search box's words become a PostgreSQL text query: one reading for papers and people.

The user's words follow websearch syntax ("an exact phrase", -left out, or), plus prefixes:
a word ending in * ("transform*") matches every word it begins ("transformer", "transformers").
websearch_to_tsquery has no prefix operator, so prefix words are taken out of the text,
normalized by to_tsquery under the same configuration (stemmed, accents folded) and added with &.
"""

import re

from django.contrib.postgres.search import SearchQuery

# A prefix needs two letters: "a*" would match most of a million titles and find nothing useful.
PREFIX_MIN_LENGTH = 2
# A quoted phrase, or a run of anything but spaces.
TOKEN_RE = re.compile(r'"[^"]*"?|\S+')
WORD_RE = re.compile(r"\w+")


def split_prefixes(q: str) -> tuple[str, list[str]]:
    """(the websearch text of q, the prefix words it asks for): 'deep transf*' -> ('deep', ['transf'])."""
    text, prefixes = [], []
    for token in TOKEN_RE.findall(q):
        if token.startswith('"') or not token.endswith("*") or token.startswith("-"):
            text.append(token)
            continue
        words = WORD_RE.findall(token)
        if words and len(words[-1]) >= PREFIX_MIN_LENGTH:
            text.extend(words[:-1])
            prefixes.append(words[-1])
        else:
            text.extend(words)
    return " ".join(text), prefixes


def text_query(q: str, config: str) -> SearchQuery:
    """q as a text query under config: websearch syntax, and word* for prefixes."""
    text, prefixes = split_prefixes(q)
    query = SearchQuery(text, search_type="websearch", config=config) if text.strip() else None
    for word in prefixes:
        # A word of \w characters only, quoted: nothing of tsquery's syntax can reach to_tsquery.
        prefix = SearchQuery(f"'{word}':*", search_type="raw", config=config)
        query = prefix if query is None else query & prefix
    return query if query is not None else SearchQuery("", search_type="websearch", config=config)


def fallback_words(q: str) -> str:
    """q as the fallback (SQLite) reads it: the prefix words' stars taken off ("transf*" -> "transf")."""
    text, prefixes = split_prefixes(q)
    return " ".join([text, *prefixes])
