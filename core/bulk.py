"""Many rows into one table fast: PostgreSQL's COPY, and bulk_create on other databases.

Ingestion writes tens of thousands of rows a batch. Django's bulk_create builds a model
instance and prepares every value of every row in Python, which costs more than the
database's own work. Here rows go to PostgreSQL as COPY text, the way pg_dump loads a
table; the ids of new rows are taken from the table's sequence first, so the caller
knows them without a RETURNING. Any other database (SQLite for development) gets
bulk_create, so the behaviour is one and only the speed differs.
"""

import io
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.db import connection, models
from django.utils import timezone
from psycopg2.extras import execute_values

NULL = "\\N"


def insert_instances(objs: Sequence[models.Model]) -> None:
    """Insert new instances of one model; each gets its primary key, as after save()."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs)
        return
    meta = model._meta
    ids = _next_ids(meta.db_table, meta.pk.column, len(objs))
    fields = written_fields(model)
    rows = []
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        rows.append([field.pre_save(obj, True) for field in fields])
    _copy(meta.db_table, fields, rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """Insert rows given as tuples of the named fields (attnames: "paper_id"); others get defaults.

    With ignore_conflicts, a row that breaks a unique constraint is skipped.
    """
    meta = model._meta
    by_attname = {f.attname: f for f in written_fields(model)}
    given = [by_attname[name] for name in columns]
    rest = [f for f in written_fields(model) if f not in given and not f.primary_key]
    defaults = [_default(f) for f in rest]
    rows = [[*row, *defaults] for row in rows]
    if not rows:
        return
    fields = [*given, *rest]
    if connection.vendor != "postgresql":
        objs = [model(**{f.attname: value for f, value in zip(fields, row, strict=True)}) for row in rows]
        model._default_manager.bulk_create(objs, ignore_conflicts=ignore_conflicts)
        return
    if ignore_conflicts:
        _insert_ignoring_conflicts(meta.db_table, fields, rows)
    else:
        _copy(meta.db_table, fields, rows)


def written_fields(model: type[models.Model]) -> list[models.Field]:
    """The columns a row of the model is written with: its concrete fields but the generated ones,
    which the database computes (a paper's search vector)."""
    return [f for f in model._meta.concrete_fields if not f.generated]


def _default(field: models.Field) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()


def _next_ids(table: str, column: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(table: str, fields: Sequence[models.Field], rows: Sequence[Sequence[Any]]) -> None:
    converters = [_converter(field) for field in fields]
    out = io.StringIO()
    for row in rows:
        out.write("\t".join([convert(value) for convert, value in zip(converters, row, strict=True)]))
        out.write("\n")
    out.seek(0)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    # The raw cursor raises psycopg2's errors; wrapped, they are Django's, which callers catch.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN", out)


def _insert_ignoring_conflicts(
    table: str, fields: Sequence[models.Field], rows: Sequence[Sequence[Any]]
) -> None:
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    prepare = [_json if isinstance(field, models.JSONField) else None for field in fields]
    values = [[p(value) if p else value for p, value in zip(prepare, row, strict=True)] for row in rows]
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES %s ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor, connection.wrap_database_errors:
        execute_values(cursor.cursor, sql, values, page_size=1000)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _converter(field: models.Field) -> Callable[[Any], str]:
    """How one field's Python value is written in COPY text."""
    if isinstance(field, models.JSONField):
        return lambda value: NULL if value is None else _escape(json.dumps(value))
    if isinstance(field, models.BooleanField):
        return lambda value: NULL if value is None else ("t" if value else "f")
    return _plain


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _plain(value: Any) -> str:
    if value is None:
        return NULL
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
