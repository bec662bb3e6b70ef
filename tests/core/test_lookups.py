"""core.lookups.AnyOf: a filter on many ids sent as one value, on PostgreSQL and on SQLite."""

import pytest
from django.db.models import F, Q

from core.lookups import AnyOf
from papers.models import Paper
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def ids_of(papers) -> list[int]:
    return sorted(papers.values_list("pk", flat=True))


def test_it_finds_what_an_in_list_finds():
    papers = PaperFactory.create_batch(6)
    wanted = [papers[1].pk, papers[4].pk, papers[5].pk, 10_000_000]
    assert ids_of(Paper.objects.filter(AnyOf(F("pk"), wanted))) == ids_of(Paper.objects.filter(pk__in=wanted))
    assert ids_of(Paper.objects.filter(AnyOf(F("pk"), wanted))) == sorted(wanted[:3])


def test_no_values_find_nothing_without_a_query(django_assert_num_queries):
    PaperFactory.create_batch(2)
    with django_assert_num_queries(0):
        assert list(Paper.objects.filter(AnyOf(F("pk"), []))) == []


def test_no_values_leave_the_rest_of_an_or_alone():
    kept, other = PaperFactory(title="Kept"), PaperFactory(title="Other")
    found = Paper.objects.filter(AnyOf(F("pk"), []) | Q(title="Kept"))
    assert ids_of(found) == [kept.pk]
    assert other.pk not in ids_of(found)


def test_more_ids_than_sqlite_takes_parameters():
    # SQLite caps a statement at 32,766 parameters: an IN list of 40,000 ids fails there.
    paper = PaperFactory()
    wanted = [paper.pk, *range(10_000_000, 10_040_000)]
    assert ids_of(Paper.objects.filter(AnyOf(F("pk"), wanted))) == [paper.pk]
