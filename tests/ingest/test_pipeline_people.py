"""Names: linked to a person when the context is clear, asked about when it is not, never merged wrongly."""

import pytest

from ingest.choices import Outcome, ReviewKind
from ingest.models import RecordOutcome, ReviewItem
from papers.models import Authorship
from people.models import Person
from people.services import lab_create, membership_create, person_alias_add, person_create
from tests.ingest.helpers import ingest

pytestmark = pytest.mark.django_db


def bibtex(title: str, authors: str, year: int = 2023, key: str = "k") -> str:
    fields = f"title={{{title}}},\n  author={{{authors}}},\n  booktitle={{CVPR}},\n  year={{{year}}},"
    return f"@inproceedings{{{key},\n  {fields}\n}}\n"


def person_of(name: str, title: str) -> Person | None:
    return Authorship.objects.get(name=name, paper__title=title).person


@pytest.fixture
def lab():
    """Qianru Sun's lab, with Hui Lv as a member."""
    pi = person_create(full_name="Qianru Sun", given_name="Qianru", family_name="Sun")
    lab = lab_create(name="Sun Lab", pi=pi)
    hui = person_create(full_name="Hui Lv", given_name="Hui", family_name="Lv")
    membership_create(lab=lab, person=hui, role="postdoc", start="2023-03")
    return lab


def test_the_same_spelling_links_to_the_one_person_who_has_it(lab):
    ingest(bibtex("Paper One", "Qianru Sun and Ada Ruiz"))
    assert person_of("Qianru Sun", "Paper One") == lab.pi


def test_an_initial_links_when_the_lab_makes_it_unambiguous(lab):
    ingest(bibtex("Paper Two", "Q. Sun and H. Lv"), lab=lab)
    assert person_of("Q. Sun", "Paper Two") == lab.pi
    assert person_of("H. Lv", "Paper Two").full_name == "Hui Lv"
    assert set(lab.pi.aliases.values_list("name", flat=True)) == {"Qianru Sun", "Q. Sun"}


def test_a_reordered_name_links_through_a_coauthor_of_the_same_lab(lab):
    ingest(bibtex("Paper Three", "Lv Hui and Qianru Sun"))
    assert person_of("Lv Hui", "Paper Three").full_name == "Hui Lv"


def test_a_reordered_name_without_context_is_asked_about_not_linked(lab):
    ingest(bibtex("Paper Four", "Lv Hui and Ada Ruiz"))
    assert person_of("Lv Hui", "Paper Four") is None
    item = ReviewItem.objects.get(kind=ReviewKind.PERSON_MATCH)
    assert item.payload["candidates"] == [Person.objects.get(full_name="Hui Lv").pk]
    assert item.paper.title == "Paper Four" and "Lv Hui" in item.summary
    outcome = RecordOutcome.objects.get(paper=item.paper)
    assert outcome.outcome == Outcome.CREATED and "may be Hui Lv" in outcome.reason


def test_an_initial_without_context_is_asked_about_not_linked(lab):
    ingest(bibtex("Paper Five", "Q. Sun and Ada Ruiz"))
    assert person_of("Q. Sun", "Paper Five") is None
    assert ReviewItem.objects.filter(kind=ReviewKind.PERSON_MATCH, summary__contains='"Q. Sun"').exists()


def test_two_people_with_one_name_are_never_merged_silently():
    first = person_create(full_name="Wei Wang")
    second = person_create(full_name="Wei Wang")
    ingest(bibtex("Paper Six", "Wei Wang and Ada Ruiz"))
    assert person_of("Wei Wang", "Paper Six") is None
    item = ReviewItem.objects.get(kind=ReviewKind.PERSON_MATCH)
    assert sorted(item.payload["candidates"]) == sorted([first.pk, second.pk])


def test_two_people_with_one_name_are_told_apart_by_their_coauthors():
    first = person_create(full_name="Wei Wang")
    person_create(full_name="Wei Wang")
    ada = person_create(full_name="Ada Ruiz")
    ingest(bibtex("Earlier Paper", "Ada Ruiz and Zoe Li"))
    Authorship.objects.filter(paper__title="Earlier Paper").update(person=None)
    paper = Authorship.objects.get(name="Ada Ruiz").paper
    Authorship.objects.create(paper=paper, person=first, position=3, name="Wei Wang", family_key="wang")
    Authorship.objects.filter(paper=paper, name="Ada Ruiz").update(person=ada)
    ingest(bibtex("Paper Seven", "Wei Wang and Ada Ruiz", key="k7"))
    assert person_of("Wei Wang", "Paper Seven") == first


def test_a_member_and_the_author_with_the_name_reordered_are_one_person(fixture_text):
    ingest(fixture_text("merge/homepage.txt"), "homepage", owner="Jane Holloway")
    hui = Person.objects.get(aliases__name="Lv Hui")
    assert person_of("Hui Lv", "Sparse Voxel Completion without Dense Labels") == hui
    assert Person.objects.filter(name_key="hui lv").count() == 1


def test_the_question_is_asked_once_however_often_the_listing_comes(lab):
    ingest(bibtex("Paper Four", "Lv Hui and Ada Ruiz"))
    again = ingest(bibtex("Paper Four", "Lv Hui and Ada Ruiz"))
    assert ReviewItem.objects.count() == 1
    assert again.unchanged == again.records == 1


def test_a_new_name_becomes_a_person_with_its_spelling_as_alias():
    ingest(bibtex("Paper Eight", 'Ruiz, Ada and M{\\"u}ller, J{\\"o}rg'))
    jorg = Person.objects.get(family_name="Müller")
    assert jorg.full_name == "Jörg Müller"
    assert list(jorg.aliases.values_list("name", flat=True)) == ["Müller, Jörg"]
    person_alias_add(person=jorg, name="J. Müller")
    assert jorg.aliases.count() == 2
