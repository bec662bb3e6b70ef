"""The owner is the subject of their own listing: every spelling of them in it links to them.

The fixtures (tests/fixtures/owners/) are invented lab files in the shapes of a JabRef group
bibliography, an EndNote export, an al-folio site and a Japanese lab's file with yomi fields.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from core.names import kana_to_romaji, person_fit, romaji_key
from ingest.choices import ReviewKind
from ingest.models import ReviewItem
from ingest.submit.owners import OwnerError, owner_for
from papers.models import Authorship, Paper
from people.models import Person
from tests.factories import PersonFactory
from tests.ingest.helpers import ingest

pytestmark = pytest.mark.django_db

OWNERS = Path(__file__).resolve().parent.parent / "fixtures" / "owners"
# file: (owner as given to --owner, the entries the owner did not write)
LISTINGS = {
    "jabref_group.bib": ("Annelies Verbruggen", {"Wouters2022"}),
    "endnote_export.bib": ("Chidinma Okonkwo-Bello", {"RN105"}),
    "alfolio_papers.bib": ("Étienne Dufresne", {"marchand2022survey"}),
    "japanese_lab.bib": ("Keita Yamashita", {"mori2023"}),
}


def ingest_file(name: str, owner: str) -> None:
    call_command("ingest", str(OWNERS / name), "--format", "bibtex", "--owner", owner, "--json")


def keys_in(name: str) -> set[str]:
    return set(re.findall(r"^@(?!comment)\w+\{([^,\s]+),", (OWNERS / name).read_text(), re.I | re.M))


def linked_keys(person: Person) -> set[str]:
    return set(Paper.objects.filter(authorships__person=person).values_list("citation_key", flat=True))


@pytest.mark.parametrize("name", LISTINGS)
def test_the_owner_is_linked_on_every_one_of_their_papers(name):
    owner_name, not_theirs = LISTINGS[name]
    ingest_file(name, owner_name)
    owner = owner_for(owner_name)
    assert linked_keys(owner) == keys_in(name) - not_theirs


@pytest.mark.parametrize("name", LISTINGS)
def test_no_second_person_is_made_for_the_owner(name):
    owner_name, _ = LISTINGS[name]
    ingest_file(name, owner_name)
    family = owner_name.split()[-1]
    owner = owner_for(owner_name)
    assert [person.slug for person in Person.objects.filter(aliases__name__icontains=family).distinct()] == [
        owner.slug
    ]
    assert owner.full_name == owner_name  # the name given with --owner, not a later spelling


@pytest.mark.parametrize("name", LISTINGS)
def test_at_most_one_author_of_a_paper_is_the_owner(name):
    owner_name, _ = LISTINGS[name]
    ingest_file(name, owner_name)
    owner = owner_for(owner_name)
    for paper in Paper.objects.all():
        assert paper.authorships.filter(person=owner).count() <= 1


def test_every_spelling_of_the_owner_is_kept_as_their_alias():
    ingest_file("jabref_group.bib", "Annelies Verbruggen")
    aliases = set(owner_for("Annelies Verbruggen").aliases.values_list("name", flat=True))
    assert {
        "Verbruggen, Annelies M. J.",  # a middle name
        "Verbruggen, A. M. J.",  # Family, I. I.
        "Verbruggen, A.",
        "Verbruggen Annelies",  # reversed, no comma
        "Anne-Lies Verbruggen",  # a hyphen
        "VERBRUGGEN, Annelies",  # capitals
    } <= aliases


def test_the_kanji_author_whose_reading_is_the_owner_links_and_keeps_the_native_spelling():
    ingest_file("japanese_lab.bib", "Keita Yamashita")
    owner = owner_for("Keita Yamashita")
    assert "山下 恵太" in set(owner.aliases.values_list("name", flat=True))
    kanji = Authorship.objects.filter(name="山下 恵太")
    assert kanji.count() == 3 and all(row.person == owner for row in kanji)  # romaji and kana readings
    # The co-authors written in kanji are people of their own, not the owner.
    assert Authorship.objects.get(paper__citation_key="mori2022", position=1).person != owner


def test_an_owner_compatible_name_that_is_exactly_another_persons_is_asked_about():
    other = PersonFactory(full_name="Arne Verbruggen")
    other.aliases.create(name="Verbruggen, A.", key="a verbruggen", initials="a verbruggen")
    ingest_file("jabref_group.bib", "Annelies Verbruggen")
    owner = owner_for("Annelies Verbruggen")
    row = Authorship.objects.get(paper__citation_key="DeSmet2021", name="Verbruggen, A.")
    assert row.person is None
    item = ReviewItem.objects.get(kind=ReviewKind.PERSON_MATCH, paper=row.paper)
    assert set(item.payload["candidates"]) == {owner.pk, other.pk}
    assert not Authorship.objects.filter(person=other).exists()
    # The owner's other papers still link to her.
    assert len(linked_keys(owner)) == 6


def test_a_homonym_known_by_another_spelling_stays_a_person_of_their_own():
    homonym = PersonFactory(full_name="Annelies Verbruggen", slug="annelies-verbruggen-kul")
    homonym.aliases.create(name="Annelies Verbruggen", key="annelies verbruggen", initials="a verbruggen")
    owner = PersonFactory(full_name="Annelies Verbruggen", slug="annelies-verbruggen-ugent")
    ingest_file("jabref_group.bib", "annelies-verbruggen-ugent")
    assert len(linked_keys(owner)) == 7
    assert not Authorship.objects.filter(person=homonym).exists()


def test_a_coauthor_sharing_the_family_name_is_not_the_owner():
    text = """
    @article{twins2020,
      title = {Siblings in Soil Science},
      author = {Verbruggen, Annelies and Verbruggen, Bart},
      year = {2020},
    }
    @article{initials2021,
      title = {Two Initials},
      author = {Verbruggen, A. and Verbruggen, Annelies},
      year = {2021},
    }
    """
    ingest(text, "bibtex", owner="Annelies Verbruggen")
    owner = owner_for("Annelies Verbruggen")
    rows = {
        (row.paper.citation_key, row.name): row.person for row in Authorship.objects.select_related("paper")
    }
    assert rows[("twins2020", "Verbruggen, Annelies")] == owner
    assert rows[("twins2020", "Verbruggen, Bart")] not in (None, owner)
    # The better fit is the owner; the initial beside it is someone else, never a second owner.
    assert rows[("initials2021", "Verbruggen, Annelies")] == owner
    assert rows[("initials2021", "Verbruggen, A.")] != owner


def test_reingesting_the_same_file_changes_nothing_of_the_owner():
    ingest_file("endnote_export.bib", "Chidinma Okonkwo-Bello")
    owner = owner_for("Chidinma Okonkwo-Bello")
    before = sorted(Authorship.objects.filter(person=owner).values_list("paper__citation_key", "name"))
    aliases = sorted(owner.aliases.values_list("name", flat=True))
    ingest_file("endnote_export.bib", "Chidinma Okonkwo-Bello")
    assert (
        sorted(Authorship.objects.filter(person=owner).values_list("paper__citation_key", "name")) == before
    )
    assert sorted(owner.aliases.values_list("name", flat=True)) == aliases


def test_an_owner_given_in_another_order_is_the_known_person_and_an_initial_is_refused():
    known = owner_for("Lieselot Carrette")
    assert owner_for("Carrette Lieselot") == known
    with pytest.raises(OwnerError, match="lieselot-carrette"):
        owner_for("L. Carrette")


@pytest.mark.parametrize(
    "written",
    [
        "Carrette, L. L. G.",
        "L. Carrette",
        "Carrette, Lieselot L. G.",
        "Carrette Lieselot",
        "Lieselot Carrëtte",
        "CARRETTE, Lieselot",
    ],
)
def test_spellings_of_one_person_fit_her_name(written):
    assert person_fit(written, ["Lieselot Carrette"]) > 0


@pytest.mark.parametrize("written", ["M. Carrette", "Carrette, Marc", "Carrette", "Lieselot Carrot"])
def test_other_names_do_not_fit(written):
    assert person_fit(written, ["Lieselot Carrette"]) == 0


def test_a_contradicting_middle_name_rules_a_name_out():
    assert person_fit("Lieselot K. Carrette", ["Lieselot Carrette", "Carrette, Lieselot L. G."]) == 0


def test_a_fuller_spelling_fits_better_than_an_initial():
    assert person_fit("Carrette, Lieselot", ["Lieselot Carrette"]) > person_fit(
        "Carrette, L.", ["Lieselot Carrette"]
    )


def test_kana_and_both_romanisations_read_alike():
    assert kana_to_romaji("やました けいた") == "yamasita keita"
    assert romaji_key("Shinji Tsuchiya") == romaji_key("しんじ つちや") == romaji_key("Sinzi Tutiya")
    assert romaji_key("Yōko Satō") == romaji_key("ようこ さとう")
