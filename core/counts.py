"""Counts that do not scan a million rows: PostgreSQL's own estimates past a bound.

An exact count of a million papers reads every row (or every index entry) at every request.
Where a list is unfiltered and its table past ESTIMATE_FROM rows, its total is the estimate
PostgreSQL keeps in pg_class (reltuples, refreshed by VACUUM, ANALYZE and autovacuum): within a
few percent. A filtered list is counted exactly up to EXACT_UP_TO rows (a count that stops
there: 16 ms at a million papers where the whole count took 956 ms, bench/RESULTS.md); past it,
its total is the planner's estimate of the query's rows (EXPLAIN), never below EXACT_UP_TO + 1.
Either estimate is said to be one wherever it is shown ("about 1,000,000"). Small tables and
other databases (SQLite) are counted exactly.
"""

import json
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connections, models

# Below this many rows an exact count is cheap and an estimate would look odd ("about 12").
ESTIMATE_FROM = 100_000
# A filtered list's count is exact up to this many rows, the planner's estimate past it.
EXACT_UP_TO = 1_000


def estimated_rows(model: type[models.Model], using: str = "default") -> int | None:
    """PostgreSQL's estimate of the model's table's rows, or None (another database, or never analysed)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] >= 0 else None


def table_totals(*tables: type[models.Model]) -> list[tuple[int, bool]]:
    """(rows, whether estimated) of each whole table, as total() gives them, in two queries at most
    on PostgreSQL whatever the number of tables: their estimates, then the exact count of the small ones."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return [total(model._default_manager.all()) for model in tables]
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE oid = ANY(%s::regclass[])", [names])
        estimates = dict(cursor.fetchall())
        small = [name for name in names if estimates.get(name, -1) < ESTIMATE_FROM]
        exact = {}
        if small:
            quote = connection.ops.quote_name
            cursor.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {quote(name)})" for name in small))
            exact = dict(zip(small, cursor.fetchone(), strict=True))
    return [
        (exact[name], False) if name in exact else (rounded(int(estimates[name])), True) for name in names
    ]


def is_unfiltered(queryset: models.QuerySet) -> bool:
    """Whether the queryset is a whole table: no condition, no DISTINCT, no slice."""
    query = queryset.query
    return not query.where and not query.distinct and query.low_mark == 0 and query.high_mark is None


def total(queryset: models.QuerySet) -> tuple[int, bool]:
    """(how many rows the queryset has, whether that is an estimate): on PostgreSQL, the table's
    estimate for a whole table past ESTIMATE_FROM rows, the planner's for a query past EXACT_UP_TO
    rows; an exact count otherwise."""
    if connections[queryset.db].vendor != "postgresql":
        return queryset.count(), False
    if is_unfiltered(queryset):
        estimate = estimated_rows(queryset.model, queryset.db)
        if estimate is not None and estimate >= ESTIMATE_FROM:
            return rounded(estimate), True
        return queryset.count(), False  # a small table: its exact count is cheap
    unordered = queryset.order_by()
    if unordered.query.low_mark or unordered.query.high_mark is not None:
        return queryset.count(), False  # a slice already bounds it
    counted = unordered[: EXACT_UP_TO + 1].count()
    if counted <= EXACT_UP_TO:
        return counted, False
    return max(rounded(planned_rows(unordered)), EXACT_UP_TO + 1), True


def planned_rows(queryset: models.QuerySet) -> int:
    """The planner's estimate of the query's rows (EXPLAIN, not run)."""
    plan = json.loads(queryset.explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def rounded(estimate: int) -> int:
    """The estimate to its three first digits (1,000,213 -> 1,000,000): it is no more precise."""
    return int(float(f"{estimate:.3g}"))


class EstimatingPaginator(Paginator):
    """A Paginator whose count is total()'s: estimated for a whole large table (is_estimate says so)."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, models.QuerySet):
            count, self.is_estimate = total(self.object_list)
            return count
        self.is_estimate = False
        return len(self.object_list)

    is_estimate = False
