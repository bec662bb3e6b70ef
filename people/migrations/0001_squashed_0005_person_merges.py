"""People, their aliases and identifiers, institutions, labs and members, profile entries, metric
reports and merges (squashed from 0001-0005; the "Lab admins" group moved to ingest's squash,
which holds every permission of it, since people sits below papers and ingest).

Search by name on PostgreSQL: the accent-free 'simple' configuration and GIN indexes on names.
The vectors and the configuration are defined once, in people.querysets, which queries them.
Other databases have no text search: there that step does nothing.
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

import core.fields
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

    initial = True

    replaces = [
        ('people', '0001_initial'),
        ('people', '0002_ingest_keys'),
        ('people', '0003_search_indexes'),
        ('people', '0004_lab_admins_group'),
        ('people', '0005_person_merges'),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Institution',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80)),
                ('name', models.CharField(max_length=200)),
                ('short_name', models.CharField(blank=True, help_text='SMU, NTU, MPI-INF...', max_length=40)),
                ('country', models.CharField(blank=True, max_length=80)),
                ('homepage', models.URLField(blank=True)),
            ],
            options={
                'ordering': ['name'],
                'constraints': [models.UniqueConstraint(fields=('slug',), name='institution_slug_unique'), models.UniqueConstraint(django.db.models.functions.text.Lower('name'), name='institution_name_unique_ci')],
            },
        ),
        migrations.CreateModel(
            name='Lab',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80)),
                ('name', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True)),
                ('homepage', models.URLField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('admins', models.ManyToManyField(blank=True, related_name='administered_labs', to=settings.AUTH_USER_MODEL)),
                ('institution', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='labs', to='people.institution')),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Person',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80)),
                ('full_name', models.CharField(max_length=200)),
                ('given_name', models.CharField(blank=True, max_length=100)),
                ('family_name', models.CharField(blank=True, max_length=100)),
                ('name_key', models.CharField(db_index=True, max_length=200)),
                ('position', models.CharField(blank=True, max_length=200)),
                ('affiliation', models.CharField(blank=True, max_length=300)),
                ('bio', models.TextField(blank=True)),
                ('homepage', models.URLField(blank=True)),
                ('email', models.EmailField(blank=True, max_length=254)),
                ('orcid', models.CharField(blank=True, max_length=19, verbose_name='ORCID')),
                ('dblp_pid', models.CharField(blank=True, max_length=60, verbose_name='DBLP pid')),
                ('scholar_id', models.CharField(blank=True, max_length=40, verbose_name='Google Scholar id')),
                ('provenance', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('institution', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='people', to='people.institution')),
            ],
            options={
                'verbose_name_plural': 'people',
                'ordering': ['family_name', 'full_name'],
            },
        ),
        migrations.CreateModel(
            name='MetricReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(help_text='Where the figures were read, e.g. a profile page.', max_length=100)),
                ('source_url', models.URLField(blank=True)),
                ('observed_on', models.DateField()),
                ('h_index', models.PositiveIntegerField(blank=True, null=True)),
                ('citation_count', models.PositiveIntegerField(blank=True, null=True)),
                ('paper_count', models.PositiveIntegerField(blank=True, null=True)),
                ('run', models.PositiveBigIntegerField(blank=True, db_column='run_id', null=True)),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='metric_reports', to='people.person')),
            ],
            options={
                'ordering': ['person', '-observed_on'],
                'get_latest_by': 'observed_on',
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('faculty', 'Faculty'), ('postdoc', 'Postdoc'), ('research_fellow', 'Research fellow'), ('research_assistant', 'Research assistant'), ('research_engineer', 'Research engineer'), ('research_student', 'Research student'), ('phd', 'Ph.D. student'), ('master', 'Master student'), ('undergraduate', 'Undergraduate'), ('visiting', 'Visiting researcher'), ('visiting_phd', 'Visiting Ph.D. student'), ('other', 'Other')], max_length=30)),
                ('title', models.CharField(blank=True, help_text='As the source wrote it: "Visiting PhD Student".', max_length=100)),
                ('start', core.fields.PartialDateField(blank=True, default='', max_length=10)),
                ('end', core.fields.PartialDateField(blank=True, default='', help_text='Empty while the person is a member.', max_length=10)),
                ('email', models.EmailField(blank=True, max_length=254)),
                ('order', models.PositiveIntegerField(default=0, help_text='Display order within the role.')),
                ('provenance', models.JSONField(blank=True, default=dict)),
                ('institution', models.ForeignKey(blank=True, help_text="The member's home institution.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='memberships', to='people.institution')),
                ('lab', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='people.lab')),
                ('co_advisors', models.ManyToManyField(blank=True, related_name='co_advised_memberships', to='people.person')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='people.person')),
            ],
            options={
                'ordering': ['lab', 'order', 'start', 'person__full_name'],
            },
        ),
        migrations.AddField(
            model_name='lab',
            name='pi',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='led_labs', to='people.person', verbose_name='PI'),
        ),
        migrations.CreateModel(
            name='PersonAlias',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('key', models.CharField(db_index=True, max_length=200)),
                ('initials', models.CharField(blank=True, db_index=True, max_length=200)),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='people.person')),
            ],
            options={
                'verbose_name_plural': 'person aliases',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='PersonMerge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('merge', 'Merge'), ('split', 'Split')], max_length=10)),
                ('other_slug', models.SlugField(help_text="The merged person's old address, or the new one's.", max_length=80)),
                ('other_name', models.CharField(max_length=200)),
                ('moved', models.JSONField(blank=True, default=dict)),
                ('snapshot', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('undone_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('other', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.person')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='merges', to='people.person')),
                ('undone_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='ProfileEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('news', 'News'), ('award', 'Award'), ('funding', 'Funding'), ('service', 'Service'), ('talk', 'Talk'), ('seminar', 'Seminar'), ('teaching', 'Teaching'), ('collaboration', 'Collaboration')], max_length=20)),
                ('date', core.fields.PartialDateField(blank=True, default='', max_length=10)),
                ('end', core.fields.PartialDateField(blank=True, default='', help_text="For spans such as a grant's years.", max_length=10)),
                ('text', models.TextField()),
                ('url', models.URLField(blank=True)),
                ('order', models.PositiveIntegerField(default=0)),
                ('key', models.CharField(blank=True, max_length=40)),
                ('run', models.PositiveBigIntegerField(blank=True, db_column='run_id', null=True)),
                ('lab', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='profile_entries', to='people.lab')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='profile_entries', to='people.person')),
            ],
            options={
                'verbose_name_plural': 'profile entries',
                'ordering': ['person', 'kind', '-date', 'order'],
            },
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(fields=('slug',), name='person_slug_unique'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(condition=models.Q(('orcid', ''), _negated=True), fields=('orcid',), name='person_orcid_unique'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(condition=models.Q(('dblp_pid', ''), _negated=True), fields=('dblp_pid',), name='person_dblp_unique'),
        ),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(condition=models.Q(('scholar_id', ''), _negated=True), fields=('scholar_id',), name='person_scholar_unique'),
        ),
        migrations.AddConstraint(
            model_name='metricreport',
            constraint=models.UniqueConstraint(fields=('person', 'source', 'observed_on'), name='metric_report_unique_day'),
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['lab', 'end', 'role'], name='membership_lab_current_idx'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(fields=('person', 'lab', 'role', 'start'), name='membership_unique_stint'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.CheckConstraint(condition=models.Q(('start', ''), ('end', ''), ('end__gte', django.db.models.functions.text.Substr('start', 1, django.db.models.functions.text.Length('end'))), _connector='OR'), name='membership_end_after_start', violation_error_message='The end is before the start.'),
        ),
        migrations.AddConstraint(
            model_name='lab',
            constraint=models.UniqueConstraint(fields=('slug',), name='lab_slug_unique'),
        ),
        migrations.AddConstraint(
            model_name='personalias',
            constraint=models.UniqueConstraint(fields=('person', 'name'), name='person_alias_unique'),
        ),
        migrations.AddIndex(
            model_name='personmerge',
            index=models.Index(fields=['other_slug'], name='person_merge_other_slug_idx'),
        ),
        migrations.AddIndex(
            model_name='profileentry',
            index=models.Index(fields=['person', 'kind', 'date'], name='profile_entry_person_kind_idx'),
        ),
        migrations.AddConstraint(
            model_name='profileentry',
            constraint=models.CheckConstraint(condition=models.Q(('date', ''), ('end', ''), ('end__gte', django.db.models.functions.text.Substr('date', 1, django.db.models.functions.text.Length('end'))), _connector='OR'), name='profile_entry_end_after_date', violation_error_message='The end is before the start.'),
        ),
        migrations.AddConstraint(
            model_name='profileentry',
            constraint=models.UniqueConstraint(condition=models.Q(('key', ''), _negated=True), fields=('person', 'kind', 'key'), name='profile_entry_unique_key'),
        ),
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
