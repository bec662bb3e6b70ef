"""Full-text search on PostgreSQL: GIN indexes on a paper's title and abstract and on author names.

The indexed expressions are defined once, in papers.querysets, which queries them; author names
use the configuration that people 0003 creates. Other databases have no text search: there this
migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from papers.querysets import AUTHOR_NAME_INDEX, PAPER_DOCUMENT_INDEX, author_document, paper_document


def search_indexes(apps):
    """(model, index) for the paper's document and for author names."""
    return [
        (apps.get_model("papers", "Paper"), GinIndex(paper_document(), name=PAPER_DOCUMENT_INDEX)),
        (apps.get_model("papers", "Authorship"), GinIndex(author_document(), name=AUTHOR_NAME_INDEX)),
    ]


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in search_indexes(apps):
        schema_editor.add_index(model, index)


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in search_indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):

    dependencies = [
        ("papers", "0004_lean_indexes"),
        ("people", "0003_search_indexes"),
    ]

    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
