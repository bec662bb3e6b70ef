"""Search as scripts and readers meet it: the right paper first for phrases, prefixes, accents
and typos (PostgreSQL), among decoys that share its words."""

import pytest
from django.db import connection  # noqa: F401 (read by the skipif condition)

from papers.services import AuthorInput, paper_create
from papers.spelling import refresh_title_words
from tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db,
    # A string condition: pytest evaluates it when the test runs, on the database the run uses.
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="relevance, prefixes and typos need PostgreSQL's search"
    ),
]


def paper(title: str, *names: str, abstract: str = "", year: int = 2020):
    # Every author a person, as ingestion makes them.
    authors = [AuthorInput(name=name, person=person_named(name)) for name in names or ["Ada Ruiz"]]
    return paper_create(title=title, authors=authors, abstract=abstract, year=year)


def person_named(name: str):
    given, family = name.rsplit(" ", 1)
    return PersonFactory(full_name=name, given_name=given, family_name=family)


@pytest.fixture
def library():
    """The paper each search is after, and decoys that share some of its words."""
    paper("Attention Is All You Need", "Ashish Vaswani", "Noam Shazeer", year=2017)
    paper("All You Need Is Attention to Detail", "Lin Qiu", year=2024)
    paper("Visual Attention for Image Captioning", "Kelvin Xu", abstract="You need attention.", year=2015)
    paper("Deep Residual Learning for Image Recognition", "Kaiming He", "Xiangyu Zhang", year=2016)
    paper("Image Recognition with Deep Residual Features", "Kai Ming", year=2019)
    paper("Schrödinger Bridges for Generative Modelling", "José Álvarez-Müller", year=2023)
    paper("Generative Bridges", "Jose Alvarado", year=2022)
    paper("Transformers for Graphs", "Ada Ruiz", year=2021)
    paper("Transformation Invariant Networks", "Ada Ruiz", year=2018)
    paper("Graph Neural Networks", "Ada Ruiz", abstract="Unlike transformers, graph networks pass messages.")
    refresh_title_words()  # as beat does: the words typos are corrected from


def titles(client, q: str, **filters) -> list[str]:
    response = client.get("/api/v1/papers/", {"q": q, **filters})
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("q", "first"),
    [
        ('"attention is all you need"', "Attention Is All You Need"),
        ("attention is all you need", "Attention Is All You Need"),  # its words in its order
        ("attention detail", "All You Need Is Attention to Detail"),
        ("Kaiming He", "Deep Residual Learning for Image Recognition"),
        ("Kaiming Hee", "Deep Residual Learning for Image Recognition"),  # a typo in the name
        ("Jose Alvarez-Muller", "Schrödinger Bridges for Generative Modelling"),  # accents not typed
        ("schrodinger bridges", "Schrödinger Bridges for Generative Modelling"),
        ("atention is all you ned", "Attention Is All You Need"),  # typos in the title
        ("Vaswani attention", "Attention Is All You Need"),  # an author and a word of the title
    ],
)
def test_the_right_paper_comes_first(client, library, q, first):
    assert titles(client, q)[0] == first


def test_a_quoted_phrase_finds_only_that_phrase(client, library):
    assert titles(client, '"attention is all you need"') == ["Attention Is All You Need"]


def test_a_prefix_finds_every_word_it_begins(client, library):
    assert set(titles(client, "transform*")) == {
        "Transformers for Graphs",
        "Transformation Invariant Networks",
        "Graph Neural Networks",
    }
    assert titles(client, "Ru*") == titles(client, "Ada Ruiz")


def test_near_spellings_never_come_when_the_words_find_papers(client, library):
    # "Recognition" and "residual" are found as written: "Residual Features" is no typo's fallback.
    assert titles(client, "residual learning") == ["Deep Residual Learning for Image Recognition"]


def test_a_query_of_unknown_words_finds_nothing(client, library):
    assert titles(client, "quaternion hyperbolic sheaves") == []
