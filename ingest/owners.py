"""Whose listing a run ingests: the owner named on the command line or in the API."""

from ingest.matching.people import PersonResolver
from people.models import Lab, Person
from people.selectors import administered_labs, lab_people


class OwnerError(ValueError):
    """An owner or lab that cannot be chosen, with what to do about it."""


class OutsideLabs(OwnerError):
    """A lab admin naming a lab or an owner that is not theirs."""


def owner_for(name_or_slug: str) -> Person:
    """The person with that slug, else the one person spelled so; created if unknown."""
    person, resolver = _owner_found(name_or_slug.strip())
    if person is None:
        person = resolver.create(name_or_slug.strip())
        resolver.flush()
    return person


def owner_known(name_or_slug: str) -> Person | None:
    """The person owner_for would take, or None where it would create one."""
    return _owner_found(name_or_slug.strip())[0]


def _owner_found(text: str) -> tuple[Person | None, PersonResolver | None]:
    person = Person.objects.filter(slug=text).first()
    if person is not None:
        return person, None
    resolver = PersonResolver()
    resolver.load([text])
    resolution = resolver.resolve(text, create=False)
    if resolution.person is not None:
        return resolution.person, resolver
    exact = [c for c in resolution.candidates if c.name_key and c.full_name.casefold() == text.casefold()]
    if resolution.candidates and exact:
        slugs = ", ".join(c.slug for c in resolution.candidates)
        raise OwnerError(f"{len(resolution.candidates)} people are named {text!r}; give a slug: {slugs}")
    return None, resolver


def lab_admin_check(user, owner_text: str, lab: Lab | None) -> None:
    """A lab admin ingests for one of their labs, owned by one of its people or by someone new.

    Anyone else (a superuser, a script's user with the permission) is not limited here.
    """
    labs = administered_labs(user)
    if user.is_superuser or not labs.exists():
        return
    if lab is None or not labs.filter(pk=lab.pk).exists():
        raise OutsideLabs("choose one of your labs: a lab admin ingests listings for their own labs")
    owner = owner_known(owner_text) if owner_text else None
    if owner is not None and not lab_people(labs).filter(pk=owner.pk).exists():
        raise OutsideLabs(f"{owner} ({owner.slug}) is not one of your labs' people")


def lab_by_slug(slug: str) -> Lab:
    lab = Lab.objects.select_related("pi").filter(slug=slug).first()
    if lab is None:
        raise OwnerError(f"no lab has the slug {slug!r}; create it in the admin first")
    return lab
