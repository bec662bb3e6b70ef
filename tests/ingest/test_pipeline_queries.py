"""Ingesting a listing costs a number of queries that does not grow with its papers and authors."""

import pytest

from tests.ingest.helpers import ingest

pytestmark = pytest.mark.django_db
AUTHORS = ["Ada Ruiz", "Bo Okafor", "Chen Lindqvist", "Dara Tanaka", "Eli Novak", "Fen Osei"]
# Submitting and running a listing of one batch, again: the run, the batch's lock, its index of
# papers, people and venues, the write and the outcomes: 24 at 12 papers and at 60. A query per paper
# or per author (their people, loaded one by one) went to 59 and 203.
QUERIES = 30


def listing(papers: int) -> str:
    return "\n".join(
        f"@inproceedings{{k{n}, title={{Paper number {n} on sparse routing}}, booktitle={{CVPR}},"
        f" year={{2021}}, author={{{' and '.join(AUTHORS[n % 3 : n % 3 + 3])}}},"
        f" doi={{10.5555/queries.{n}}}}}"
        for n in range(papers)
    )


@pytest.mark.parametrize("papers", [12, 60])
def test_a_listing_ingested_again_takes_the_same_few_queries_whatever_its_size(
    papers, django_assert_max_num_queries
):
    text = listing(papers)
    assert ingest(text, "bibtex").created == papers
    with django_assert_max_num_queries(QUERIES):
        run = ingest(text, "bibtex")
    assert run.unchanged == papers
