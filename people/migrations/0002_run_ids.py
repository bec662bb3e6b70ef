"""A profile entry's and a metric report's run is an id, no longer a foreign key to ingest's runs:
people sits below ingest. A database made before 0001_squashed_0005_person_merges still has that
key, which would refuse to delete a run that gave entries or figures: it is dropped here, with its
index, and the column takes the check of a positive id that new databases have. New databases
have no such key: there this does nothing."""

from django.db import migrations

MODELS = ("MetricReport", "ProfileEntry")


def run_keys(schema_editor, model) -> list[str]:
    """Names of the foreign keys on the table's run_id column ("" for SQLite's unnamed ones)."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return schema_editor._constraint_names(model, ["run_id"], foreign_key=True)
    # Django's SQLite introspection cannot read every table's SQL; the pragma can.
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA foreign_key_list({schema_editor.quote_name(model._meta.db_table)})")
        return ["" for row in cursor.fetchall() if row[3] == "run_id"]


def run_keys_drop(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("people", name)
        keys = run_keys(schema_editor, model)
        if not keys:
            continue
        if schema_editor.connection.vendor == "sqlite":
            # SQLite cannot drop a constraint: the table is built again as the model says, without it.
            schema_editor._remake_table(model)
            continue
        for key in keys:
            schema_editor.execute(schema_editor._delete_fk_sql(model, key))
        for index in schema_editor._constraint_names(model, ["run_id"], index=True):
            schema_editor.execute(schema_editor._delete_index_sql(model, index))
        check = model._meta.get_field("run").db_parameters(schema_editor.connection)["check"]
        table, name = model._meta.db_table, f"{model._meta.db_table}_run_id_check"
        schema_editor.execute(
            f"ALTER TABLE {schema_editor.quote_name(table)} ADD CONSTRAINT {schema_editor.quote_name(name)} CHECK ({check})"
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_squashed_0005_person_merges")]

    operations = [migrations.RunPython(run_keys_drop, migrations.RunPython.noop)]
