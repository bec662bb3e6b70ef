import pytest
from django.db import connection, transaction

from people.models import Person
from people.querysets import ALIAS_NAME_INDEX, PERSON_NAME_INDEX
from tests.factories import PersonAliasFactory, PersonFactory

pytestmark = pytest.mark.django_db

# A string condition: pytest evaluates it when the test runs, on the database the run uses.
postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL text search only: no index to use on SQLite"
)


def person(full_name: str, *aliases: str) -> Person:
    given, family = full_name.rsplit(" ", 1)
    someone = PersonFactory(full_name=full_name, given_name=given, family_name=family)
    for alias in aliases:
        PersonAliasFactory(person=someone, name=alias)
    return someone


def found(q: str) -> list[str]:
    """Full names of the people q finds, in a stable order."""
    return sorted(Person.objects.search(q).values_list("full_name", flat=True))


def test_a_word_of_the_full_name_finds_the_person():
    person("Qianru Sun")
    person("Hanwang Zhang")
    assert found("qianru") == ["Qianru Sun"]


def test_the_words_of_a_name_may_come_in_any_order_and_case():
    person("Hui Lv")
    person("Hui Chen")
    assert found("Lv Hui") == ["Hui Lv"]
    assert found("lv HUI") == ["Hui Lv"]


def test_an_alias_finds_the_person_once():
    person("Hui Lv", "Hui Lyu", "Lyu Hui")
    person("Hui Chen")
    assert found("Lyu") == ["Hui Lv"]
    assert found("Hui Lyu") == ["Hui Lv"]


def test_a_name_typed_without_its_accents_finds_the_person():
    person("José García")
    person("Jürgen Müller", "J. Müller")
    person("Jose Chen")
    assert found("Jose Garcia") == ["José García"]
    assert found("muller") == ["Jürgen Müller"]


def test_every_word_must_match():
    person("Hui Lv")
    person("Hui Chen")
    person("Chen Lv")
    assert found("Hui Chen") == ["Hui Chen"]
    assert found("Chen Lv") == ["Chen Lv"]


@postgresql_only
def test_a_name_with_a_typo_finds_the_person_when_its_words_find_nobody():
    person("Kaiming He")
    person("Yann LeCun")
    person("Hanwang Zhang")
    assert found("Kaiming Hee") == ["Kaiming He"]
    assert found("Yann LeCunn") == ["Yann LeCun"]
    assert found("Hanwnag Zhang") == ["Hanwang Zhang"]


@postgresql_only
def test_the_closest_name_comes_first():
    person("Wei Wang")
    person("Wei Zhang")
    names = list(Person.objects.search("Wei Wangg").order_by("-rank").values_list("full_name", flat=True))
    assert names[0] == "Wei Wang"


def test_an_excluded_word_removes_the_people_who_have_it():
    person("Hui Lv")
    person("Hui Chen")
    assert found("Hui -Lv") == ["Hui Chen"]


def test_names_are_not_stemmed():
    person("William Smith")
    person("Ann Williams")
    # The 'english' configuration would stem both to "william"; "William Smith" is only a typo's
    # fallback, for a search that finds nobody by its words.
    assert found("Williams") == ["Ann Williams"]


def test_a_name_that_is_an_english_stop_word_still_finds_the_person():
    person("Kaiming He")
    # The 'english' configuration drops "he", and the query with it.
    assert found("He") == ["Kaiming He"]


@pytest.mark.parametrize("q", ["", "   "])
def test_a_blank_query_changes_nothing(q):
    person("Hui Lv")
    person("Hui Chen")
    queryset = Person.objects.filter(full_name__endswith="Lv")
    assert list(queryset.search(q)) == list(queryset)


@postgresql_only
def test_the_search_uses_both_gin_indexes():
    person("Hui Lv", "Lyu Hui")
    with transaction.atomic(), connection.cursor() as cursor:
        # Tables this small are cheaper to scan: forbid it, so only an unusable index shows.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Person.objects.search("Lv Hui").explain()
    assert PERSON_NAME_INDEX in plan
    assert ALIAS_NAME_INDEX in plan
