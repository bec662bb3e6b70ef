"""Venues, their aliases and editions, and the venue catalogue (squashed from 0001-0004).

The catalogue load is 0004's, self-contained on purpose: it imports no app code, so later changes
to the live key or loader cannot change what it does. It carries a copy of core.keys.venue_key as
that function was at 0004, re-keys every stored alias with it, then upserts catalogue.json's
venues, their aliases and the parent of each workshop series. Running it again changes nothing.
"""

import html
import json
import re
import unicodedata
from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models


CATALOGUE = Path(__file__).resolve().parent.parent / "catalogue.json"

# The venue key, frozen -------------------------------------------------------------------------
NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
WORD_SEPARATOR_RE = re.compile(r"[\W_]+")
UNDECOMPOSABLE = str.maketrans(
    {"ø": "o", "Ø": "O", "ß": "ss", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
     "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i"}
)  # fmt: skip
ORDINAL_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
    "|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth"
    "|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth"
)
NOISE_RE = re.compile(
    r"\barxiv\s*:\s*\S+|\babs/\S+|\b\d{4}\.\d{4,5}(?:v\d+)?\b"
    r"|'\d{2}\b|\b\d+(?:st|nd|rd|th)\b"
    rf"|\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-]?)?(?:{ORDINAL_WORDS})\b"
    r"|\b(?:v|vol|volume|part|pt)\b\.?\s*(?:\d+|[ivx]+\b)|\b\d+\b"
)
LATEX_SPACE_RE = re.compile(r"\\(?=[^a-zA-Z])|~")
LEAD_RE = re.compile(r"^\s*(?:in\b\s*:?\s*)?(?:(?:proceedings?|proc)\b\.?\s*(?:of\b\s*)?)?")
FILLER_RE = re.compile(r"\bproceedings?\b(?:\s+of\b)?(?:\s+the\b)?|\bthe\b")
CONTRACTIONS_RE = re.compile(r"\b(int|nat)['\u2019]l\b")
WORDS = {
    "conf": "conference", "int": "international", "intl": "international", "internat": "international",
    "natl": "national", "trans": "transactions", "j": "journal", "jour": "journal", "symp": "symposium",
    "ws": "workshop", "wksp": "workshop", "workshops": "workshop", "assoc": "association",
}  # fmt: skip


def fold(text):
    if text.isascii():
        return NON_ALNUM_RE.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.translate(UNDECOMPOSABLE))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return WORD_SEPARATOR_RE.sub(" ", bare.casefold()).strip()


def venue_key(text):
    text = text.replace("{", "").replace("}", "").replace("\u2019", "'").lower()
    if "&" in text and ";" in text:
        text = html.unescape(text)
    text = LATEX_SPACE_RE.sub(" ", text).replace("&", " and ")
    text = CONTRACTIONS_RE.sub(lambda found: f"{found.group(1)}l", text)
    text = FILLER_RE.sub(" ", LEAD_RE.sub(" ", NOISE_RE.sub(" ", text), count=1))
    return " ".join(WORDS.get(word, word) for word in fold(text).split())


# The load ----------------------------------------------------------------------------------------


def spellings(entry):
    return list(dict.fromkeys([entry["acronym"], entry["name"], *entry.get("aliases", [])]))


def catalogue_owners(entries):
    """Key -> slug of the catalogue venue that spells it so (the first, as catalogue_load does)."""
    owners = {}
    for entry in entries:
        for text in spellings(entry):
            key = venue_key(text)[:300]
            if key:
                owners.setdefault(key, entry["slug"])
    return owners


def rekey(Alias, owners):
    """Every alias under the new key; of aliases that now read the same, the catalogue owner's
    stays, else the verified venue's, else the oldest."""
    rows = list(Alias.objects.select_related("venue").order_by("-venue__verified", "pk"))
    kept = {}
    for alias in rows:
        key = venue_key(alias.text)[:300]
        holder = kept.get(key)
        if holder is None or (owners.get(key) == alias.venue.slug != holder.venue.slug):
            kept[key] = alias
    keep_ids = {alias.pk for alias in kept.values()}
    dropped = [alias.pk for alias in rows if alias.pk not in keep_ids]
    for start in range(0, len(dropped), 500):
        Alias.objects.filter(pk__in=dropped[start : start + 500]).delete()
    changed = [(key, alias) for key, alias in kept.items() if alias.key != key]
    # Two passes: a row's new key may still be another row's old key within one statement. A key
    # is folded words, so "~" is in none of them (and PostgreSQL text takes no NUL).
    for alias in (alias for _, alias in changed):
        alias.key = f"~{alias.pk}"
    Alias.objects.bulk_update([alias for _, alias in changed], ["key"], batch_size=500)
    for key, alias in changed:
        alias.key = key
    Alias.objects.bulk_update([alias for _, alias in changed], ["key"], batch_size=500)
    return set(kept)


