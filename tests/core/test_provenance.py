"""The typed-by-hand rule: a value no run gave outranks every listing."""

from types import SimpleNamespace

from core.provenance import MANUAL_RANK, NO_RANK, note_run, run_source, source_rank, typed_by_hand


def test_a_runs_value_has_the_runs_rank():
    assert source_rank(run_source(12, 4)) == 4


def test_a_value_without_a_run_was_typed_by_hand_and_an_empty_field_has_no_rank():
    assert source_rank(None) == MANUAL_RANK
    assert source_rank(12) == MANUAL_RANK  # an old provenance entry: a bare run id
    assert source_rank(None, has_value=False) == NO_RANK < 0


def test_typing_a_field_by_hand_drops_its_provenance_and_keeps_the_others():
    row = SimpleNamespace(provenance={"title": run_source(3, 4), "abstract": run_source(3, 4), "runs": [3]})
    typed_by_hand(row, ["title"])
    assert row.provenance == {"abstract": {"run": 3, "rank": 4}, "runs": [3]}
    assert source_rank(row.provenance.get("title")) == MANUAL_RANK
    typed_by_hand(SimpleNamespace(), ["title"])  # a row without provenance: nothing to drop


def test_a_run_is_noted_once():
    provenance: dict = {}
    for run_id in (5, 5, None, 6):
        note_run(provenance, run_id)
    assert provenance == {"runs": [5, 6]}
