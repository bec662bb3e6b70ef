"""A person's name fields, keys and slug from the names listings give them: the one owner of those rules."""

from collections.abc import Iterable

from core.fields import cut_to_field
from core.keys import name_key
from core.names import initials_key, is_abbreviated, split_name
from core.slugs import slug_base, unique_slugs
from people.models import Person, PersonAlias

# Slugs of people made in bulk keep room for a number ("qianru-sun-12") within the field's 80.
SLUG_LENGTH = 70


def named_by_ingestion(name: str) -> dict:
    """A new person's name fields from a name as a listing wrote it; a better spelling may rename them."""
    parts = split_name(name)
    return {
        "full_name": (parts.full or name)[:200],
        "given_name": parts.given[:100],
        "family_name": parts.family[:100],
        "provenance": {"full_name": "ingestion"},
    }


def best_spelling(names: Iterable[str]) -> str:
    """The spelling to show, chosen among a person's aliases whatever order they came in.

    Full given names before initials, "Given Family" before "Family, Given", normal
    capitals before a family name in capitals; the rest is alphabetical.
    """

    def flaws(name: str) -> tuple:
        shouting = any(len(word) > 1 and word.isupper() for word in name.split())
        return (is_abbreviated(name), "," in name, shouting, name)

    return min(names, key=flaws, default="")


def assign_slugs(people: list[Person]) -> None:
    """Unique slugs for new people: one query for the free ones, one more for the taken bases."""
    bases = [slug_base(person.full_name, SLUG_LENGTH, "person") for person in people]
    for person, slug in zip(people, unique_slugs(Person, bases), strict=True):
        person.slug = slug


def set_person_keys(person: Person) -> None:
    """Fill the person's folded, order-free name key from their full name."""
    person.name_key = cut_to_field(Person, "name_key", name_key(person.full_name))


def alias_keys(name: str) -> dict[str, str]:
    """The keys a spelling of a name is found by: its name key and its initials key, cut to their fields."""
    return {
        "key": cut_to_field(PersonAlias, "key", name_key(name)),
        "initials": cut_to_field(PersonAlias, "initials", initials_key(name)),
    }


def set_alias_keys(alias: PersonAlias) -> None:
    """Fill the alias's keys from its name."""
    for field, value in alias_keys(alias.name).items():
        setattr(alias, field, value)
