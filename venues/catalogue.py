"""The catalogue of known venues (catalogue.json; its sources in README.md)."""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.keys import venue_key

if TYPE_CHECKING:
    from venues.models import Venue, VenueAlias

CATALOGUE_PATH = Path(__file__).with_name("catalogue.json")
VENUE_FIELDS = ("acronym", "name", "kind", "publisher", "field")


def catalogue_entries() -> list[dict[str, Any]]:
    """The venues of catalogue.json: slug, acronym, name, kind, publisher, field, aliases, sources,
    and parent (the slug of a workshop series' conference)."""
    entries: list[dict[str, Any]] = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    return entries


def catalogue_spellings(entry: dict) -> list[str]:
    """Every spelling of a catalogue venue: its acronym, its name, its aliases."""
    return list(dict.fromkeys([entry["acronym"], entry["name"], *entry.get("aliases", [])]))


def catalogue_load(venue_model: "type[Venue]", alias_model: "type[VenueAlias]") -> int:
    """Create the catalogue venues missing, their aliases and parents; returns the number of venues.

    For a database emptied after the migrations ran (a transactional test's flush); the data
    migrations load the catalogue themselves. An alias whose key another venue already owns is
    left with that venue.
    """
    entries = catalogue_entries()
    slugs = [entry["slug"] for entry in entries]
    existing = venue_model.objects.in_bulk(slugs, field_name="slug")
    missing = [entry for entry in entries if entry["slug"] not in existing]
    values = [{name: entry.get(name, "") for name in VENUE_FIELDS} for entry in missing]
    venue_model.objects.bulk_create(
        [
            venue_model(slug=entry["slug"], verified=True, **value)
            for entry, value in zip(missing, values, strict=True)
        ],
        batch_size=500,
    )
    venues = venue_model.objects.in_bulk(slugs, field_name="slug")
    taken = set(alias_model.objects.values_list("key", flat=True))
    aliases = []
    for entry in entries:
        for text in catalogue_spellings(entry):
            key = venue_key(text)[:300]
            if key and key not in taken:
                taken.add(key)
                aliases.append(alias_model(venue=venues[entry["slug"]], text=text[:300], key=key))
    alias_model.objects.bulk_create(aliases, batch_size=500)
    for entry in entries:
        if entry.get("parent"):
            venues[entry["slug"]].parent = venues[entry["parent"]]
    venue_model.objects.bulk_update([venues[e["slug"]] for e in entries if e.get("parent")], ["parent"])
    return len(entries)
