"""Which source gave a field its value, and how strong that source is: the one owner of the rule.

A merged row keeps, per field, the ingestion run that gave the value and that run's rank:
``provenance = {"title": {"run": 12, "rank": 4}, "runs": [12]}``. A value without such a
source was typed by a person (the admin, the API): it outranks every listing, so ingestion
never overwrites it. No Django imports here.
"""

from collections.abc import Iterable

# A value that no run gave was typed by a person: ingestion leaves it alone.
MANUAL_RANK = 100
# An empty field: any source fills it.
NO_RANK = -1


def run_source(run_id: int | None, rank: int) -> dict:
    """The provenance of a value an ingestion run gave, with the run's rank."""
    return {"run": run_id, "rank": rank}


def source_rank(source: object, *, has_value: bool = True) -> int:
    """The rank of the source that gave a field's value (its provenance entry).

    A run's value has the run's rank. A value with no run behind it was typed by hand
    (MANUAL_RANK); with no value either, nothing holds the field (NO_RANK).
    """
    if isinstance(source, dict):
        return int(source["rank"])
    return MANUAL_RANK if has_value else NO_RANK


def note_run(provenance: dict, run_id: int | None) -> None:
    """Add a run to the runs that gave the row anything, once."""
    runs = provenance.setdefault("runs", [])
    if run_id is not None and run_id not in runs:
        runs.append(run_id)


def typed_by_hand(obj: object, fields: Iterable[str]) -> None:
    """Fields a person changed are no longer an ingestion run's: they lose their provenance.

    source_rank then ranks them MANUAL_RANK, so a listing ingested later does not overwrite
    them; the admin's history says who typed them.
    """
    provenance = getattr(obj, "provenance", None)
    if isinstance(provenance, dict):
        for name in fields:
            provenance.pop(name, None)
