"""Pure normalizers: names, titles, venue lines, dates, identifiers. No Django imports."""

from ingest.normalize.keys import fold, name_key, title_key, venue_key

__all__ = ["fold", "name_key", "title_key", "venue_key"]
