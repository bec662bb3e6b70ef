"""Pure normalizers: names, titles, venue lines, dates, identifiers. No Django imports."""

from ingest.normalize.keys import abstract_key, fold, name_key, text_digest, title_key, venue_key

__all__ = ["abstract_key", "fold", "name_key", "text_digest", "title_key", "venue_key"]
