"""The catalogue grown from public lists, and the migration that loads it."""

import ast
import importlib
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps

from venues.catalogue import catalogue_entries
from venues.choices import VenueKind
from venues.models import Venue, VenueAlias

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("venues.migrations.0001_squashed_0004_venue_catalogue_lists")
SOURCES = {
    "pubtracker",
    "ccf-2022",
    "ccf-dblp",
    "core-2023",
    "core-2018",
    "jabref",
    "csrankings",
    "dblp-workshops",
}
FIELDS = [
    "computer vision",
    "machine learning",
    "natural language processing",
    "speech and signal processing",
    "robotics",
    "data mining",
    "information retrieval",
    "databases",
    "systems",
    "networking",
    "security and privacy",
    "human-computer interaction",
    "computer graphics",
    "theory of computing",
    "medical imaging",
    "bioinformatics",
    "multimedia",
    "software engineering",
]


def test_four_hundred_verified_venues_are_there_after_migrating():
    assert len(catalogue_entries()) >= 400
    assert Venue.objects.filter(verified=True).count() == len(catalogue_entries())


def test_every_entry_says_what_it_is_and_where_its_facts_come_from():
    for entry in catalogue_entries():
        assert entry["acronym"] and entry["name"] and entry["field"], entry["slug"]
        assert entry["kind"] in VenueKind.values, entry["slug"]
        assert entry["sources"] and set(entry["sources"]) <= SOURCES, entry["slug"]


def test_every_value_fits_its_column():
    # SQLite stores a longer value; PostgreSQL refuses the whole migration.
    limits = {
        name: Venue._meta.get_field(name).max_length
        for name in ("slug", "acronym", "name", "publisher", "field")
    }
    alias_limit = VenueAlias._meta.get_field("text").max_length
    for entry in catalogue_entries():
        assert {name: entry[name] for name, limit in limits.items() if len(entry[name]) > limit} == {}
        assert [alias for alias in entry["aliases"] if len(alias) > alias_limit] == [], entry["slug"]


def test_acronyms_and_slugs_name_one_venue_each():
    entries = catalogue_entries()
    assert max(Counter(entry["acronym"] for entry in entries).values()) == 1
    assert max(Counter(entry["slug"] for entry in entries).values()) == 1


def test_each_field_of_computing_has_its_venues():
    fields = Counter(entry["field"] for entry in catalogue_entries())
    assert {field: fields[field] for field in FIELDS if fields[field] < 5} == {}


def test_journals_carry_their_iso4_abbreviations():
    tpami = next(entry for entry in catalogue_entries() if entry["acronym"] == "TPAMI")
    assert "IEEE Trans. Pattern Anal. Mach. Intell." in tpami["aliases"]
    neurips = next(entry for entry in catalogue_entries() if entry["acronym"] == "NeurIPS")
    assert "NIPS" in neurips["aliases"]


def test_workshop_series_are_workshops_under_their_conference():
    series = Venue.objects.filter(kind=VenueKind.WORKSHOP, parent__isnull=False).select_related("parent")
    pairs = {venue.acronym: venue.parent.acronym for venue in series}
    assert {"CVPRW": "CVPR", "ICCVW": "ICCV", "ECCVW": "ECCV", "NeurIPSW": "NeurIPS"}.items() <= pairs.items()
    assert {venue.parent.kind for venue in series} == {VenueKind.CONFERENCE}


def test_the_migration_imports_no_app_code():
    tree = ast.parse(Path(MIGRATION.__file__).read_text(encoding="utf-8"))
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert {module.split(".")[0] for module in modules} <= {
        "html",
        "json",
        "re",
        "unicodedata",
        "pathlib",
        "django",
    }


def test_the_migrations_key_is_the_live_key():
    from core.keys import venue_key

    for entry in catalogue_entries()[:200]:
        for text in (entry["acronym"], entry["name"], *entry["aliases"]):
            assert MIGRATION.venue_key(text) == venue_key(text), text


def test_loading_again_changes_nothing():
    before = (
        sorted(Venue.objects.values_list("slug", "acronym", "name", "kind", "parent__slug")),
        sorted(VenueAlias.objects.values_list("key", "venue__slug")),
    )
    MIGRATION.load(apps, None)
    after = (
        sorted(Venue.objects.values_list("slug", "acronym", "name", "kind", "parent__slug")),
        sorted(VenueAlias.objects.values_list("key", "venue__slug")),
    )
    assert after == before


def test_aliases_stored_under_the_old_key_are_rekeyed_and_the_catalogue_keeps_its_own():
    icassp = Venue.objects.get(acronym="ICASSP")
    found = Venue.objects.create(slug="proc-of-icassp", acronym="", name="Proc. of ICASSP", verified=False)
    VenueAlias.objects.create(venue=found, text="Proc. of ICASSP", key="proc of icassp")  # the old key
    robots = Venue.objects.create(
        slug="quiet-robots", acronym="", name="Proc. of Quiet Robots", verified=False
    )
    VenueAlias.objects.create(venue=robots, text="Proc. of Quiet Robots", key="proc of quiet robots")
    MIGRATION.load(apps, None)
    assert VenueAlias.objects.get(key="icassp").venue == icassp
    assert not VenueAlias.objects.filter(venue=found).exists()
    assert VenueAlias.objects.get(venue=robots).key == "quiet robots"
