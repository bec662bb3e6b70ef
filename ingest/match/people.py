"""Which person a name in a listing is: by aliases and folded keys, with the run's context.

A name spelled as a known alias links at once. A reordered name ("Lv Hui" for "Hui Lv")
or an initial ("Q. Sun" for "Qianru Sun") links only when the context singles out one
person: a member of the run's lab, the listing's owner, or someone who already wrote
with this paper's other authors. Two people who share a name are never picked between
without such context: that becomes a ReviewItem.

The owner is the listing's subject: in their own listing, the one author of a record whose
name fits theirs best (initials, a middle name, the family name first, accents and hyphens
aside: names.person_fit) is them, unless the name is also exactly another person's, which is
asked about.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q

from core.keys import name_key
from core.names import initials_key, is_abbreviated, person_fit, spelling, split_name
from ingest.match.identities import Identities
from papers.models import Authorship
from people.models import Membership, Person, PersonAlias
from people.naming import best_spelling, named_by_ingestion, set_person_keys
from people.services import aliases_insert, people_insert, people_rename


@dataclass
class Resolution:
    """The person a name is, or the candidates a person must choose between."""

    person: Person | None = None
    candidates: list[Person] = field(default_factory=list)
    created: bool = False

    @property
    def needs_review(self) -> bool:
        return bool(self.candidates) and self.person is None


@dataclass(eq=False)
class KnownPerson:
    person: Person
    names: set[str] = field(default_factory=set)  # aliases as stored (or about to be)
    spellings: set[str] = field(default_factory=set)  # the same, as spelling() keys


# An author spelled exactly as the owner is known: fits better than any variant (names.person_fit).
OWNER_EXACT = 1_000


class PersonResolver:
    """Resolves the names of a run with few queries, remembering the people it creates."""

    def __init__(
        self,
        *,
        owner: Person | None = None,
        lab_member_ids: Iterable[int] = (),
        written: "Written | None" = None,
    ) -> None:
        self.owner = owner
        self.lab_member_ids = set(lab_member_ids)
        self.known: dict[tuple[str, int], KnownPerson] = {}
        self.by_key: dict[str, list[KnownPerson]] = defaultdict(list)
        self.by_initials: dict[str, list[KnownPerson]] = defaultdict(list)
        self.new_people: list[Person] = []
        self.new_aliases: list[tuple[Person, str]] = []
        self._loaded_keys: set[str] = set()
        self._context_cache: dict[tuple[int, frozenset[int]], bool] = {}
        self._owner_fits: dict[str, int] = {}
        # What flush stored, for other runs to forget (ingest.write.lock): a run's resolvers share one.
        self.written = written if written is not None else Written()
        self.identities = Identities()

    def load(self, names: Iterable[str], ids: Iterable[Mapping[str, str]] = ()) -> None:
        """Fetch, in one query each, every alias of every person these names could be, and
        everyone holding these identifiers."""
        self.identities.load(ids)
        keys, initials = set(), set()
        for name in names:
            key = name_key(name)
            if key and key not in self._loaded_keys:
                keys.add(key)
                if is_abbreviated(name):
                    initials.add(initials_key(name))
        if not keys:
            return
        self._loaded_keys |= keys
        # All aliases of the candidates, not only the matching ones: a candidate's other
        # spellings decide whether a name is its exact spelling or a reordered one.
        candidates = PersonAlias.objects.filter(Q(key__in=keys) | Q(initials__in=initials)).values(
            "person_id"
        )
        people: dict[int, Person] = {}
        for alias in PersonAlias.objects.filter(person_id__in=candidates).select_related("person"):
            person = people.setdefault(alias.person_id, alias.person)
            self._index(self._known(person), alias.name)

    def forget(self, written: "Written") -> None:
        """Drop what another run's write changed: names under its keys are read again when next
        met, its people are read afresh, and every answer that depended on papers is asked again."""
        self._loaded_keys.difference_update(written.keys)
        for pk in written.people:
            known = self.known.pop(("pk", pk), None)
            for name in known.names if known else ():
                self._loaded_keys.discard(name_key(name))
                for index, key in ((self.by_key, name_key(name)), (self.by_initials, initials_key(name))):
                    if known in index.get(key, ()):
                        index[key].remove(known)
        self._context_cache.clear()
        self._owner_fits.clear()
        self.identities.clear()

    def load_person(self, person: Person) -> None:
        """Fetch every alias of one person (the owner), so their spellings are known."""
        if person.pk and not self._known(person).names:
            for name in PersonAlias.objects.filter(person=person).values_list("name", flat=True):
                self._index(self._known(person), name)

    def _known(self, person: Person) -> KnownPerson:
        # Stored people are known by id, new ones by object until they have an id.
        slot = ("pk", person.pk) if person.pk else ("object", id(person))
        known = self.known.get(slot)
        if known is None:
            known = self.known[slot] = KnownPerson(person)
        return known

    def _index(self, known: KnownPerson, name: str) -> None:
        known.names.add(name)
        spelled = spelling(name)
        if spelled in known.spellings:
            return
        known.spellings.add(spelled)
        for index, key in ((self.by_key, name_key(name)), (self.by_initials, initials_key(name))):
            if known not in index[key]:
                index[key].append(known)

    def resolve_authors(
        self, names: list[str], ids: list[Mapping[str, str]] | None = None
    ) -> list[Resolution]:
        """The people a record's authors are: first whoever an identifier names; the owner at most
        once, where a name fits them best; then the sure names, then the others with those as context."""
        ids = ids or [{} for _ in names]
        by_id = [self.identities.find(author_ids) for author_ids in ids]
        owner_at = self._owner_position(names, ids, by_id)
        taken = owner_at is not None
        first = [
            self._link(self._known(found), name, author_ids)
            if found is not None
            else self._resolve_owner(name, author_ids)
            if index == owner_at
            else self.resolve(name, create=False, owner_taken=taken, ids=author_ids)
            for index, (name, author_ids, found) in enumerate(zip(names, ids, by_id, strict=True))
        ]
        sure = [found.person for found in first if found.person is not None]
        again = [found.person is None and index != owner_at for index, found in enumerate(first)]
        return [
            self.resolve(name, coauthors=sure, owner_taken=taken, ids=author_ids) if redo else found
            for name, author_ids, found, redo in zip(names, ids, first, again, strict=True)
        ]

    def resolve(
        self,
        name: str,
        *,
        coauthors: Iterable[Person] = (),
        create: bool = True,
        owner_taken: bool = False,
        ids: Mapping[str, str] | None = None,
    ) -> Resolution:
        """The person this name is, given the other people of the same record.

        owner_taken: another author of the record is the owner, so this one is not.
        ids: the author's identifiers; nobody holding another of the same kind can be them.
        """
        key = name_key(name)
        if not key:
            return Resolution()
        ids = ids or {}
        spelled = spelling(name)
        same_key = [k for k in self.by_key.get(key, []) if not self.identities.conflicts(k.person, ids)]
        exact = [known for known in same_key if spelled in known.spellings]
        if owner_taken and self._without_owner(exact) != exact:
            return Resolution()  # the owner's own spelling a second time: a repeated name, nobody new
        if len(exact) == 1:
            return self._link(exact[0], name, ids)
        candidates = exact or self._variants(name, same_key, ids)
        if owner_taken:
            candidates = self._without_owner(candidates)
        if candidates:
            chosen = self._by_context(candidates, coauthors)
            if chosen is not None:
                return self._link(chosen, name, ids)
            return Resolution(candidates=[known.person for known in candidates])
        # An initial alone ("Q. Sun") names nobody in particular: without a person it
        # could abbreviate, it stays a name on the paper rather than a new person. An identifier
        # names someone in particular, whatever the spelling.
        if not create or (is_abbreviated(name) and not ids):
            return Resolution()
        person = self.create(name)
        self.identities.stamp(person, ids)
        return Resolution(person=person, created=True)

    # The owner ------------------------------------------------------------------

    def _owner_position(
        self, names: list[str], ids: list[Mapping[str, str]], by_id: list[Person | None]
    ) -> int | None:
        """The author who is the owner: the one an identifier names, else the one whose name fits
        theirs best, if one does; never an author whose identifiers make them someone else."""
        if self.owner is None or not self.owner.pk:
            return None
        for index, found in enumerate(by_id):
            if found is not None and found.pk == self.owner.pk:
                return index
        fits = [
            0
            if found is not None or self.identities.conflicts(self.owner, author_ids)
            else self._owner_fit(name)
            for name, author_ids, found in zip(names, ids, by_id, strict=True)
        ]
        best = max(fits, default=0)
        # Two names fitting alike: nothing singles one out, the usual rules decide.
        return fits.index(best) if best and fits.count(best) == 1 else None

    def _owner_fit(self, name: str) -> int:
        if name not in self._owner_fits:
            names = self._owner_names()
            exact = spelling(name) in {spelling(known) for known in names}
            self._owner_fits[name] = OWNER_EXACT if exact else person_fit(name, names)
        return self._owner_fits[name]

    def _owner_names(self) -> set[str]:
        """Every spelling of the owner: aliases, the name shown, given and family names."""
        self.load_person(self.owner)
        owner = self.owner
        return {*self._known(owner).names, owner.full_name, f"{owner.given_name} {owner.family_name}".strip()}

    def _resolve_owner(self, name: str, ids: Mapping[str, str]) -> Resolution:
        """The owner, for the author whose name fits them; asked about when the name is exactly
        another person's ("Verbruggen, A." of an Arne Verbruggen) and only loosely the owner's."""
        if name_key(name) not in {name_key(known) for known in self._owner_names()}:
            rivals = self._without_owner(self.by_key.get(name_key(name), []))
            if rivals:
                return Resolution(candidates=[self.owner, *(known.person for known in rivals)])
        return self._link(self._known(self.owner), name, ids)

    def _without_owner(self, people: list[KnownPerson]) -> list[KnownPerson]:
        if self.owner is None:
            return people
        return [known for known in people if known.person.pk != self.owner.pk]

    def _variants(self, name: str, same_key: list[KnownPerson], ids: Mapping[str, str]) -> list[KnownPerson]:
        """Reordered spellings, and for an initial ("Q. Sun") the people it may abbreviate."""
        variants = list(same_key)
        if is_abbreviated(name):
            variants += [
                k
                for k in self.by_initials.get(initials_key(name), [])
                if k not in variants and not self.identities.conflicts(k.person, ids)
            ]
        return variants

    def _by_context(self, candidates: list[KnownPerson], coauthors: Iterable[Person]) -> KnownPerson | None:
        coauthor_ids = frozenset(person.pk for person in coauthors if person.pk)
        fitting = [known for known in candidates if self._fits(known.person, coauthor_ids)]
        return fitting[0] if len(fitting) == 1 else None

    def _fits(self, person: Person, coauthor_ids: frozenset[int]) -> bool:
        if not person.pk:
            return False
        if (self.owner is not None and person.pk == self.owner.pk) or person.pk in self.lab_member_ids:
            return True
        others = coauthor_ids - {person.pk}
        if not others:
            return False
        cache_key = (person.pk, others)
        if cache_key not in self._context_cache:
            # Context: the candidate wrote with this record's other people before, or
            # was in a lab with one of them.
            self._context_cache[cache_key] = (
                Authorship.objects.filter(
                    person_id=person.pk, paper__authorships__person_id__in=others
                ).exists()
                or Membership.objects.filter(
                    person_id=person.pk, lab__memberships__person_id__in=others
                ).exists()
            )
        return self._context_cache[cache_key]

    def _link(self, known: KnownPerson, name: str, ids: Mapping[str, str] | None = None) -> Resolution:
        self.add_alias(known.person, name)
        if ids:
            self.identities.stamp(known.person, ids)
        return Resolution(person=known.person)

    def create(self, name: str) -> Person:
        """A new person for this name, stored at the next flush."""
        person = Person(**named_by_ingestion(name))
        set_person_keys(person)
        self.new_people.append(person)
        self.add_alias(person, name)
        return person

    def add_alias(self, person: Person, name: str) -> bool:
        """Note a spelling of a person to store; True when it is new for them."""
        known = self._known(person)
        if name in known.names:
            return False
        self._index(known, name)
        self.new_aliases.append((person, name))
        if self.owner is not None and person.pk and person.pk == self.owner.pk:
            self._owner_fits.clear()  # a new spelling of the owner: names may fit them better now
        return True

    def _rename(self, people: Iterable[Person]) -> list[Person]:
        """Give people named by ingestion the best of their spellings; stored ones that changed."""
        renamed = []
        for person in people:
            if person.pk and "full_name" not in person.provenance:
                continue  # named by a person in the admin: theirs to change
            best = split_name(best_spelling(self._known(person).names))
            if best.full and best.full != person.full_name:
                person.full_name, person.given_name, person.family_name = best.full, best.given, best.family
                renamed.append(person) if person.pk else None
        return renamed

    def note_member(self, person: Person) -> None:
        """A person just added to the run's lab: from now on the lab is their context."""
        if person.pk:
            self.lab_member_ids.add(person.pk)

    def flush(self) -> None:
        """Store the people and aliases noted so far (people first: aliases need their ids)."""
        people_rename(people=self._rename({id(person): person for person, _ in self.new_aliases}.values()))
        created = {id(person) for person in self.new_people}
        if self.new_people:
            people_insert(people=self.new_people)
            for person in self.new_people:
                self.known[("pk", person.pk)] = self.known.pop(("object", id(person)))
            self.new_people = []
        self.identities.flush()
        # A person created just now has no stored alias to conflict with; one stored may.
        for fresh in (True, False):
            aliases = [
                (person, name) for person, name in self.new_aliases if (id(person) in created) == fresh
            ]
            aliases_insert(aliases=aliases, ignore_conflicts=not fresh)
        self.written.note(self.new_aliases)
        self.new_aliases = []


@dataclass
class Written:
    """The people a resolver stored or renamed, and the keys their new spellings are found by."""

    keys: set[str] = field(default_factory=set)
    people: set[int] = field(default_factory=set)

    def note(self, aliases: list[tuple[Person, str]]) -> None:
        for person, name in aliases:
            self.people.add(person.pk)
            # An abbreviated name is found by its own key, which is that of the initials key.
            self.keys |= {name_key(name), initials_key(name), name_key(initials_key(name))}

    def clear(self) -> None:
        self.keys.clear()
        self.people.clear()

    def as_json(self) -> dict:
        return {"keys": sorted(self.keys), "people": sorted(self.people)}

    @classmethod
    def from_json(cls, value: dict) -> "Written":
        return cls(set(value["keys"]), set(value["people"]))


def lab_member_ids(lab_id: int | None) -> set[int]:
    """Everyone who is or was a member of the lab."""
    if lab_id is None:
        return set()
    return set(Membership.objects.filter(lab_id=lab_id).values_list("person_id", flat=True))
