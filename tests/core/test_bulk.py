"""Rows written in bulk read back exactly as given, whatever characters they hold."""

import pytest

from core.bulk import insert_instances, insert_rows
from ingest.models import RecordOutcome
from papers.models import Paper, PaperLink
from tests import factories

pytestmark = pytest.mark.django_db

AWKWARD = [
    "plain",
    "",
    "tab\there, newline\nthere, return\r\n",
    'back\\slash, \\N, \\t and {\\"o}',
    "quotes ' \" and a comma, ; |",
    "unicode: Schäfer, 王, emoji 🎉",
]


def test_rows_keep_every_character_null_and_default():
    run = factories.IngestionRunFactory()
    rows = [(run.pk, index, None if index % 2 else index, "paper", "rejected", text, text) for index, text in
            enumerate(AWKWARD)]  # fmt: skip
    insert_rows(RecordOutcome, ("run_id", "index", "line", "kind", "outcome", "reason", "raw"), rows)
    stored = list(
        RecordOutcome.objects.filter(run=run).values_list("index", "line", "reason", "raw", "paper_id")
    )
    assert stored == [(index, line, text, raw, None) for _, index, line, _, _, text, raw in rows]


def test_instances_get_their_ids_and_keep_json_and_booleans():
    papers = [
        Paper(
            title=text or "untitled",
            title_key="k",
            provenance={"note": text, "runs": [1]},
            categories=[text],
            authors_complete=index % 2 == 0,
        )
        for index, text in enumerate(AWKWARD)
    ]
    insert_instances(papers)
    assert all(paper.pk for paper in papers)
    for paper in papers:
        stored = Paper.objects.get(pk=paper.pk)
        assert (stored.title, stored.provenance, stored.categories, stored.authors_complete) == (
            paper.title,
            paper.provenance,
            paper.categories,
            paper.authors_complete,
        )
        assert stored.created_at is not None and not paper._state.adding


def test_conflicting_rows_are_skipped_when_asked():
    paper = factories.PaperFactory()
    columns = ("paper_id", "kind", "url", "label")
    insert_rows(PaperLink, columns, [(paper.pk, "code", "https://example.org/a", "[code]")])
    insert_rows(
        PaperLink,
        columns,
        [
            (paper.pk, "code", "https://example.org/a", "again"),
            (paper.pk, "pdf", "https://example.org/a.pdf", ""),
        ],
        ignore_conflicts=True,
    )
    assert sorted(paper.links.values_list("kind", "label")) == [("code", "[code]"), ("pdf", "")]
