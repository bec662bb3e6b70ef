"""One rule for a paper's year, from 1600 to next year, wherever a year comes in."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.dates import EARLIEST_YEAR, latest_year, plausible_year
from papers.models import Paper
from tests.api.conftest import client_for, user_with
from tests.ingest.helpers import counts, ingest

pytestmark = pytest.mark.django_db

OLD = """
@article{lovelace1843notes,
  title = {Sketch of the Analytical Engine, with Notes by the Translator},
  author = {Lovelace, Augusta Ada},
  journal = {Scientific Memoirs},
  volume = {3},
  pages = {666--731},
  year = {1843},
}

@book{hooke1665micrographia,
  title = {Micrographia},
  author = {Hooke, Robert},
  year = {1665},
}
"""


def test_the_rule_runs_from_1600_to_next_year():
    today = date(2026, 12, 2)
    assert EARLIEST_YEAR == 1600
    assert latest_year(today) == 2027
    assert plausible_year(1843, today) and plausible_year(1600, today) and plausible_year(2027, today)
    assert not plausible_year(1599, today) and not plausible_year(2028, today)


def test_a_paper_from_1843_is_kept():
    run = ingest(OLD, "bibtex", owner="Augusta Ada Lovelace")
    assert counts(run)["rejected"] == 0
    assert sorted(Paper.objects.values_list("year", flat=True)) == [1665, 1843]
    paper = Paper.objects.get(year=1843)
    assert paper.venue_text == "Scientific Memoirs"


def test_a_year_after_next_year_is_rejected_with_the_rule_in_the_reason():
    late = latest_year() + 3
    run = ingest(OLD.replace("1843", str(late)), "bibtex", owner="Augusta Ada Lovelace")
    assert counts(run)["rejected"] == 1
    outcome = run.outcomes.get(outcome="rejected")
    assert f"the year {late} is out of range (1600 to {latest_year()})" in outcome.reason


def test_the_model_and_the_api_follow_the_same_rule():
    with pytest.raises(ValidationError):
        Paper(title="Old", title_key="old", year=1599).full_clean(exclude=["slug"])
    Paper(title="Old", title_key="old", year=1843).full_clean(exclude=["slug"])
    client = client_for(user_with("add_paper"))
    written = {"title": "Sketch of the Analytical Engine", "authors": ["Ada Lovelace"]}
    assert client.post("/api/v1/papers/", {**written, "year": 1843}, format="json").status_code == 201
    refused = client.post("/api/v1/papers/", {**written, "year": latest_year() + 1}, format="json")
    assert refused.status_code == 400 and "out of range" in refused.json()["errors"]["year"][0]


def test_the_database_refuses_a_year_before_the_rule():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Paper.objects.create(title="Too Old", title_key="too old", year=EARLIEST_YEAR - 1)
    assert Paper.objects.create(title="Old", title_key="old", year=EARLIEST_YEAR).year == 1600
