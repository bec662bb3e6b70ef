"""Writes on people, labs and memberships."""

from collections.abc import Callable, Iterable

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from core.bulk import insert_instances, insert_rows
from core.provenance import typed_by_hand
from core.slugs import unique_slug
from people.models import Institution, Lab, Membership, Person, PersonAlias
from people.naming import alias_keys, assign_slugs, set_person_keys

# Apps above people show people's slugs and who wrote what (papers' cached rows), and people imports
# none of them: they add a listener from their ready(), and every write that changes a person's slug,
# deletes a person or moves their authorships calls people_changing first, in its transaction.
PeopleListener = Callable[[list[int]], None]
_listeners: list[PeopleListener] = []


def people_listener_add(listener: PeopleListener) -> None:
    """Have listener told the ids of people about to change (an app above adds it from ready())."""
    if listener not in _listeners:
        _listeners.append(listener)


def people_changing(*, person_ids: Iterable[int | None]) -> None:
    """These people's slugs are about to change, or they are to be deleted, or their authorships
    moved (merge, split, undo): tell the apps above."""
    ids = sorted({pk for pk in person_ids if pk is not None})
    for listener in _listeners:
        listener(ids)


def institution_get_or_create(*, name: str, short_name: str = "", country: str = "") -> Institution:
    """The institution of that name (case-insensitive), created if new."""
    existing = Institution.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    institution, _ = Institution.objects.get_or_create(
        name=name,
        defaults={
            "slug": unique_slug(Institution, short_name or name),
            "short_name": short_name,
            "country": country,
        },
    )
    return institution


def person_alias_add(*, person: Person, name: str) -> PersonAlias:
    """Record one more spelling of a person's name (nothing happens if it is known)."""
    alias, _ = PersonAlias.objects.get_or_create(person=person, name=name, defaults=alias_keys(name))
    return alias


@transaction.atomic
def person_create(*, full_name: str, given_name: str = "", family_name: str = "", **fields) -> Person:
    """A new person with a unique slug; their full name is their first alias."""
    person = Person(full_name=full_name, given_name=given_name, family_name=family_name, **fields)
    set_person_keys(person)
    assign_slugs([person])
    person.full_clean()
    person.save()
    person_alias_add(person=person, name=full_name)
    return person


@transaction.atomic
def lab_create(
    *,
    name: str,
    pi: Person | None = None,
    pi_start: str = "",
    institution: Institution | None = None,
    **fields,
) -> Lab:
    """A new lab; its PI becomes a current faculty member from pi_start."""
    lab = Lab(slug=unique_slug(Lab, slugify(name)), name=name, pi=pi, institution=institution, **fields)
    lab.full_clean()
    lab.save()
    if pi is not None:
        membership_create(lab=lab, person=pi, role="faculty", start=pi_start, institution=institution)
    return lab


@transaction.atomic
def membership_create(
    *,
    lab: Lab,
    person: Person,
    role: str,
    start: str = "",
    end: str = "",
    co_advisors: list[Person] = (),
    **fields,
) -> Membership:
    """A person's stint in a lab; validated, so an end before the start is refused."""
    membership = Membership(lab=lab, person=person, role=role, start=start, end=end, **fields)
    membership.full_clean()
    membership.save()
    if co_advisors:
        membership.co_advisors.set(co_advisors)
    return membership


MEMBERSHIP_FIELDS = ("role", "title", "start", "end", "email", "order")


@transaction.atomic
def membership_update(
    *, membership: Membership, co_advisors: list[Person] | None = None, **fields
) -> Membership:
    """Change a stint typed by a person: those fields lose their ingestion provenance."""
    for name, value in fields.items():
        if name not in MEMBERSHIP_FIELDS:
            raise ValueError(f"{name} cannot be edited here")
        setattr(membership, name, value)
    typed_by_hand(membership, fields)
    membership.full_clean()
    membership.save()
    if co_advisors is not None:
        membership.co_advisors.set(co_advisors)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, month: str) -> Membership:
    """A current member becomes an alumnus, their stint ending in month ("2026-11")."""
    if not membership.is_current:
        raise ValueError(f"{membership.person} already left {membership.lab} ({membership.end}).")
    return membership_update(membership=membership, end=month)


@transaction.atomic
def membership_move(*, membership: Membership, role: str, month: str) -> Membership:
    """A current member takes a new role: this stint ends in month and one in the new role starts.

    The old stint stays, so the lab page keeps "Master student 2019-2021" beside "Ph.D. student".
    """
    if membership.role == role:
        return membership
    co_advisors = list(membership.co_advisors.all())
    membership_end(membership=membership, month=month)
    fields = {name: getattr(membership, name) for name in ("email", "order")}
    return membership_create(
        lab=membership.lab,
        person=membership.person,
        role=role,
        start=month,
        co_advisors=co_advisors,
        institution=membership.institution,
        **fields,
    )


LAB_ADMINS_GROUP = "Lab admins"  # created with its permissions by migration people 0004


@transaction.atomic
def lab_admin_grant(*, user, lab: Lab) -> None:
    """Make user an admin of lab: staff, in the "Lab admins" group, one of lab.admins."""
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=LAB_ADMINS_GROUP))
    lab.admins.add(user)


def people_insert(*, people: list[Person]) -> None:
    """New people in bulk (ingestion's batches): unique slugs, then one COPY; their ids are set."""
    if people:
        assign_slugs(people)
        insert_instances(people)


def people_rename(*, people: list[Person]) -> None:
    """Store the names of people a better spelling renamed."""
    if people:
        Person.objects.bulk_update(people, ["full_name", "given_name", "family_name"])


def aliases_insert(*, aliases: list[tuple[Person, str]], ignore_conflicts: bool = False) -> None:
    """Spellings of stored people in bulk, keyed by people.naming; known ones are skipped with
    ignore_conflicts."""
    insert_rows(
        PersonAlias,
        ("person_id", "name", "key", "initials"),
        [(person.pk, name[:200], *alias_keys(name).values()) for person, name in aliases],
        ignore_conflicts=ignore_conflicts,
    )
