"""A run's cache of people across its batches: each batch notes whom it stored, and a resolver
told what another run's batch stored reads those names and people again (the write clock says
when; ingest/write/lock.py)."""

import pytest

from ingest.match.people import PersonResolver
from ingest.models import WriteClock
from people.models import Person
from tests.ingest.helpers import ingest

pytestmark = pytest.mark.django_db


def test_a_person_another_run_created_is_found_once_the_resolver_is_told():
    mine = PersonResolver()
    mine.load(["Ada Novak"])
    assert mine.resolve("Ada Novak", create=False).person is None
    theirs = PersonResolver()
    theirs.load(["Ada Novak"])
    ada = theirs.resolve("Ada Novak").person
    theirs.flush()
    mine.load(["Ada Novak"])
    assert mine.resolve("Ada Novak", create=False).person is None  # what it read still holds
    mine.forget(theirs.written)
    mine.load(["Ada Novak"])
    assert mine.resolve("Ada Novak", create=False).person == ada


def test_a_person_another_run_respelled_is_read_afresh():
    first = PersonResolver()
    first.load(["GARCIA, Jose"])
    jose = first.resolve("GARCIA, Jose").person
    first.flush()
    mine = PersonResolver()
    mine.load(["GARCIA, Jose"])
    assert mine.resolve("GARCIA, Jose").person.full_name == jose.full_name != "José García"
    theirs = PersonResolver()
    theirs.load(["José García"])
    assert theirs.resolve("José García").person == jose
    theirs.flush()  # a better spelling names him now (people.naming.best_spelling)
    mine.forget(theirs.written)
    mine.load(["GARCIA, Jose"])
    found = mine.resolve("GARCIA, Jose").person
    assert found == jose and found.full_name == "José García"
    assert mine._known(found).names == {"GARCIA, Jose", "José García"}


def test_an_abbreviated_name_finds_the_person_another_run_created():
    mine = PersonResolver()
    mine.load(["Z. Adams"])
    assert mine.resolve("Z. Adams").candidates == []
    theirs = PersonResolver()
    theirs.load(["Zoe Adams"])
    zoe = theirs.resolve("Zoe Adams").person
    theirs.flush()
    mine.forget(theirs.written)
    mine.load(["Z. Adams"])
    assert mine.resolve("Z. Adams").candidates == [zoe]  # an initial alone is asked about


def test_a_batch_tells_the_next_writer_whom_it_stored():
    run = ingest(
        "@inproceedings{a, title={Sparse Routing}, author={Ada Novak and Zoe Adams}, year={2021}}", "bibtex"
    )
    note = WriteClock.objects.get().written
    people = Person.objects.filter(full_name__in=["Ada Novak", "Zoe Adams"])
    assert run.created == 1 and sorted(note["people"]) == sorted(person.pk for person in people)
    assert {"ada novak", "adams zoe", "a novak", "z adams", "adams z"} <= set(note["keys"])
