"""Lab admins follow their labs' people in the scholarly sources (Source, scoped to their labs by
people.admin_scope) and read the citation counts the sources report."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Lab admins"
PERMISSIONS = [
    ("ingest", "source", ["view", "add", "change"]),
    ("papers", "citationcount", ["view"]),
]


def group_extend(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, actions in PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        found = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        assert found.count() == len(codenames), (app_label, model)
        group.permissions.add(*found)


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0008_followed_sources"),
        ("papers", "0009_citation_counts"),
    ]

    operations = [migrations.RunPython(group_extend, migrations.RunPython.noop)]
