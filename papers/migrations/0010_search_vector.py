"""Papers' text search at scale: a stored search vector, accents folded, the words of titles.

On PostgreSQL: the TEXT_CONFIG configuration ('english' with unaccent), the stored, generated
search_vector column and its GIN index in place of the expression index of 0001, and the
materialized view of the words of titles that typos are corrected from (papers.spelling). Other
databases keep the column empty and get neither index nor view.
"""

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

import papers.querysets
from papers.querysets import (
    CREATE_TEXT_CONFIG_SQL,
    DROP_TEXT_CONFIG_SQL,
    PAPER_DOCUMENT_INDEX,
    TEXT_CONFIG,
)
from papers.spelling import CREATE_TITLE_WORDS_SQL, DROP_TITLE_WORDS_SQL

# The expression index of 0001, which the stored column replaces.
OLD_DOCUMENT_INDEX = "paper_search_idx"


def create_config(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [TEXT_CONFIG])
        if cursor.fetchone() is None:
            for statement in CREATE_TEXT_CONFIG_SQL:
                cursor.execute(statement)
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_DOCUMENT_INDEX}")


def drop_config(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in DROP_TEXT_CONFIG_SQL:
        schema_editor.execute(statement)


def search_indexes(apps) -> list:
    paper = apps.get_model("papers", "Paper")
    return [(paper, GinIndex(fields=["search_vector"], name=PAPER_DOCUMENT_INDEX))]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in search_indexes(apps):
            schema_editor.add_index(model, index)
        for statement in CREATE_TITLE_WORDS_SQL:
            schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP_TITLE_WORDS_SQL:
            schema_editor.execute(statement)
        for model, index in search_indexes(apps):
            schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0009_citation_counts"),
        ("people", "0004_name_trigrams"),
    ]

    operations = [
        migrations.RunPython(create_config, drop_config),
        migrations.AddField(
            model_name="paper",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=papers.querysets.paper_document(),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
