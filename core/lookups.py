"""Lookups the ORM lacks."""

import json

from django.core.exceptions import EmptyResultSet
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup
from django.db.models.sql.compiler import SQLCompiler


class AnyOf(Lookup):
    """`column = ANY(%s)`, the values sent as one array: a filter on thousands of ids (a lab's papers,
    an export's) without a parameter per id, which Django prepares one by one and SQLite caps at
    32,766. On SQLite, the values are one JSON text: `IN (SELECT value FROM json_each(%s))`.

    Use it as a filter: `Authorship.objects.filter(AnyOf(F("paper_id"), ids))`; the values are ints.
    No values match nothing, as `__in=[]` does: the query is not sent.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, self.values()]

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list]:
        lhs, params = self.process_lhs(compiler, connection)
        values = json.dumps(self.values())
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, values]

    def values(self) -> list[int]:
        values = [int(value) for value in self.rhs]
        if not values:
            raise EmptyResultSet  # Django leaves the query unsent, or its condition out of an OR
        return values
