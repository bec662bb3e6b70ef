"""A person's keys and slug have one rule: the service, the admin and ingestion agree."""

import pytest
from django.urls import reverse

from people.models import Person
from people.naming import alias_keys
from people.services import person_alias_add, person_create
from tests import factories
from tests.ingest.helpers import ingest

pytestmark = pytest.mark.django_db

# A slug of more than 70 characters: people's slugs keep room for a number within the field's 80.
NAME = "Maximiliana Alexandrovna Konstantinopolskaya-Wolkensteinova von Oberhausen"

INLINES = ("memberships", "metric_reports")


def keys_of(person: Person) -> tuple:
    aliases = sorted(person.aliases.values_list("name", "key", "initials"))
    return person.name_key, person.slug, aliases


def by_service() -> Person:
    return person_create(full_name=NAME)


def by_ingestion() -> Person:
    ingest(f"@article{{k, title={{Streets}}, author={{{NAME} and Jun Tan}}, year={{2023}}}}", "bibtex")
    return Person.objects.get(full_name=NAME)


def by_admin(client) -> Person:
    form = {
        "full_name": NAME,
        "slug": "maximiliana",
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-0-name": NAME,
        **{
            f"{inline}-{count}": "0"
            for inline in ("memberships", "metric_reports")
            for count in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    response = client.post(reverse("admin:people_person_add"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Person.objects.get(full_name=NAME)


def test_a_person_gets_the_same_keys_from_the_service_the_admin_and_ingestion(client):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    keys = []
    for make in (by_service, by_ingestion, lambda: by_admin(client)):
        person = make()
        keys.append(keys_of(person))
        person.delete()
    assert keys[0] == keys[1]
    assert keys[2] == (*keys[0][:1], "maximiliana", keys[0][2])  # in the admin a person types the slug
    name_key, slug, _ = keys[0]
    assert name_key == "alexandrovna konstantinopolskaya maximiliana oberhausen von wolkensteinova"
    assert slug == "maximiliana-alexandrovna-konstantinopolskaya-wolkensteinova-von-oberha"


def test_a_spelling_added_by_the_service_is_keyed_as_ingestion_keys_it():
    person = person_create(full_name="Qianru Sun")
    alias = person_alias_add(person=person, name="Sun, Q.")
    assert (alias.key, alias.initials) == ("q sun", "q sun")
    assert alias_keys("Sun, Q.") == {"key": "q sun", "initials": "q sun"}


def test_a_name_without_latin_letters_gets_the_slug_ingestion_gives_it():
    assert person_create(full_name="森 健二").slug == "person"
