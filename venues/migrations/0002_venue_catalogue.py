from django.db import migrations

from venues.catalogue import catalogue_load


def load(apps, schema_editor):
    catalogue_load(apps.get_model("venues", "Venue"), apps.get_model("venues", "VenueAlias"))


class Migration(migrations.Migration):
    dependencies = [("venues", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
