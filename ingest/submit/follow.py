"""Following a person in a scholarly source: a Source of their ORCID iD, DBLP pid, OpenAlex or
Semantic Scholar author id, or an arXiv query, whose works are harvested now and on schedule."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from core.identifiers import DBLP, OPENALEX, ORCID, S2, normalize_openalex_id, normalize_orcid
from ingest.choices import SourceKind
from ingest.formats import Format
from ingest.models import Source
from ingest.submit.owners import Conflict, OutsideLabs, OwnerError
from people.models import PERSON_ID_FIELDS, Lab, Person
from people.selectors import administered_labs, lab_people

DBLP_PID_RE = re.compile(r"(?:dblp\.org/pid/)?([a-z0-9]+/[A-Za-z0-9_-]+?)(?:\.html|\.xml|\.bib)?/?$")
S2_ID_RE = re.compile(r"(?:semanticscholar\.org/author/(?:[^/]+/)?)?(\d{1,15})/?$")


def _dblp_pid(text: str) -> str:
    match = DBLP_PID_RE.search(text.strip())
    return match.group(1) if match else ""


def _s2_id(text: str) -> str:
    match = S2_ID_RE.search(text.strip())
    return match.group(1) if match else ""


def _openalex_author(text: str) -> str:
    found = normalize_openalex_id(text)
    return found if found.startswith("A") else ""


def _arxiv_query(text: str) -> str:
    return " ".join(text.split())[:300]


@dataclass(frozen=True)
class Followed:
    """How a kind of source reads its identifier, the format its pages are in, and the person's
    identifier it is (None for a query, which names nobody)."""

    read: Callable[[str], str]
    format: str
    person_id: str | None
    example: str


FOLLOWED = {
    SourceKind.ORCID: Followed(normalize_orcid, Format.ORCID, ORCID, "0000-0002-1825-0097"),
    SourceKind.DBLP: Followed(_dblp_pid, Format.DBLP, DBLP, "35/7092-1"),
    SourceKind.OPENALEX: Followed(_openalex_author, Format.OPENALEX, OPENALEX, "A5023888391"),
    SourceKind.S2: Followed(_s2_id, Format.S2, S2, "1741101"),
    SourceKind.ARXIV: Followed(_arxiv_query, Format.ARXIV, None, 'au:"Lovelace, Ada"'),
}


def identifier_read(kind: str, text: str) -> str:
    """The identifier in its one form ("https://orcid.org/0000-…" -> "0000-…"); OwnerError if none."""
    followed = FOLLOWED.get(kind)
    if followed is None:
        raise OwnerError(f"{kind!r} is not a kind of source to follow; use one of {', '.join(FOLLOWED)}")
    value = followed.read(text or "")
    if not value:
        raise OwnerError(f"{text!r} is not a valid {SourceKind(kind).label} (like {followed.example})")
    return value


def follow_check(user, owner: Person | None, lab: Lab | None) -> None:
    """A lab admin follows their own labs' people only; superusers and others are not limited here."""
    if user is None or user.is_superuser:
        return
    labs = administered_labs(user)
    if not labs.exists():
        return
    if lab is not None and not labs.filter(pk=lab.pk).exists():
        raise OutsideLabs("choose one of your labs: a lab admin follows their own labs' people")
    if owner is None or not lab_people(labs).filter(pk=owner.pk).exists():
        raise OutsideLabs(f"{owner or 'nobody'} is not one of your labs' people")


@transaction.atomic
def source_follow(
    *,
    kind: str,
    identifier: str,
    owner: Person | None,
    lab: Lab | None = None,
    user=None,
    enrich: bool = True,
) -> tuple[Source, bool]:
    """The source following this identifier, created if new; True when created.

    The person's identifier of that kind is stored on them, so their works match them by it
    whatever spelling they carry. An identifier that is someone else's is refused.
    """
    value = identifier_read(kind, identifier)
    followed = FOLLOWED[kind]
    if followed.person_id is not None and owner is None:
        raise OwnerError(f"say whose {SourceKind(kind).label} {value} is: give an owner")
    follow_check(user, owner, lab)
    if followed.person_id is not None:
        _person_identifier(owner, followed.person_id, value)
    name = f"{SourceKind(kind).label} {value}" + (f" ({owner.full_name})" if owner else "")
    try:
        with transaction.atomic():
            source, created = Source.objects.get_or_create(
                kind=kind,
                identifier=value,
                defaults={
                    "name": name[:200],
                    "format": followed.format,
                    "owner": owner,
                    "lab": lab,
                    "enrich": enrich,
                },
            )
    except IntegrityError:  # another request made it meanwhile
        source, created = Source.objects.get(kind=kind, identifier=value), False
    if not created and owner is not None and source.owner_id not in (None, owner.pk):
        raise Conflict(f"{source.name} is already followed for {source.owner}")
    return source, created


def _person_identifier(person: Person, kind: str, value: str) -> None:
    field = PERSON_ID_FIELDS[kind]
    holder = Person.objects.filter(**{field: value}).exclude(pk=person.pk).first()
    if holder is not None:
        raise Conflict(f"{value} is the {field.replace('_', ' ')} of {holder.full_name} ({holder.slug})")
    current = getattr(person, field)
    if current and current != value:
        raise Conflict(f"{person.full_name} already has the {field.replace('_', ' ')} {current}, not {value}")
    if not current:
        Person.objects.filter(pk=person.pk).update(**{field: value})
        setattr(person, field, value)
