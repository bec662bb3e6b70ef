"""Whose listing a run ingests, and for which lab: the owner and lab named by whoever submits it."""

from collections import defaultdict

from django.db import transaction

from core.keys import name_key
from core.names import family_key, person_fit
from ingest.match.people import PersonResolver, Written
from ingest.write.lock import write_lock, write_note
from people.models import Lab, Person, PersonAlias
from people.selectors import administered_labs, lab_people


class OwnerError(ValueError):
    """An owner or lab that cannot be chosen, with what to do about it."""


class OutsideLabs(OwnerError):
    """A lab admin naming a lab or an owner that is not theirs."""


class UnknownLab(OwnerError):
    """A lab slug that no lab has (the API answers 404)."""


class Conflict(OwnerError):
    """What was asked contradicts what is stored: an identifier held by someone else (the API: 409)."""


@transaction.atomic
def owner_for(name_or_slug: str) -> Person:
    """The person with that slug, else the one person the name is; created if unknown.

    Found and created under the write lock, as a batch's people are: two submissions naming
    the same new owner at once make one person. The clock's note says whom it made, so runs
    under way forget only that.
    """
    write_lock()
    text = name_or_slug.strip()
    person, resolver = _owner_found(text)
    if person is None:
        person = resolver.create(text)
        # Named by whoever gave the owner, not by a listing: later spellings do not rename them.
        person.provenance.pop("full_name", None)
        resolver.flush()
    write_note((resolver.written if resolver else Written()).as_json())
    return person


def owner_known(name_or_slug: str) -> Person | None:
    """The person owner_for would take, or None where it would create one."""
    return _owner_found(name_or_slug.strip())[0]


def _owner_found(text: str) -> tuple[Person | None, PersonResolver | None]:
    """The person of that slug or spelling; the one person with the same words in another order.

    A name that others' names fit too ("L. Carrette" for a known "Lieselot Carrette", or two
    people spelled alike) is refused with the candidates: the owner is never guessed.
    """
    person = Person.objects.filter(slug=text).first()
    if person is not None:
        return person, None
    resolver = PersonResolver()
    resolver.load([text])
    resolution = resolver.resolve(text, create=False)
    if resolution.person is not None:
        return resolution.person, resolver
    candidates = list({c.pk: c for c in [*resolution.candidates, *_people_fitting(text)]}.values())
    if len(candidates) == 1 and _same_words(candidates[0], text):
        return candidates[0], resolver  # "Carrette Lieselot" for the one "Lieselot Carrette"
    if candidates:
        names = ", ".join(f"{c.full_name} ({c.slug})" for c in candidates)
        raise OwnerError(
            f"{text!r} may be {names}: give the slug of the one you mean, "
            "or create the new person in the admin and give theirs"
        )
    return None, resolver


def _people_fitting(text: str, limit: int = 2000) -> list[Person]:
    """Known people whose names this one fits (names.person_fit): same family name, given names agreeing."""
    family = max(family_key(text).split(), key=len, default="")  # alias keys sort their words
    if not family:
        return []
    names: dict[int, list[str]] = defaultdict(list)
    people: dict[int, Person] = {}
    # One scan of the aliases sharing the family name's letters; person_fit then decides.
    for alias in PersonAlias.objects.filter(key__contains=family).select_related("person")[:limit]:
        names[alias.person_id].append(alias.name)
        people[alias.person_id] = alias.person
    return [people[pk] for pk, spelled in names.items() if person_fit(text, [*spelled, people[pk].full_name])]


def _same_words(person: Person, text: str) -> bool:
    return PersonAlias.objects.filter(person=person, key=name_key(text)).exists()


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
        raise UnknownLab(f"no lab has the slug {slug!r}; create it in the admin first")
    return lab
