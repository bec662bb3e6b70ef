"""People found by the identifiers a listing gives its authors (an ORCID iD, a DBLP pid, DBLP's
name with its homonym number, OpenAlex and Semantic Scholar author ids): matched before any name
rule, and the proof that two people who share a name are two ("Wei Wang 0001", "Wei Wang 0002")."""

from collections.abc import Iterable, Mapping

from django.db.models import Q

from core.identifiers import PERSON_ID_KINDS
from people.models import PERSON_ID_FIELDS, Person, person_ids


class Identities:
    """The people of a batch's identifiers, and the identifiers to store on people met without them."""

    def __init__(self) -> None:
        self.by_id: dict[tuple[str, str], Person] = {}
        self.pending: dict[int, dict[str, str]] = {}  # stored person's id -> fields to fill

    def load(self, id_maps: Iterable[Mapping[str, str]]) -> None:
        """Fetch, in one query, everyone holding any of these identifiers."""
        wanted: dict[str, set[str]] = {}
        for ids in id_maps:
            for kind, value in ids.items():
                if kind in PERSON_ID_FIELDS and value and (kind, value) not in self.by_id:
                    wanted.setdefault(kind, set()).add(value)
        if not wanted:
            return
        query = Q()
        for kind, values in wanted.items():
            query |= Q(**{f"{PERSON_ID_FIELDS[kind]}__in": values})
        for person in Person.objects.filter(query):
            self.index(person)

    def index(self, person: Person) -> None:
        for kind, value in person_ids(person).items():
            self.by_id[(kind, value)] = person

    def find(self, ids: Mapping[str, str]) -> Person | None:
        """The person holding one of these identifiers, the strongest kind first (ORCID)."""
        for kind in PERSON_ID_KINDS:
            person = self.by_id.get((kind, ids.get(kind, "")))
            if person is not None:
                return person
        return None

    @staticmethod
    def conflicts(person: Person, ids: Mapping[str, str]) -> bool:
        """The person holds another identifier of a kind the author has: they are someone else."""
        held = person_ids(person)
        return any(held.get(kind, value) != value for kind, value in ids.items() if kind in PERSON_ID_FIELDS)

    def stamp(self, person: Person, ids: Mapping[str, str]) -> None:
        """Give a person the identifiers they lack and nobody else holds (stored at flush)."""
        held = person_ids(person)
        for kind, value in ids.items():
            if kind not in PERSON_ID_FIELDS or not value or kind in held:
                continue
            if self.by_id.get((kind, value)) not in (None, person):
                continue
            setattr(person, PERSON_ID_FIELDS[kind], value)
            self.by_id[(kind, value)] = person
            if person.pk:
                self.pending.setdefault(person.pk, {})[PERSON_ID_FIELDS[kind]] = value

    def flush(self) -> None:
        """Store the identifiers given to stored people; a field someone filled meanwhile is kept."""
        for pk, fields in self.pending.items():
            for field, value in fields.items():
                Person.objects.filter(pk=pk, **{field: ""}).update(**{field: value})
        self.pending = {}

    def clear(self) -> None:
        self.by_id.clear()
