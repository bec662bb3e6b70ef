"""Merging two people into one, splitting one into two, and undoing either.

A merge moves every row that points at the merged person (authorships, memberships,
aliases, entries, metrics, co-advisings, selections, runs, review items...) to the
survivor, found generically from Person's relations so that a new model cannot be
forgotten. Rows that would say twice what the survivor already has (the same alias,
the same stint) are removed and kept in the record. The survivor's empty fields are
filled from the merged person, who is then deleted; their old address redirects.
Everything needed to put it back is in the PersonMerge record. Apps above people add the
reasons two people cannot be one that only they know (merge_check_add): papers refuses to
merge two authors of one paper.
"""

import dataclasses
import json
from collections.abc import Callable

from django.core import serializers
from django.db import models, transaction
from django.utils import timezone

from people.choices import MergeKind
from people.models import Person, PersonAlias, PersonMerge
from people.naming import named_by_ingestion
from people.services import people_changing, person_alias_add, person_create

# Fields a survivor takes from the merged person when it has none of its own.
FILLED = (
    "given_name",
    "family_name",
    "position",
    "affiliation",
    "institution",
    "bio",
    "homepage",
    "email",
    "orcid",
    "dblp_pid",
    "dblp_name",
    "openalex_id",
    "s2_id",
    "scholar_id",
)


class MergeError(ValueError):
    """A merge, split or undo that cannot be done; the message says why."""


# (survivor, merged) -> why they cannot be one person, or "" when they can.
MergeCheck = Callable[[Person, Person], str]
_merge_checks: list[MergeCheck] = []


def merge_check_add(check: MergeCheck) -> None:
    """Refuse every merge that check gives a reason against (an app adds its own from ready())."""
    if check not in _merge_checks:
        _merge_checks.append(check)


def person_keys() -> list[tuple[type[models.Model], str]]:
    """(model, field) of every foreign key to Person, many-to-many tables and hidden ones included."""
    return [
        (rel.related_model, rel.field.name)
        for rel in Person._meta.get_fields(include_hidden=True)
        if rel.one_to_many
    ]


def _label(model: type[models.Model], field: str) -> str:
    return f"{model._meta.label_lower}.{field}"


def _unique_sets(model: type[models.Model], field: str) -> list[models.UniqueConstraint]:
    """The unique constraints of model that hold field, as constraints (unique_together included)."""
    found = [
        c for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) and field in c.fields
    ]
    found += [
        models.UniqueConstraint(fields=list(names), name="unique_together")
        for names in model._meta.unique_together
        if field in names
    ]
    return found


def _duplicates(model, field: str, merged: Person, survivor: Person) -> list[models.Model]:
    """Rows of merged that the survivor already has in the same words (by a unique constraint)."""
    found = {}
    for constraint in _unique_sets(model, field):
        others = [name for name in constraint.fields if name != field]
        rows = model.objects.filter(**{field: merged})
        if constraint.condition is not None:
            rows = rows.filter(constraint.condition)
        columns = [model._meta.get_field(name).attname for name in others]
        taken = set(model.objects.filter(**{field: survivor}).values_list(*columns))
        for row in rows:
            if tuple(getattr(row, column) for column in columns) in taken:
                found[row.pk] = row
    return list(found.values())


@transaction.atomic
def person_merge(*, survivor: Person, merged: Person, user=None) -> PersonMerge:
    """Merge merged into survivor: one person with both records, merged's address redirecting."""
    if survivor.pk == merged.pk:
        raise MergeError(f"{survivor} cannot be merged into themselves")
    for check in _merge_checks:
        reason = check(survivor, merged)
        if reason:
            raise MergeError(reason)
    people_changing(person_ids=[survivor.pk, merged.pk])
    record = PersonMerge(
        kind=MergeKind.MERGE,
        other_slug=merged.slug,
        other_name=merged.full_name,
        created_by=user,
        snapshot={"person": _serialized([merged])[0], "dropped": [], "survivor": _fields_of(survivor)},
    )
    for model, field in person_keys():
        dropped = _duplicates(model, field, merged, survivor)
        record.snapshot["dropped"] += _serialized(dropped)
        model.objects.filter(pk__in=[row.pk for row in dropped]).delete()
        rows = model.objects.filter(**{field: merged})
        record.moved[_label(model, field)] = list(rows.values_list("pk", flat=True))
        rows.update(**{field: survivor})
    merged.delete()
    _take_fields(survivor, merged)
    known = survivor.aliases.filter(name=merged.full_name).exists()
    alias = person_alias_add(person=survivor, name=merged.full_name)
    record.snapshot["alias"] = None if known else alias.pk
    record.person = survivor
    record.save()
    return record


def _fields_of(person: Person) -> dict:
    return {
        **{name: getattr(person, Person._meta.get_field(name).attname) for name in FILLED},
        "provenance": dict(person.provenance),
        "updated_at": person.updated_at.isoformat(),
    }


def _take_fields(survivor: Person, merged: Person) -> None:
    """The survivor keeps what it has and takes from merged what it lacks, with its provenance."""
    taken = {}
    for name in FILLED:
        attname = Person._meta.get_field(name).attname
        if not getattr(survivor, attname) and getattr(merged, attname):
            taken[attname] = getattr(merged, attname)
    provenance = {**{k: v for k, v in merged.provenance.items() if k in taken}, **survivor.provenance}
    Person.objects.filter(pk=survivor.pk).update(**taken, provenance=provenance, updated_at=timezone.now())
    survivor.refresh_from_db()


