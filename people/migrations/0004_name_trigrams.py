"""pg_trgm, and its index on people's full names: a name typed with a typo still finds them.

pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it. Other
databases have no trigrams: there both steps do nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from people.querysets import PERSON_NAME_TRIGRAM_INDEX


def trigram_index(apps) -> tuple:
    person = apps.get_model("people", "Person")
    return person, GinIndex(fields=["full_name"], opclasses=["gin_trgm_ops"], name=PERSON_NAME_TRIGRAM_INDEX)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(*trigram_index(apps))


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(*trigram_index(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_person_source_ids"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
