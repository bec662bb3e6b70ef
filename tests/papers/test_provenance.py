"""A paper's provenance: the runs it names come from the lookup ingest registers."""

from papers import provenance
from papers.models import Paper

PROVENANCE = {"title": {"run": 7}, "doi": {"run": 9}, "runs": [7, 9]}


def test_without_a_run_lookup_every_run_reads_as_deleted(monkeypatch):
    monkeypatch.setattr(provenance, "_run_lookup", provenance.no_runs)
    rows, runs = provenance.provenance_rows(Paper(provenance=PROVENANCE))
    assert rows == [{"field": "doi", "run": None}, {"field": "title", "run": None}]
    assert runs == []


def test_the_registered_lookup_gives_each_field_its_run(monkeypatch):
    asked = []
    monkeypatch.setattr(provenance, "_run_lookup", provenance.no_runs)
    provenance.register_run_lookup(lambda ids: asked.extend(ids) or {7: "run 7"})
    rows, runs = provenance.provenance_rows(Paper(provenance=PROVENANCE))
    assert sorted(asked) == [7, 9]
    assert rows == [{"field": "doi", "run": None}, {"field": "title", "run": "run 7"}]
    assert runs == ["run 7"]
