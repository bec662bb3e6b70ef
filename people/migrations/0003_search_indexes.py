"""Search by name on PostgreSQL: the accent-free 'simple' configuration and GIN indexes on names.

The vectors and the configuration are defined once, in people.querysets, which queries them.
Other databases have no text search: there this migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from people.querysets import (
    ALIAS_NAME_INDEX,
    CREATE_NAMES_CONFIG_SQL,
    DROP_NAMES_CONFIG_SQL,
    PERSON_NAME_INDEX,
    name_document,
)


def search_indexes(apps):
    """(model, index) for each name column that search matches."""
    return [
        (apps.get_model("people", "Person"), GinIndex(name_document("full_name"), name=PERSON_NAME_INDEX)),
        (apps.get_model("people", "PersonAlias"), GinIndex(name_document("name"), name=ALIAS_NAME_INDEX)),
    ]


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE_NAMES_CONFIG_SQL:
        schema_editor.execute(statement)
    for model, index in search_indexes(apps):
        schema_editor.add_index(model, index)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in search_indexes(apps):
        schema_editor.remove_index(model, index)
    # The extension stays: something else may use it, and dropping it needs more rights.
    for statement in DROP_NAMES_CONFIG_SQL:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0002_ingest_keys"),
    ]

    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