def upsert_venues(Venue, entries):
    """Catalogue venues by slug, created or brought up to the catalogue's values."""
    fields = ["acronym", "name", "kind", "publisher", "field"]
    existing = Venue.objects.in_bulk([entry["slug"] for entry in entries], field_name="slug")
    new, changed = [], []
    for entry in entries:
        values = {name: entry.get(name, "") for name in fields}
        venue = existing.get(entry["slug"])
        if venue is None:
            new.append(Venue(slug=entry["slug"], verified=True, **values))
        elif any(getattr(venue, name) != value for name, value in values.items()) or not venue.verified:
            for name, value in values.items():
                setattr(venue, name, value)
            venue.verified = True
            changed.append(venue)
    Venue.objects.bulk_create(new, batch_size=500)
    Venue.objects.bulk_update(changed, [*fields, "verified"], batch_size=500)
    return Venue.objects.in_bulk([entry["slug"] for entry in entries], field_name="slug")


def load(apps, schema_editor):
    Venue = apps.get_model("venues", "Venue")
    Alias = apps.get_model("venues", "VenueAlias")
    entries = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    taken = rekey(Alias, catalogue_owners(entries))
    venues = upsert_venues(Venue, entries)
    new_aliases = []
    for entry in entries:
        for text in spellings(entry):
            key = venue_key(text)[:300]
            if key and key not in taken:  # a key another venue owns stays with it
                taken.add(key)
                new_aliases.append(Alias(venue=venues[entry["slug"]], text=text[:300], key=key))
    Alias.objects.bulk_create(new_aliases, batch_size=500)
    with_parent = []
    for entry in entries:
        venue, parent = venues[entry["slug"]], venues.get(entry.get("parent") or "")
        if parent is not None and venue.parent_id != parent.pk:
            venue.parent = parent
            with_parent.append(venue)
    Venue.objects.bulk_update(with_parent, ["parent"], batch_size=500)


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('venues', '0001_initial'),
        ('venues', '0002_venue_catalogue'),
        ('venues', '0003_venue_parent'),
        ('venues', '0004_venue_catalogue_lists'),
    ]

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Venue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80)),
                ('acronym', models.CharField(db_index=True, max_length=40)),
                ('name', models.CharField(max_length=300)),
                ('kind', models.CharField(choices=[('conference', 'Conference'), ('journal', 'Journal'), ('workshop', 'Workshop'), ('preprint', 'Preprint server'), ('other', 'Other')], default='conference', max_length=20)),
                ('publisher', models.CharField(blank=True, max_length=200)),
                ('field', models.CharField(blank=True, help_text='Research area, e.g. computer vision.', max_length=100)),
                ('homepage', models.URLField(blank=True)),
                ('verified', models.BooleanField(default=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('parent', models.ForeignKey(blank=True, help_text='The conference a workshop is held at.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='children', to='venues.venue')),
            ],
            options={
                'ordering': ['acronym'],
            },
        ),
        migrations.CreateModel(
            name='VenueAlias',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.CharField(max_length=300)),
                ('key', models.CharField(max_length=300)),
                ('venue', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='venues.venue')),
            ],
            options={
                'verbose_name_plural': 'venue aliases',
                'ordering': ['venue', 'text'],
            },
        ),
        migrations.CreateModel(
            name='VenueEdition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('ordinal', models.PositiveSmallIntegerField(blank=True, help_text='37 for the 37th edition.', null=True)),
                ('location', models.CharField(blank=True, max_length=200)),
                ('start_date', models.DateField(blank=True, null=True)),
                ('end_date', models.DateField(blank=True, null=True)),
                ('url', models.URLField(blank=True)),
                ('venue', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='editions', to='venues.venue')),
            ],
            options={
                'ordering': ['venue__acronym', '-year'],
            },
        ),
        migrations.AddIndex(
            model_name='venue',
            index=models.Index(fields=['kind', 'acronym'], name='venue_kind_acronym_idx'),
        ),
        migrations.AddConstraint(
            model_name='venue',
            constraint=models.UniqueConstraint(fields=('slug',), name='venue_slug_unique'),
        ),
        migrations.AddConstraint(
            model_name='venuealias',
            constraint=models.UniqueConstraint(fields=('key',), name='venue_alias_key_unique'),
        ),
        migrations.AddConstraint(
            model_name='venueedition',
            constraint=models.UniqueConstraint(fields=('venue', 'year'), name='venue_edition_unique_year'),
        ),
        migrations.AddConstraint(
            model_name='venueedition',
            constraint=models.CheckConstraint(condition=models.Q(('year__gte', 1900), ('year__lte', 2200)), name='venue_edition_year_range'),
        ),
        migrations.AddConstraint(
            model_name='venueedition',
            constraint=models.CheckConstraint(condition=models.Q(('start_date__isnull', True), ('end_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='venue_edition_dates_ordered'),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
