"""Totals of a million rows without reading them: PostgreSQL's estimate, said to be one, for whole
large tables only; exact counts everywhere else (core.counts)."""

import pytest
from django.db import connection

from core import counts
from papers.models import Paper
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the estimate is PostgreSQL's (pg_class.reltuples)"
)


@pytest.fixture
def analysed_papers(monkeypatch):
    """40 papers, analysed, with ESTIMATE_FROM lowered to 30: a large table in miniature."""
    PaperFactory.create_batch(40, year=2020)
    PaperFactory.create_batch(5, year=2021)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Paper._meta.db_table}")
    monkeypatch.setattr(counts, "ESTIMATE_FROM", 30)


@postgresql_only
def test_a_whole_large_table_is_estimated_and_says_so(client, analysed_papers, django_assert_num_queries):
    # The estimate is read from pg_class: the papers themselves are not counted.
    with django_assert_num_queries(1) as captured:
        assert counts.total(Paper.objects.all()) == (45, True)
    assert "count(" not in captured.captured_queries[0]["sql"].lower()
    body = client.get("/api/v1/papers/", {"page_size": 1}).json()
    assert (body["count"], body["count_is_estimate"]) == (45, True)
    assert "about 45" in client.get("/").content.decode()


@postgresql_only
def test_a_filtered_list_is_counted_exactly_up_to_the_bound(client, analysed_papers, monkeypatch):
    monkeypatch.setattr(counts, "EXACT_UP_TO", 5)
    assert counts.total(Paper.objects.filter(year=2021)) == (5, False)
    body = client.get("/api/v1/papers/", {"year": 2021}).json()
    assert (body["count"], body["count_is_estimate"]) == (5, False)


@postgresql_only
def test_past_the_bound_a_filtered_count_is_the_planners_estimate_and_says_so(
    client, analysed_papers, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(counts, "EXACT_UP_TO", 5)
    with django_assert_num_queries(2) as captured:  # a count that stops at 6, then EXPLAIN
        count, is_estimate = counts.total(Paper.objects.filter(year=2020).order_by("title"))
    assert "LIMIT 6" in captured.captured_queries[0]["sql"]
    assert "ORDER BY" not in captured.captured_queries[0]["sql"]
    assert captured.captured_queries[1]["sql"].startswith("EXPLAIN")
    assert is_estimate and 6 <= count <= 80  # the planner's 40, give or take; never below the bound
    body = client.get("/api/v1/papers/", {"year": 2020, "page_size": 1}).json()
    assert body["count_is_estimate"] is True and body["count"] >= 6
    assert len(body["results"]) == 1 and body["next"]


def test_a_small_table_and_sqlite_are_counted_exactly(client):
    PaperFactory.create_batch(3)
    assert counts.total(Paper.objects.all()) == (3, False)
    page = client.get("/").content.decode()
    assert "about" not in page.split('class="totals"')[1].split("</p>")[0]


def test_estimates_keep_three_digits():
    assert counts.rounded(1_000_213) == 1_000_000
    assert counts.rounded(123_456) == 123_000


def test_a_whole_small_table_is_counted_exactly_past_the_filtered_bound(monkeypatch):
    monkeypatch.setattr(counts, "EXACT_UP_TO", 2)
    PaperFactory.create_batch(3)
    assert counts.total(Paper.objects.all()) == (3, False)
