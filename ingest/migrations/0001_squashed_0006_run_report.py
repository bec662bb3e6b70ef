"""Sources, ingestion runs, record outcomes and review items, and the "Lab admins" group
(squashed from 0001-0006, with people's 0004 and 0005 steps that made the group).

The group is what a lab admin may do in the admin, before people.admin_scope scopes it to their
labs. It holds permissions over people, papers, venues and ingest, so it is made here, at the top.
"""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models



GROUP = "Lab admins"
# (app label, model, actions). Institutions and venues are public, and a member's home institution
# or a paper's venue is picked from them: view only. Lab admins merge and split their labs' people
# and undo it (personmerge); they import listings, read the runs and records, decide reviews.
# people.admin_scope scopes all of it to their labs.
PERMISSIONS = [
    ("people", "lab", ["view", "change"]),
    ("people", "membership", ["view", "add", "change", "delete"]),
    ("people", "person", ["view", "add", "change"]),
    ("people", "personalias", ["view", "add", "change", "delete"]),
    ("people", "profileentry", ["view", "add", "change", "delete"]),
    ("people", "metricreport", ["view"]),
    ("people", "institution", ["view"]),
    ("people", "personmerge", ["view", "change"]),
    ("papers", "paper", ["view", "change"]),
    ("papers", "authorship", ["view", "add", "change", "delete"]),
    ("papers", "paperlink", ["view", "add", "change", "delete"]),
    ("venues", "venue", ["view"]),
    ("venues", "venueedition", ["view"]),
    ("ingest", "ingestionrun", ["view", "add"]),
    ("ingest", "recordoutcome", ["view"]),
    ("ingest", "reviewitem", ["view", "change"]),
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

    initial = True

    replaces = [
        ('ingest', '0001_initial'),
        ('ingest', '0002_initial'),
        ('ingest', '0003_review_key'),
        ('ingest', '0004_lean_indexes'),
        ('ingest', '0005_lab_admins_permissions'),
        ('ingest', '0006_run_report'),
    ]

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('papers', '0001_squashed_0008_code_link_index'),
        ('people', '0001_squashed_0005_person_merges'),
        ('venues', '0001_squashed_0004_venue_catalogue_lists'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='IngestionRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('format', models.CharField(choices=[('auto', 'Detect'), ('homepage', 'Faculty homepage'), ('profile', 'Aggregator profile'), ('proceedings', 'Proceedings list'), ('abstracts', 'Abstract list'), ('bibtex', 'BibTeX')], default='auto', max_length=20)),
                ('detected_format', models.CharField(blank=True, choices=[('auto', 'Detect'), ('homepage', 'Faculty homepage'), ('profile', 'Aggregator profile'), ('proceedings', 'Proceedings list'), ('abstracts', 'Abstract list'), ('bibtex', 'BibTeX')], max_length=20)),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('succeeded', 'Succeeded'), ('partial', 'Partial (records rejected or content not understood)'), ('failed', 'Failed')], default='queued', max_length=20)),
                ('trigger', models.CharField(choices=[('cli', 'Command line'), ('api', 'API'), ('admin', 'Admin'), ('source', 'Scheduled source'), ('demo', 'Demo data')], default='cli', max_length=20)),
                ('observed_at', models.DateField(help_text='The day the listing was scraped.')),
                ('input_name', models.CharField(blank=True, help_text='File name or URL.', max_length=500)),
                ('input_text', models.TextField(blank=True)),
                ('input_sha256', models.CharField(blank=True, db_index=True, max_length=64)),
                ('dry_run', models.BooleanField(default=False)),
                ('task_id', models.CharField(blank=True, max_length=50)),
                ('checkpoint', models.PositiveIntegerField(default=0)),
                ('records', models.PositiveIntegerField(default=0)),
                ('created', models.PositiveIntegerField(default=0)),
                ('merged', models.PositiveIntegerField(default=0)),
                ('unchanged', models.PositiveIntegerField(default=0)),
                ('needs_review', models.PositiveIntegerField(default=0)),
                ('rejected', models.PositiveIntegerField(default=0)),
                ('error', models.TextField(blank=True)),
                ('report', models.JSONField(blank=True, default=dict)),
                ('warnings', models.JSONField(blank=True, default=list)),
                ('unread', models.JSONField(blank=True, default=list)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('progressed_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='ingestion_runs', to=settings.AUTH_USER_MODEL)),
                ('lab', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='runs', to='people.lab')),
                ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='owned_runs', to='people.person')),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='RecordOutcome',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('index', models.PositiveIntegerField(help_text='Position of the record in the input, from 0.')),
                ('line', models.PositiveIntegerField(blank=True, help_text='Line where the record starts.', null=True)),
                ('kind', models.CharField(choices=[('paper', 'Paper'), ('person', 'Person'), ('membership', 'Membership'), ('entry', 'Profile entry'), ('metrics', 'Metrics'), ('abstract', 'Abstract')], max_length=20)),
                ('outcome', models.CharField(choices=[('created', 'Created'), ('merged', 'Merged'), ('unchanged', 'Unchanged'), ('needs_review', 'Needs review'), ('rejected', 'Rejected')], max_length=20)),
                ('reason', models.TextField(blank=True)),
                ('raw', models.TextField(blank=True)),
                ('paper', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='papers.paper')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.person')),
                ('run', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='outcomes', to='ingest.ingestionrun')),
            ],
            options={
                'ordering': ['run', 'index'],
            },
        ),
        migrations.CreateModel(
            name='ReviewItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('paper_match', 'Possible duplicate paper'), ('person_match', 'Possible same person'), ('unknown_venue', 'Unknown venue'), ('orphan_abstract', 'Abstract without a paper')], max_length=20)),
                ('status', models.CharField(choices=[('open', 'Open'), ('accepted', 'Accepted'), ('rejected', 'Rejected')], default='open', max_length=20)),
                ('summary', models.CharField(max_length=500)),
                ('key', models.CharField(blank=True, db_index=True, max_length=40)),
                ('payload', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('resolved_at', models.DateTimeField(blank=True, null=True)),
                ('note', models.TextField(blank=True)),
                ('lab', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='review_items', to='people.lab')),
                ('outcome', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='review_items', to='ingest.recordoutcome')),
                ('paper', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='review_items', to='papers.paper')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='review_items', to='people.person')),
                ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='review_items', to='ingest.ingestionrun')),
                ('venue', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='review_items', to='venues.venue')),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Source',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('url', models.URLField(max_length=1000, unique=True)),
                ('format', models.CharField(choices=[('auto', 'Detect'), ('homepage', 'Faculty homepage'), ('profile', 'Aggregator profile'), ('proceedings', 'Proceedings list'), ('abstracts', 'Abstract list'), ('bibtex', 'BibTeX')], default='auto', max_length=20)),
                ('refresh_interval', models.DurationField(default=datetime.timedelta(days=7))),
                ('enabled', models.BooleanField(default=True)),
                ('etag', models.CharField(blank=True, max_length=200)),
                ('last_modified', models.CharField(blank=True, max_length=100)),
                ('last_fetched_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('lab', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sources', to='people.lab')),
                ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sources', to='people.person')),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='ingestionrun',
            name='source',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='runs', to='ingest.source'),
        ),
        migrations.AddIndex(
            model_name='recordoutcome',
            index=models.Index(fields=['run', 'outcome'], name='record_outcome_run_outcome_idx'),
        ),
        migrations.AddConstraint(
            model_name='recordoutcome',
            constraint=models.UniqueConstraint(fields=('run', 'index'), name='record_outcome_unique_index'),
        ),
        migrations.AddIndex(
            model_name='reviewitem',
            index=models.Index(fields=['status', 'kind'], name='review_item_status_kind_idx'),
        ),
        migrations.AddIndex(
            model_name='ingestionrun',
            index=models.Index(fields=['status', 'progressed_at'], name='run_status_progress_idx'),
        ),
        migrations.RunPython(group_create, group_delete),
    ]
