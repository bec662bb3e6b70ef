"""Venue writes have one owner: the admin, ingestion and the review keep venues by the same rules."""

import pytest
from django.urls import reverse

from ingest.models import ReviewItem
from papers.models import Paper
from tests import factories
from tests.ingest.helpers import ingest
from venues.models import Venue, VenueAlias, VenueEdition
from venues.services import (
    venue_alias_key,
    venue_create,
    venue_edition_get_or_create,
    venue_editions_get_or_create,
    venue_merge,
)

pytestmark = pytest.mark.django_db


def bibtex(booktitle: str, year: int = 2024) -> str:
    return (
        f"@inproceedings{{k, title={{Weaving Baskets at Scale}}, author={{Mira Okafor and Jun Tan}},\n"
        f"  booktitle={{{booktitle}}}, year={{{year}}}}}\n"
    )


def venue_of_the_paper() -> Venue:
    return Paper.objects.select_related("venue_edition__venue").get().venue_edition.venue


def test_a_spelling_typed_in_the_admin_is_keyed_as_ingestion_looks_it_up(client):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    form = {
        **{name: "" for name in ("publisher", "field", "homepage", "parent")},
        "slug": "ibw",
        "acronym": "IBW",
        "name": "International Workshop on Basket Weaving",
        "kind": "workshop",
        "verified": "on",
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-0-text": "Proc. of the Intl. Workshop on Basket Weaving 2023",
        "editions-TOTAL_FORMS": "0",
        "editions-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:venues_venue_add"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    alias = VenueAlias.objects.get(venue__slug="ibw")
    assert alias.key == venue_alias_key(alias.text) == "international workshop on basket weaving"
    ingest(bibtex("International Workshop on Basket Weaving '24"), "bibtex")
    assert venue_of_the_paper().slug == "ibw"
    assert not Venue.objects.filter(verified=False).exists()


def test_venue_create_makes_the_venue_ingestion_makes_for_an_unknown_spelling():
    ingest(bibtex("Workshop on Quantum Basket Weaving and Other Crafts 2024"), "bibtex")
    made = venue_of_the_paper()
    assert not made.verified
    fields = ("slug", "acronym", "name", "kind", "parent_id", "verified")
    ingested = {name: getattr(made, name) for name in fields}
    spellings = list(made.aliases.values_list("text", "key"))
    ReviewItem.objects.all().delete()
    Paper.objects.all().delete()
    made.editions.all().delete()
    made.delete()
    again = venue_create(spelling=spellings[0][0], acronym=made.acronym, kind=made.kind)
    assert {name: getattr(again, name) for name in fields} == ingested
    assert list(again.aliases.values_list("text", "key")) == spellings


SPELLINGS = [
    "Proceedings of the 2021 Workshop on Quantum Basket Weaving",
    "Proc. Workshop on Quantum Basket Weaving",
    "Workshop on Quantum Basket Weaving",
    "Workshop on Quantum Basket Weaving '22",
]


@pytest.mark.parametrize("first", range(len(SPELLINGS)))
def test_an_unknown_venue_met_in_several_spellings_is_named_the_same_whichever_came_first(first):
    order = SPELLINGS[first:] + SPELLINGS[:first]
    for spelling in order:
        ingest(bibtex(spelling), "bibtex")
    venue = Venue.objects.get(verified=False)
    assert venue.name == "Workshop on Quantum Basket Weaving"  # no year, then the shortest
    assert list(venue.aliases.values_list("text", flat=True)) == [venue.name]
    assert Paper.objects.count() == 1


def test_a_verified_venue_keeps_its_name_whatever_spelling_a_listing_uses():
    venue = factories.VenueFactory(name="Basket Weaving Summit Long Name", verified=True)
    VenueAlias.objects.create(venue=venue, text=venue.name, key=venue_alias_key("Basket Weaving Summit"))
    ingest(bibtex("Basket Weaving Summit"), "bibtex")
    venue.refresh_from_db()
    assert venue.name == "Basket Weaving Summit Long Name"
    assert venue_of_the_paper() == venue


def test_merging_a_venue_moves_its_spellings_and_papers_to_the_other_venues_editions():
    unknown = venue_create(spelling="Basket Weaving Wkshp 2023", kind="workshop")
    target = factories.VenueFactory(acronym="IBW")
    kept = venue_edition_get_or_create(venue=target, year=2023)
    paper = factories.PaperFactory(venue_edition=venue_edition_get_or_create(venue=unknown, year=2023))
    factories.PaperFactory(venue_edition=venue_edition_get_or_create(venue=unknown, year=2021))
    assert venue_merge(venue=unknown, into=target) == target
    assert not Venue.objects.filter(pk=unknown.pk).exists()
    assert list(target.aliases.values_list("key", flat=True)) == ["basket weaving wkshp"]
    paper.refresh_from_db()
    assert paper.venue_edition == kept
    assert sorted(target.editions.values_list("year", flat=True)) == [2021, 2023]


def test_editions_are_fetched_and_the_missing_ones_created_in_a_few_queries(django_assert_num_queries):
    venue = factories.VenueFactory()
    known = venue_edition_get_or_create(venue=venue, year=2022)
    with django_assert_num_queries(3):
        found = venue_editions_get_or_create(pairs={(venue.pk, 2022), (venue.pk, 2023)})
    assert found[(venue.pk, 2022)] == known and found[(venue.pk, 2023)].year == 2023
    assert VenueEdition.objects.filter(venue=venue).count() == 2
    with django_assert_num_queries(1):
        venue_editions_get_or_create(pairs={(venue.pk, 2023)})
