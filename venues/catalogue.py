"""The catalogue of known venues (catalogue.json), loaded by data migrations."""

import json
from pathlib import Path

from ingest.normalize import venue_key

CATALOGUE_PATH = Path(__file__).with_name("catalogue.json")


def catalogue_entries() -> list[dict]:
    """The venues of catalogue.json, each with slug, acronym, name, kind, publisher, field, aliases."""
    return json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))


def catalogue_load(venue_model, alias_model) -> int:
    """Upsert every catalogue venue and its aliases; returns the number of venues.

    Takes the models as arguments so that migrations can pass their historical ones.
    An alias whose key another venue already owns is left with that venue.
    """
    entries = catalogue_entries()
    for entry in entries:
        venue, _ = venue_model.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "acronym": entry["acronym"],
                "name": entry["name"],
                "kind": entry["kind"],
                "publisher": entry.get("publisher", ""),
                "field": entry.get("field", ""),
                "verified": True,
            },
        )
        spellings = [entry["acronym"], entry["name"], *entry.get("aliases", [])]
        for text in dict.fromkeys(spellings):
            key = venue_key(text)
            if key:
                alias_model.objects.get_or_create(key=key, defaults={"venue": venue, "text": text})
    return len(entries)