def _serialized(rows) -> list[dict]:
    """Rows as JSON-ready dicts (the record keeps them in a JSONField), times to the microsecond."""
    return json.loads(json.dumps(serializers.serialize("python", rows), default=_text))


def _text(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _restore(serialized: list[dict]) -> None:
    """Rows back as they were, their timestamps too (a save would stamp them now)."""
    objects = serializers.deserialize("python", serialized)
    for item, restored in zip(serialized, objects, strict=True):
        restored.save()
        model = type(restored.object)
        stamps = {name: item["fields"][name] for name in _stamped(model)}
        if stamps:
            model.objects.filter(pk=restored.object.pk).update(**stamps)


def _stamped(model) -> list[str]:
    fields = model._meta.concrete_fields
    return [f.name for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]


@transaction.atomic
def person_split(*, person: Person, full_name: str, authorships=(), aliases=(), user=None) -> PersonMerge:
    """Give some of a person's authorships and aliases to a new person (an author wrongly merged)."""
    # Through the relation papers gives Person, by its name: people imports no app above it.
    authorships = person.authorships.filter(pk__in=[a.pk for a in authorships])
    aliases = PersonAlias.objects.filter(person=person, pk__in=[a.pk for a in aliases])
    if not authorships.exists():
        raise MergeError(f"choose at least one of {person}'s papers for the new person")
    people_changing(person_ids=[person.pk])
    other = person_create(**{**named_by_ingestion(full_name.strip()), "provenance": {}})
    record = PersonMerge.objects.create(
        kind=MergeKind.SPLIT,
        person=person,
        other=other,
        other_slug=other.slug,
        other_name=other.full_name,
        created_by=user,
        moved={
            _label(authorships.model, "person"): list(authorships.values_list("pk", flat=True)),
            _label(PersonAlias, "person"): list(aliases.values_list("pk", flat=True)),
        },
    )
    authorships.update(person=other)
    aliases.update(person=other)
    return record


@transaction.atomic
def person_merge_undo(*, record: PersonMerge, user=None) -> PersonMerge:
    """Put the people back as they were before a merge or a split."""
    record = PersonMerge.objects.select_for_update().get(pk=record.pk)
    if record.undone_at is not None:
        raise MergeError(f"this {record.get_kind_display().lower()} was already undone")
    if record.person_id is None:
        raise MergeError("the person it kept was deleted since: it cannot be undone")
    people_changing(person_ids=[record.person_id, record.other_id])
    if record.kind == MergeKind.MERGE:
        _unmerge(record)
    else:
        _unsplit(record)
    record.undone_at = timezone.now()
    record.undone_by = user
    record.save(update_fields=["undone_at", "undone_by"])
    return record


def _unmerge(record: PersonMerge) -> None:
    if Person.objects.filter(slug=record.other_slug).exists():
        raise MergeError(f"the address {record.other_slug!r} was given to someone else since")
    if record.snapshot.get("alias"):
        PersonAlias.objects.filter(pk=record.snapshot["alias"]).delete()
    before = record.snapshot["survivor"]
    Person.objects.filter(pk=record.person_id).update(
        **{Person._meta.get_field(name).attname: before[name] for name in FILLED},
        provenance=before["provenance"],
        updated_at=before["updated_at"],
    )
    _restore([record.snapshot["person"]])
    merged_id = record.snapshot["person"]["pk"]
    for model, field in person_keys():
        ids = record.moved.get(_label(model, field), [])
        model.objects.filter(pk__in=ids).update(**{field: merged_id})
    _restore(record.snapshot["dropped"])


def _unsplit(record: PersonMerge) -> None:
    other = record.other
    for model, field in person_keys():
        ids = record.moved.get(_label(model, field), [])
        model.objects.filter(pk__in=ids).update(**{field: record.person_id})
    if other is None:
        return
    kept = {(PersonAlias, "person"), (PersonMerge, "other")}
    left = [
        (m, f) for m, f in person_keys() if (m, f) not in kept and m.objects.filter(**{f: other}).exists()
    ]
    if left or other.aliases.exclude(name=other.full_name).exists():
        raise MergeError(
            f"{other} has other records since the split: merge them into {record.person} instead"
        )
    other.delete()
    record.other = None


class _Rollback(Exception):
    pass


@dataclasses.dataclass
class MergePreview:
    """The survivor as a merge would leave it, or why the merge cannot be done."""

    person: Person | None = None
    aliases: list[str] = dataclasses.field(default_factory=list)
    memberships: list[str] = dataclasses.field(default_factory=list)
    paper_count: int = 0
    error: str = ""


def person_merge_preview(*, survivor: Person, merged: list[Person]) -> MergePreview:
    """Merge inside a transaction, look at the survivor, and roll everything back."""
    preview = MergePreview()
    try:
        with transaction.atomic():
            # Copies: a merge deletes the merged person, which empties the instance's primary key.
            for person in Person.objects.filter(pk__in=[p.pk for p in merged]):
                person_merge(survivor=survivor, merged=person)
            after = Person.objects.select_related("institution").get(pk=survivor.pk)
            preview.person = after
            preview.aliases = list(after.aliases.values_list("name", flat=True))
            stints = after.memberships.select_related("lab").order_by("lab__name", "start")
            preview.memberships = [f"{m.lab}: {m.get_role_display()} {m.start}–{m.end}" for m in stints]
            preview.paper_count = after.authorships.count()
            raise _Rollback
    except MergeError as error:
        preview.error = str(error)
    except _Rollback:
        pass
    survivor.refresh_from_db()
    return preview
