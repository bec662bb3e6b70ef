"""Where a paper's record came from: the ingestion runs its provenance names, field by field.

Runs are kept by ingest, a layer above papers, so papers cannot look them up itself: ingest
hands it the lookup (register_run_lookup, from its AppConfig.ready()). Without one, a run
named by the provenance reads as a run since deleted.
"""

from collections.abc import Callable
from typing import Any

from papers.models import Paper

# Run ids -> {id: run} for the runs that exist; a run shows its pk, input_name, format,
# detected_format (with their get_..._display) and observed_at.
RunLookup = Callable[[list[int]], dict[int, Any]]


def no_runs(run_ids: list[int]) -> dict[int, Any]:
    """The lookup until ingest registers its own: no run is known."""
    return {}


_run_lookup: RunLookup = no_runs


def register_run_lookup(lookup: RunLookup) -> None:
    """Use lookup to find the runs a paper's provenance names (ingest: IngestionRun in bulk)."""
    global _run_lookup
    _run_lookup = lookup


def provenance_rows(paper: Paper) -> tuple[list[dict], list]:
    """Where each part of the record came from (field, run), and every run that gave something."""
    fields = {name: value for name, value in paper.provenance.items() if isinstance(value, dict)}
    run_ids = {value.get("run") for value in fields.values()} | set(paper.provenance.get("runs", []))
    runs = _run_lookup([run_id for run_id in run_ids if isinstance(run_id, int)])
    rows = [
        {"field": name.replace("_", " "), "run": runs.get(value.get("run"))}
        for name, value in sorted(fields.items())
    ]
    return rows, [runs[run_id] for run_id in sorted(runs)]
