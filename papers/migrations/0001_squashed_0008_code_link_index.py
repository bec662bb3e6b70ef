"""Papers, authorships and links (squashed from 0001-0008).

Full-text search on PostgreSQL: a GIN index on author names (a paper's own document is indexed
from migration 0010 on). The indexed expression is defined once, in papers.querysets, which
queries it; author names use the configuration that people's first migration creates. Other
databases have no text search: there that step does nothing.
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

import core.fields
import papers.models
from papers.querysets import AUTHOR_NAME_INDEX, author_document


def search_indexes(apps):
    """(model, index) for author names."""
    return [(apps.get_model("papers", "Authorship"), GinIndex(author_document(), name=AUTHOR_NAME_INDEX))]


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

    initial = True

    replaces = [
        ('papers', '0001_initial'),
        ('papers', '0002_ingest_keys'),
        ('papers', '0003_first_author_and_title_edges'),
        ('papers', '0004_lean_indexes'),
        ('papers', '0005_search_indexes'),
        ('papers', '0006_list_indexes'),
        ('papers', '0007_year_from_1600'),
        ('papers', '0008_code_link_index'),
    ]

    dependencies = [
        ('people', '0001_squashed_0005_person_merges'),
        ('venues', '0001_squashed_0004_venue_catalogue_lists'),
    ]

    operations = [
        migrations.CreateModel(
            name='Paper',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=500)),
                ('title_key', models.CharField(max_length=500)),
                ('first_author_key', models.CharField(blank=True, max_length=100)),
                ('slug', models.SlugField(blank=True, db_index=False, help_text='For the URL; the id identifies.', max_length=120)),
                ('abstract', models.TextField(blank=True)),
                ('abstract_key', models.CharField(blank=True, db_index=True, max_length=80)),
                ('year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[papers.models.validate_year])),
                ('date', core.fields.PartialDateField(blank=True, default='', max_length=10)),
                ('kind', models.CharField(choices=[('conference', 'Conference paper'), ('journal', 'Journal article'), ('workshop', 'Workshop paper'), ('preprint', 'Preprint'), ('thesis', 'Thesis'), ('book', 'Book or chapter'), ('other', 'Other')], default='other', max_length=20)),
                ('venue_text', models.CharField(blank=True, help_text='The venue line as a source wrote it.', max_length=500)),
                ('doi', models.CharField(blank=True, help_text='Lower case, without https://doi.org/.', max_length=200, verbose_name='DOI')),
                ('arxiv_id', models.CharField(blank=True, help_text='Without version: 2311.17486.', max_length=40, verbose_name='arXiv id')),
                ('volume', models.CharField(blank=True, max_length=40)),
                ('number', models.CharField(blank=True, max_length=40)),
                ('pages', models.CharField(blank=True, max_length=40)),
                ('publisher', models.CharField(blank=True, max_length=200)),
                ('citation_key', models.CharField(blank=True, max_length=200)),
                ('categories', models.JSONField(blank=True, default=list, help_text='arXiv categories: ["cs.CV"].')),
                ('citation_count', models.PositiveIntegerField(blank=True, null=True)),
                ('presentation', models.CharField(blank=True, choices=[('oral', 'Oral'), ('spotlight', 'Spotlight'), ('highlight', 'Highlight'), ('poster', 'Poster')], max_length=20)),
                ('honors', models.JSONField(blank=True, default=list, help_text='["Top 200 Most Cited CVPR Paper"].')),
                ('authors_complete', models.BooleanField(default=True)),
                ('provenance', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('selected_by', models.ManyToManyField(blank=True, help_text='People who list this paper among their selected publications.', related_name='selected_papers', to='people.person')),
                ('venue_edition', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='papers', to='venues.venueedition')),
            ],
            options={
                'ordering': ['-year', 'title'],
            },
        ),
        migrations.CreateModel(
            name='Authorship',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(help_text='1 for the first author.')),
                ('name', models.CharField(max_length=200)),
                ('family_key', models.CharField(blank=True, max_length=100)),
                ('equal_contribution', models.BooleanField(default=False)),
                ('corresponding', models.BooleanField(default=False)),
                ('person', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='authorships', to='people.person')),
                ('paper', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='authorships', to='papers.paper')),
            ],
            options={
                'ordering': ['paper', 'position'],
            },
        ),
        migrations.CreateModel(
            name='PaperLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('pdf', 'Paper'), ('code', 'Code'), ('project', 'Project page'), ('slides', 'Slides'), ('video', 'Video'), ('poster', 'Poster'), ('supplement', 'Supplement'), ('appendix', 'Appendix'), ('doi', 'DOI'), ('arxiv', 'arXiv'), ('other', 'Other')], max_length=20)),
                ('url', models.URLField(blank=True, max_length=1000)),
                ('label', models.CharField(blank=True, help_text='As written: "[code]".', max_length=100)),
                ('paper', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='links', to='papers.paper')),
            ],
            options={
                'ordering': ['paper', 'kind'],
            },
        ),
        migrations.AddIndex(
            model_name='paper',
            index=models.Index(fields=['title_key'], name='paper_title_key_idx'),
        ),
        migrations.AddIndex(
            model_name='paper',
            index=models.Index(fields=['-year', 'title'], name='paper_year_title_idx'),
        ),
        migrations.AddIndex(
            model_name='paper',
            index=models.Index(fields=['year', 'kind'], name='paper_year_kind_idx'),
        ),
        migrations.AddIndex(
            model_name='paper',
            index=models.Index(fields=['venue_edition', 'title'], name='paper_edition_title_idx'),
        ),
        migrations.AddIndex(
            model_name='paper',
            index=models.Index(django.db.models.functions.text.Concat('first_author_key', models.Value(' '), django.db.models.functions.text.Left('title_key', 12), output_field=models.CharField()), name='paper_title_head_idx'),
        ),
        migrations.AddIndex(
            model_name='paper',
            index=models.Index(django.db.models.functions.text.Concat('first_author_key', models.Value(' '), django.db.models.functions.text.Right('title_key', 12), output_field=models.CharField()), name='paper_title_tail_idx'),
        ),
        migrations.AddConstraint(
            model_name='paper',
            constraint=models.UniqueConstraint(condition=models.Q(('doi', ''), _negated=True), fields=('doi',), name='paper_doi_unique'),
        ),
        migrations.AddConstraint(
            model_name='paper',
            constraint=models.UniqueConstraint(condition=models.Q(('arxiv_id', ''), _negated=True), fields=('arxiv_id',), name='paper_arxiv_unique'),
        ),
        migrations.AddConstraint(
            model_name='paper',
            constraint=models.CheckConstraint(condition=models.Q(('doi', django.db.models.functions.text.Lower('doi'))), name='paper_doi_lower_case', violation_error_message='DOIs are stored in lower case.'),
        ),
        migrations.AddConstraint(
            model_name='paper',
            constraint=models.CheckConstraint(condition=models.Q(('year__isnull', True), ('year__gte', 1600), _connector='OR'), name='paper_year_range', violation_error_message="A paper's year is 1600 or later."),
        ),
        migrations.AddIndex(
            model_name='authorship',
            index=models.Index(fields=['person', 'paper'], name='authorship_person_paper_idx'),
        ),
        migrations.AddConstraint(
            model_name='authorship',
            constraint=models.UniqueConstraint(fields=('paper', 'position'), name='authorship_unique_position'),
        ),
        migrations.AddConstraint(
            model_name='authorship',
            constraint=models.UniqueConstraint(condition=models.Q(('person__isnull', False)), fields=('paper', 'person'), name='authorship_unique_person'),
        ),
        migrations.AddConstraint(
            model_name='authorship',
            constraint=models.CheckConstraint(condition=models.Q(('position__gte', 1)), name='authorship_position_from_one'),
        ),
        migrations.AddIndex(
            model_name='paperlink',
            index=models.Index(condition=models.Q(('kind', 'code')), fields=['paper'], name='paper_link_code_idx'),
        ),
        migrations.AddConstraint(
            model_name='paperlink',
            constraint=models.UniqueConstraint(fields=('paper', 'kind', 'url'), name='paper_link_unique'),
        ),
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]
