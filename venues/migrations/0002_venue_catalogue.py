from django.db import migrations

# This migration once loaded the catalogue through the live venues.catalogue code, which made
# what it did depend on that code's later versions (a migration has to stay as it was written).
# 0004_venue_catalogue_lists now loads the catalogue with a copy of the key of its own: databases
# that ran this step keep what it wrote, and 0004 re-keys and completes it; new databases get the
# whole catalogue from 0004.


class Migration(migrations.Migration):
    dependencies = [("venues", "0001_initial")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
