"""The floor of parallel ingestion: the same rows the pipeline wrote, COPYed into the real tables.

After a pipeline run, added_rows exports (not timed) every row the run added to each table, in
foreign-key order; floor times bibtexparser's bare parse of the files and the COPY of exactly
those rows into the real, logged, indexed tables of a fresh copy of the migrated template.
"""

import gc
import io
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from graphlib import TopologicalSorter

import bench_ingest as base
import bibtexparser
import psycopg2

FLOOR_DB = f"{base.PREFIX}_w_floor"


@contextmanager
def cursor_on(server: base.Server, database: str):
    """A cursor of a connection of our own, in autocommit, closed after."""
    with closing(psycopg2.connect(f"{server.url}/{database}")) as connection:
        connection.autocommit = True
        with connection.cursor() as cursor:
            yield cursor


@dataclass
class Table:
    name: str
    rows: int
    data: bytes = field(repr=False)


def foreign_key_order(cursor) -> list[str]:
    """The public tables, each after the tables its foreign keys point to."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    graph: dict[str, set[str]] = {name: set() for (name,) in cursor.fetchall()}
    cursor.execute(
        "SELECT c.relname, f.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
        "JOIN pg_class f ON f.oid = k.confrelid WHERE k.contype = 'f' AND c.relnamespace = "
        "'public'::regnamespace"
    )
    for table, target in cursor.fetchall():
        if table != target:  # a venue's parent is a venue: one COPY holds both
            graph[table].add(target)
    return list(TopologicalSorter(graph).static_order())


def last_ids(server: base.Server, database: str) -> dict[str, int]:
    """The highest id of every table, as migrations left it (0 for an empty one)."""
    with cursor_on(server, database) as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'id' "
            "AND table_schema = 'public'"
        )
        names = [name for (name,) in cursor.fetchall()]
        cursor.execute(" UNION ALL ".join(f"SELECT '{n}', coalesce(max(id), 0) FROM \"{n}\"" for n in names))
        return dict(cursor.fetchall())


def added_rows(server: base.Server, database: str, template: str) -> list[Table]:
    """Every row the run added, table by table in foreign-key order, as COPY text (not timed)."""
    before = last_ids(server, template)
    tables = []
    with cursor_on(server, database) as cursor:
        for name in foreign_key_order(cursor):
            if name not in before:  # no id column: the run must not have written there
                cursor.execute(f'SELECT count(*) FROM "{name}"')
                assert cursor.fetchone()[0] == 0, f"{name} has rows and no id: not exported"
                continue
            buffer = io.BytesIO()
            query = f'SELECT * FROM "{name}" WHERE id > {before[name]} ORDER BY id'
            cursor.copy_expert(f"COPY ({query}) TO STDOUT", buffer)
            rows = buffer.getvalue().count(b"\n")  # COPY text escapes the newlines inside values
            if rows:
                tables.append(Table(name, rows, buffer.getvalue()))
    return tables


def floor(
    server: base.Server, texts: list[str], tables: list[Table], repeats: int, template: str
) -> tuple[float, float]:
    """Best of repeats: bibtexparser's bare parse of the files; COPY of the rows, in one transaction,
    into a fresh copy of the template (the migrations' rows, nothing else: nothing to truncate)."""
    best_parse = best_copy = float("inf")
    for _ in range(repeats):
        server.recreate(FLOOR_DB, template)
        gc.collect()
        start = time.perf_counter()
        for text in texts:
            bibtexparser.parse_string(text)
        best_parse = min(best_parse, time.perf_counter() - start)
        with closing(psycopg2.connect(f"{server.url}/{FLOOR_DB}")) as connection:
            start = time.perf_counter()
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.copy_expert(f'COPY "{table.name}" FROM STDIN', io.BytesIO(table.data))
            connection.commit()  # the deferred foreign keys are checked here
            best_copy = min(best_copy, time.perf_counter() - start)
    return best_parse, best_copy
