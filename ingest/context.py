"""What one run knows while it ingests: its owner and lab, venues, people, questions asked."""

from collections.abc import Mapping

from core.keys import text_digest
from ingest.match.people import PersonResolver, Written, lab_member_ids
from ingest.merge import FORMAT_RANK
from ingest.models import IngestionRun, ReviewItem
from ingest.state import RecordRejected
from ingest.write.lock import Clock
from people.models import Lab, Person
from people.services import institution_get_or_create, lab_create
from venues.choices import VenueKind
from venues.index import VenueAliases
from venues.models import Venue, VenueAlias, VenueEdition
from venues.names import parse_venue_line
from venues.selectors import venue_spellings
from venues.services import (
    venue_alias_key,
    venue_create,
    venue_edition_get_or_create,
    venue_editions_get_or_create,
    venue_respell,
    venue_respelled_by,
)


def catalogue_aliases() -> VenueAliases:
    """Folded spelling -> acronym of the verified venues, as the parsers want it, with their kinds."""
    return venue_spellings()


class RunContext:
    """The run being ingested and what its records share, cached for the whole run."""

    def __init__(self, run: IngestionRun, format: str) -> None:
        self.run = run
        self.format = format
        self.rank = FORMAT_RANK.get(format, 1)
        self._aliases: VenueAliases | None = None  # the catalogue's spellings, read when first needed
        self.generation = -1  # the write clock at this run's last batch (ingest.write.lock)
        self.written = Written()  # what this batch stored, told to the next writer
        self._load()

    def forget(self) -> None:
        """Read everything again from the database: after a batch was rolled back, what it
        created does not exist, and the run's owner and lab are what was committed."""
        self.run.refresh_from_db(fields=["owner", "lab"])
        self.written.clear()
        self._load()

    def _load(self) -> None:
        self.venues = {v.acronym: v for v in Venue.objects.filter(verified=True).exclude(acronym="")}
        self.venues_by_key: dict[str, Venue] = {}  # spellings outside the catalogue, as met
        self.editions: dict[tuple[int, int], VenueEdition] = {}
        self.owner_created = False
        self.reset_people()

    def catch_up(self, clock: Clock) -> None:
        """Under the write lock, before a batch: forget what other writes changed since this run's
        last batch. One other run's batch said what it changed: that is forgotten; a write that
        did not say, or several, and everything read is read again."""
        gap = clock.generation - self.generation
        if gap == 1:
            return
        self.venues_by_key = {}  # another run may have renamed one
        if gap == 2 and clock.before is not None:
            self.resolver.forget(Written.from_json(clock.before))
            self.resolver.lab_member_ids = lab_member_ids(self.run.lab_id)
        else:
            self.reset_people()

    def wrote(self, clock: Clock) -> None:
        """The batch that took this clock is committed."""
        self.generation = clock.generation
        self.written.clear()

    def reset_people(self) -> None:
        """Forget cached people (after a record was rolled back, they may not exist)."""
        self.resolver = PersonResolver(
            owner=self.run.owner, lab_member_ids=lab_member_ids(self.run.lab_id), written=self.written
        )

    # Owner and lab -----------------------------------------------------------

    def ensure_owner(self, name: str = "", ids: Mapping[str, str] | None = None) -> Person:
        """The person the listing is about: the run's owner, else whoever its identifiers name
        (an ORCID record's iD), else the name the listing gives."""
        if self.run.owner is not None:
            return self.run.owner
        if not name and self.run.lab and self.run.lab.pi:
            name = self.run.lab.pi.full_name
        self.resolver.load([name] if name else [], [ids or {}])
        found = self.resolver.identities.find(ids or {})
        if found is not None:
            self._set_run(owner=found)
            self.resolver.owner = found
            return found
        if not name:
            raise RecordRejected("the listing does not say whose it is: give an owner (--owner)")
        resolution = self.resolver.resolve(name, ids=ids)
        owner = resolution.person or self.resolver.create(name)
        self.resolver.identities.stamp(owner, ids or {})
        self.owner_created = resolution.created or resolution.person is None
        self.resolver.flush()
        self._set_run(owner=owner)
        self.resolver.owner = owner
        return owner

    def ensure_lab(self) -> Lab:
        """The lab that members join: the run's lab, else the owner's, created if need be."""
        if self.run.lab is not None:
            return self.run.lab
        owner = self.ensure_owner()
        lab = Lab.objects.filter(pi=owner).order_by("pk").first()
        if lab is None:
            lab = lab_create(name=f"{owner.full_name} Lab", pi=owner, institution=owner.institution)
        self._set_run(lab=lab)
        self.resolver.lab_member_ids |= lab_member_ids(lab.pk)
        return lab

    def _set_run(self, **fields) -> None:
        for name, value in fields.items():
            setattr(self.run, name, value)
        IngestionRun.objects.filter(pk=self.run.pk).update(**fields)

    # Venues ------------------------------------------------------------------

    def venue_for(self, acronym: str, text: str, kind: str) -> tuple[Venue | None, bool]:
        """The venue a record names, and whether it was unknown (created unverified)."""
        if acronym in self.venues:
            return self.venues[acronym], False
        key = venue_alias_key(text)
        if not key:
            return None, False
        venue = self.venues_by_key.get(key)
        if venue is None:
            alias = VenueAlias.objects.filter(key=key).select_related("venue").first()
            venue = alias.venue if alias is not None else None
        if venue is not None:
            self.venues_by_key[key] = venue
            if venue_respelled_by(venue, text):
                venue_respell(venue=venue, spelling=text, **self._venue_fields(acronym, text, kind))
            return venue, False
        venue = venue_create(spelling=text, **self._venue_fields(acronym, text, kind))
        self.venues_by_key[key] = venue
        return venue, True

    def _venue_fields(self, acronym: str, text: str, kind: str) -> dict:
        """What a record says of a venue it names: a workshop or companion volume of a catalogue
        conference is made under that conference."""
        line = parse_venue_line(text, self.catalogue())
        return {
            "acronym": acronym,
            "kind": line.kind or (kind if kind in VenueKind.values else VenueKind.OTHER),
            "parent": self.venues.get(line.parent),
        }

    def catalogue(self) -> VenueAliases:
        if self._aliases is None:
            self._aliases = catalogue_aliases()
        return self._aliases

    def load_editions(self, pairs: set[tuple[int, int]]) -> None:
        """Fetch, creating the missing ones, the editions (venue id, year) a batch names."""
        wanted = {pair for pair in pairs if pair not in self.editions}
        if not wanted:
            return
        self.editions.update(venue_editions_get_or_create(pairs=wanted))

    def edition(self, venue: Venue, year: int) -> VenueEdition:
        found = self.editions.get((venue.pk, year))
        if found is None:
            found = venue_edition_get_or_create(venue=venue, year=year)
            self.editions[(venue.pk, year)] = found
        return found

    # Review ------------------------------------------------------------------

    def review(self, kind: str, summary: str, key: str, payload: dict, **about) -> bool:
        """Ask a person to decide; False when the same question was already asked."""
        digest = text_digest(f"{kind} {key}")
        if ReviewItem.objects.filter(kind=kind, key=digest).exists():
            return False
        ReviewItem.objects.create(
            kind=kind,
            key=digest,
            summary=summary[:500],
            payload=payload,
            run=self.run,
            lab=self.run.lab,
            **about,
        )
        return True


def institution_for(name: str):
    """The institution a listing names, or None."""
    return institution_get_or_create(name=name[:200]) if name else None
