"""The "Lab admins" group: what a lab admin may do in the admin, before people.admin_scope scopes it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Lab admins"
# (app label, model, actions). Institutions and venues are public, and a member's home institution
# or a paper's venue is picked from them: view only.
PERMISSIONS = [
    ("people", "lab", ["view", "change"]),
    ("people", "membership", ["view", "add", "change", "delete"]),
    ("people", "person", ["view", "add", "change"]),
    ("people", "personalias", ["view", "add", "change", "delete"]),
    ("people", "profileentry", ["view", "add", "change", "delete"]),
    ("people", "metricreport", ["view"]),
    ("people", "institution", ["view"]),
    ("papers", "paper", ["view", "change"]),
    ("papers", "authorship", ["view", "add", "change", "delete"]),
    ("papers", "paperlink", ["view", "add", "change", "delete"]),
    ("venues", "venue", ["view"]),
    ("venues", "venueedition", ["view"]),
]


def group_create(apps, schema_editor):
    # Permissions are created after all migrations; this group needs them now.
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


def group_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_search_indexes"),
        ("papers", "0006_list_indexes"),
        ("venues", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(group_create, group_delete)]
