"""Whose listing a run ingests: the owner named on the command line or in the API."""

from ingest.matching.people import PersonResolver
from people.models import Lab, Person


class OwnerError(ValueError):
    """An owner or lab that cannot be chosen, with what to do about it."""


def owner_for(name_or_slug: str) -> Person:
    """The person with that slug, else the one person spelled so; created if unknown."""
    text = name_or_slug.strip()
    person = Person.objects.filter(slug=text).first()
    if person is not None:
        return person
    resolver = PersonResolver()
    resolver.load([text])
    resolution = resolver.resolve(text, create=False)
    if resolution.person is not None:
        return resolution.person
    exact = [c for c in resolution.candidates if c.name_key and c.full_name.casefold() == text.casefold()]
    if resolution.candidates and exact:
        slugs = ", ".join(c.slug for c in resolution.candidates)
        raise OwnerError(f"{len(resolution.candidates)} people are named {text!r}; give a slug: {slugs}")
    person = resolver.create(text)
    resolver.flush()
    return person


def lab_by_slug(slug: str) -> Lab:
    lab = Lab.objects.select_related("pi").filter(slug=slug).first()
    if lab is None:
        raise OwnerError(f"no lab has the slug {slug!r}; create it in the admin first")
    return lab
