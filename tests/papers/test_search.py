import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from papers.models import Paper
from papers.querysets import AUTHOR_NAME_INDEX, PAPER_DOCUMENT_INDEX
from tests.factories import AuthorshipFactory, PaperFactory

pytestmark = pytest.mark.django_db

# A string condition: pytest evaluates it when the test runs, on the database the run uses.
postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="PostgreSQL text search only; SQLite matches each word as a substring, without stemming or syntax",
)


def found(q: str, queryset=None) -> list[str]:
    """Titles of the papers q finds, in a stable order."""
    queryset = Paper.objects.all() if queryset is None else queryset
    return sorted(queryset.search(q).values_list("title", flat=True))


def paper_by(title: str, *names: str, abstract: str = "") -> Paper:
    paper = PaperFactory(title=title, abstract=abstract)
    for position, name in enumerate(names, start=1):
        AuthorshipFactory(paper=paper, person=None, position=position, name=name)
    return paper


def test_a_word_of_the_title_finds_the_paper():
    paper_by("Diffusion Models for Scene Graphs")
    paper_by("Causal Attention for Vision")
    assert found("diffusion") == ["Diffusion Models for Scene Graphs"]


def test_a_word_of_the_abstract_finds_the_paper():
    paper_by("Causal Attention", abstract="We remove confounders from visual attention.")
    paper_by("Scene Graphs")
    assert found("confounders") == ["Causal Attention"]


@postgresql_only
def test_a_stemmed_form_finds_the_paper():
    paper_by("Learning Test Representations")
    assert found("learned representation") == ["Learning Test Representations"]


def test_an_authors_name_finds_their_papers_each_once():
    paper_by("Sun Glare Removal", "Qianru Sun", "Jian Sun")
    paper_by("Meta-Transfer Learning", "Qianru Sun")
    paper_by("Unrelated Work", "Hanwang Zhang")
    assert found("Sun") == ["Meta-Transfer Learning", "Sun Glare Removal"]
    assert found("Qianru Sun") == ["Meta-Transfer Learning", "Sun Glare Removal"]


def test_an_author_name_typed_without_its_accents_finds_the_paper():
    paper = paper_by("Geometry of Shapes", "Jürgen Müller")
    # Ingestion stores the folded family name; the SQLite fallback matches it.
    paper.authorships.update(family_key="muller")
    paper_by("Another Paper", "Hanwang Zhang")
    assert found("Muller") == ["Geometry of Shapes"]


def test_every_word_must_match():
    paper_by("Diffusion Models for Scene Graphs")
    paper_by("Diffusion Transformers")
    assert found("diffusion graphs") == ["Diffusion Models for Scene Graphs"]
    assert found("diffusion graphs transformers") == []


def test_an_excluded_word_removes_the_papers_that_have_it():
    paper_by("Diffusion Models for Scene Graphs")
    paper_by("Diffusion Transformers")
    assert found("diffusion -graphs") == ["Diffusion Transformers"]


@postgresql_only
def test_a_quoted_phrase_matches_only_those_words_in_that_order():
    paper_by("Scene Graphs from Images")
    paper_by("Graphs of a Scene")
    assert found("scene graphs") == ["Graphs of a Scene", "Scene Graphs from Images"]
    assert found('"scene graphs"') == ["Scene Graphs from Images"]


@postgresql_only
def test_or_finds_either_word():
    paper_by("Diffusion Transformers")
    paper_by("Causal Attention")
    paper_by("Scene Graphs")
    assert found("diffusion or causal") == ["Causal Attention", "Diffusion Transformers"]


@pytest.mark.parametrize("q", ["", "   ", "\t\n"])
def test_a_blank_query_changes_nothing(q):
    paper_by("Diffusion Transformers")
    paper_by("Causal Attention")
    queryset = Paper.objects.filter(title__startswith="Diffusion")
    assert list(queryset.search(q)) == list(queryset)


def test_search_keeps_the_filters_before_it():
    PaperFactory(title="Diffusion Transformers", year=2023)
    PaperFactory(title="Diffusion Policies", year=2020)
    assert found("diffusion", Paper.objects.filter(year=2023)) == ["Diffusion Transformers"]


def test_results_can_be_ordered_by_rank_on_every_database():
    paper_by("Diffusion Transformers")
    paper_by("Causal Attention", abstract="Unlike diffusion, attention is causal.")
    # SQLite's rank is a constant: the API orders by it on every database without an error.
    ranked = Paper.objects.search("diffusion").order_by("-rank", "title")
    assert sorted(ranked.values_list("title", flat=True)) == ["Causal Attention", "Diffusion Transformers"]


@postgresql_only
def test_a_word_in_the_title_ranks_above_the_same_word_in_the_abstract():
    paper_by("Causal Attention", abstract="Unlike diffusion, attention is causal.")
    paper_by("Diffusion Transformers")
    ranked = Paper.objects.search("diffusion").order_by("-rank").values_list("title", flat=True)
    assert list(ranked) == ["Diffusion Transformers", "Causal Attention"]


@postgresql_only
def test_a_matching_author_ranks_above_a_word_of_the_text():
    paper_by("Sun Glare Removal", "Hanwang Zhang")
    paper_by("Meta-Transfer Learning", "Qianru Sun")
    ranked = Paper.objects.search("sun").order_by("-rank").values_list("title", flat=True)
    assert list(ranked) == ["Meta-Transfer Learning", "Sun Glare Removal"]


@postgresql_only
def test_the_search_uses_both_gin_indexes():
    paper_by("Diffusion Models for Scene Graphs", "Qianru Sun")
    with CaptureQueriesContext(connection) as captured:
        assert found('"scene graphs" -vision or Sun') == ["Diffusion Models for Scene Graphs"]
    ids_query = captured.captured_queries[0]["sql"]  # the search's ids, read first
    with transaction.atomic(), connection.cursor() as cursor:
        # Tables this small are cheaper to scan: forbid it, so only an unusable index shows.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {ids_query}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert PAPER_DOCUMENT_INDEX in plan
    assert AUTHOR_NAME_INDEX in plan


@postgresql_only
def test_the_cap_of_a_search_applies_within_the_list_searched(monkeypatch):
    monkeypatch.setattr("papers.querysets.SEARCH_CANDIDATES", 5)
    for n in range(12):
        paper_by(f"Zebra Stripes {n}", "Ada Ruiz")
    own = paper_by("Zebra Crossings", "Lin Qiu")
    # Twelve papers match before it; the profile's search still finds its one.
    assert found("zebra", Paper.objects.filter(authorships__name="Lin Qiu")) == [own.title]
    assert found("Lin Qiu zebra", Paper.objects.filter(pk=own.pk)) == [own.title]
    assert len(found("zebra")) == 5  # the cap, on the whole list
