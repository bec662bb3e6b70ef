"""Papers found by title: a title spelled two ways is one paper; two alike titles stay two."""

import random
import string

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ingest.choices import Outcome, ReviewKind
from ingest.models import RecordOutcome, ReviewItem
from papers.models import Paper
from tests.ingest.helpers import counts, ingest

pytestmark = pytest.mark.django_db


def entry(title: str, authors: str = "Mira Okafor and Jun Tan", year: int = 2023, key: str = "k", extra=""):
    fields = f"title={{{title}}},\n  author={{{authors}}},\n  year={{{year}}},{extra}"
    return f"@inproceedings{{{key},\n  {fields}\n}}\n"


def outcome_of(run) -> RecordOutcome:
    return RecordOutcome.objects.get(run=run)


@pytest.mark.parametrize(
    ("stored", "listed"),
    [
        ("Learning to Segment Every Object in the Wild", "Learning to Segmnet Every Object in the Wild"),
        ("A Survey of Open-Vocabulary Object Detection", "Survey of Open-Vocabulary Object Detection"),
        (
            "Prototype Memory for Class-Incremental Learning",
            "Prototype Memory for Class-Incremental Learners",
        ),
        (
            "Meta-Transfer Learning for Few-Shot Classification",
            "Meta Transfer Learning for Few Shot Classification Tasks",
        ),
    ],
)
def test_a_title_spelled_another_way_merges_into_the_paper(stored, listed):
    ingest(entry(stored, extra="\n  doi={10.5555/one}"))
    run = ingest(entry(listed, year=2024, extra="\n  eprint={2401.00001}, archiveprefix={arXiv}"))
    paper = Paper.objects.get()
    assert outcome_of(run).outcome == Outcome.MERGED
    assert (paper.doi, paper.arxiv_id) == ("10.5555/one", "2401.00001")


def test_two_spellings_in_one_file_are_one_paper():
    run = ingest(
        entry("Learning to Segment Every Object in the Wild", key="a")
        + entry("Learning to Segmnet Every Object in the Wild", key="b", year=2022)
    )
    assert Paper.objects.count() == 1
    assert counts(run)["created"] == 1 and counts(run)["merged"] == 1


@pytest.mark.parametrize(
    ("stored", "listed", "note"),
    [
        (
            "Revisiting Contrastive Learning: A Causal Perspective",
            "Revisiting Domain Adaptation: A Causal Perspective",
            {},
        ),
        (
            "Learning to Segment Every Object in the Wild",
            "Learning to Segmnet Every Object in the Wild",
            {"authors": "Ada Ruiz"},
        ),
        (
            "Learning to Segment Every Object in the Wild",
            "Learning to Segmnet Every Object in the Wild",
            {"year": 2026},
        ),
        (
            "Learning to Segment Every Object",
            "Learning to Segmnet Every Object",
            {"extra": "\n  doi={10.5555/two}"},
        ),
    ],
    ids=["template-title", "no-shared-author", "years-apart", "another-doi"],
)
def test_alike_titles_of_other_papers_stay_apart(stored, listed, note):
    ingest(entry(stored, extra="\n  doi={10.5555/one}"))
    run = ingest(entry(listed, **note))
    assert Paper.objects.count() == 2
    assert outcome_of(run).outcome == Outcome.CREATED
    assert not ReviewItem.objects.exists()


@pytest.mark.parametrize(
    "listed",
    [
        "Prototype Memory for Task-Incremental Learning",  # scores 94.6, but "Task" is not "Class"
        "Prototype Memory for Class-Incremental Learning at Scale",  # scores 91.3: too close to tell
        "Prototype Memory for Class-Incremental Learning 2",  # a second part is another paper
    ],
)
def test_a_title_too_close_to_call_waits_for_a_person(listed):
    stored = ingest(entry("Prototype Memory for Class-Incremental Learning"))
    run = ingest(entry(listed))
    assert Paper.objects.count() == 1  # the record wrote nothing
    outcome = outcome_of(run)
    assert outcome.outcome == Outcome.NEEDS_REVIEW and "similar title" in outcome.reason
    item = ReviewItem.objects.get(kind=ReviewKind.PAPER_MATCH)
    assert item.payload["candidates"] == [outcome_of(stored).paper_id]
    assert item.payload["draft"]["title"] == listed


def titles(count: int, seed: int) -> str:
    """Papers of one group of authors, their titles made of invented words."""
    rng = random.Random(seed)
    words = ["".join(rng.choices(string.ascii_lowercase, k=8)) for _ in range(3 * count)]
    return "".join(
        entry(" ".join(words[3 * n : 3 * n + 3]).title(), year=2020 + n % 5, key=f"k{n}")
        for n in range(count)
    )


def test_matching_a_batch_costs_the_same_queries_however_many_papers_are_stored():
    listing = titles(30, seed=1)
    with CaptureQueriesContext(connection) as empty:
        ingest(listing)
    Paper.objects.all().delete()
    ingest(titles(300, seed=2))  # the same authors and years, other titles
    with CaptureQueriesContext(connection) as full:
        run = ingest(listing)
    assert counts(run)["created"] == 30
    assert len(full.captured_queries) <= len(empty.captured_queries)


def test_a_paper_typed_in_the_admin_is_found_by_a_misspelled_title(client):
    from tests.factories import UserFactory, paper_admin_form

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    form = paper_admin_form(
        "Learning to Segment Every Object in the Wild", ["Mira Okafor", "Jun Tan"], slug="learning-to-segment"
    )
    response = client.post(reverse("admin:papers_paper_add"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    run = ingest(entry("Learning to Segmnet Every Object in the Wild", extra="\n  doi={10.5555/one}"))
    assert outcome_of(run).outcome == Outcome.MERGED
    assert Paper.objects.get().doi == "10.5555/one"
