"""Lab admins follow their labs' ingestion: import listings, read the runs and records, decide reviews.

people.admin_scope scopes what they see to their labs (ingest.selectors.lab_runs, lab_review_items).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Lab admins"
PERMISSIONS = [
    ("ingestionrun", ["view", "add"]),
    ("recordoutcome", ["view"]),
    ("reviewitem", ["view", "change"]),
]


def permissions_grant(apps, schema_editor):
    app_config = apps.get_app_config("ingest")
    app_config.models_module = True  # permissions are created after all migrations; these are needed now
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.get(name=GROUP)
    Permission = apps.get_model("auth", "Permission")
    for model, actions in PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        found = Permission.objects.filter(content_type__app_label="ingest", codename__in=codenames)
        assert found.count() == len(codenames), model
        group.permissions.add(*found)


def permissions_revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        codenames = [f"{action}_{model}" for model, actions in PERMISSIONS for action in actions]
        group.permissions.remove(*group.permissions.filter(content_type__app_label="ingest", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0004_lean_indexes"),
        ("people", "0004_lab_admins_group"),
    ]

    operations = [migrations.RunPython(permissions_grant, permissions_revoke)]
