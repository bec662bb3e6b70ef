"""factory_boy factories for every model, for tests."""

import factory
from django.contrib.auth import get_user_model

from core.keys import name_key, title_key, venue_key
from ingest.models import IngestionRun, RecordOutcome, ReviewItem, Source, WriteClock
from papers.models import Authorship, CitationCount, Paper, PaperLink
from people.models import (
    Institution,
    Lab,
    Membership,
    MetricReport,
    Person,
    PersonAlias,
    PersonMerge,
    ProfileEntry,
)
from venues.models import Venue, VenueAlias, VenueEdition


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"University {n}")
    slug = factory.Sequence(lambda n: f"university-{n}")
    short_name = factory.Sequence(lambda n: f"U{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    full_name = factory.LazyAttribute(lambda p: f"{p.given_name} {p.family_name}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    name_key = factory.LazyAttribute(lambda p: name_key(p.full_name))


class PersonAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonAlias

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"A. Alias{n}")
    key = factory.LazyAttribute(lambda a: name_key(a.name))


class MetricReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MetricReport

    person = factory.SubFactory(PersonFactory)
    source = "profile page"
    observed_on = factory.Faker("date_object")
    h_index = 12
    citation_count = 900
    paper_count = 40


class LabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lab

    name = factory.Sequence(lambda n: f"Lab {n}")
    slug = factory.Sequence(lambda n: f"lab-{n}")
    pi = factory.SubFactory(PersonFactory)
    institution = factory.SubFactory(InstitutionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    lab = factory.SubFactory(LabFactory)
    role = "phd"
    start = "2020-08"
    end = ""


class ProfileEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfileEntry

    person = factory.SubFactory(PersonFactory)
    kind = "news"
    date = "2023-03"
    text = factory.Faker("sentence")


class PersonMergeFactory(factory.django.DjangoModelFactory):
    """A merge as recorded (people.merging.person_merge writes real ones)."""

    class Meta:
        model = PersonMerge

    kind = "merge"
    person = factory.SubFactory(PersonFactory)
    other_slug = factory.Sequence(lambda n: f"merged-{n}")
    other_name = "Q. Sun"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    acronym = factory.Sequence(lambda n: f"TV{n}")
    slug = factory.Sequence(lambda n: f"test-venue-{n}")
    name = factory.Sequence(lambda n: f"Test Venue Number {n}")
    kind = "conference"
    verified = True


class VenueAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VenueAlias

    venue = factory.SubFactory(VenueFactory)
    text = factory.Sequence(lambda n: f"Symposium of Testing {n}x")
    key = factory.LazyAttribute(lambda a: venue_key(a.text))


class VenueEditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VenueEdition

    venue = factory.SubFactory(VenueFactory)
    year = 2023


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    title = factory.Sequence(lambda n: f"Learning Test Representations, Part {n}")
    title_key = factory.LazyAttribute(lambda p: title_key(p.title))
    slug = factory.Sequence(lambda n: f"learning-test-representations-part-{n}")
    year = 2023
    date = "2023-06"
    kind = "conference"
    venue_edition = factory.SubFactory(VenueEditionFactory)


class AuthorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorship

    paper = factory.SubFactory(PaperFactory)
    person = factory.SubFactory(PersonFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda a: a.person.full_name if a.person else "Unknown Author")


class PaperLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaperLink

    paper = factory.SubFactory(PaperFactory)
    kind = "code"
    url = factory.Sequence(lambda n: f"https://example.org/code/{n}")


class CitationCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitationCount

    paper = factory.SubFactory(PaperFactory)
    source = "crossref"
    count = 41
    observed_on = "2026-11-30"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Source {n}")
    url = factory.Sequence(lambda n: f"https://example.org/listing/{n}")
    format = "homepage"


class IngestionRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IngestionRun

    format = "bibtex"
    observed_at = factory.Faker("date_object")
    input_name = "papers.bib"


class RecordOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordOutcome

    run = factory.SubFactory(IngestionRunFactory)
    index = factory.Sequence(lambda n: n)
    kind = "paper"
    outcome = "rejected"
    reason = "no title"
    raw = "@article{broken,"


class ReviewItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewItem

    kind = "person_match"
    summary = "Is “Q. Sun” the same person as “Qianru Sun”?"
    person = factory.SubFactory(PersonFactory)


class WriteClockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WriteClock
        django_get_or_create = ("id",)  # the one row, made by the first write under the lock

    id = 1


def paper_admin_form(title: str, authors: list[str], **fields: str) -> dict[str, str]:
    """The admin's "Add paper" form filled as a person would: the title, a conference paper of
    2023, the authors in order and no links; fields fill or override any other input."""
    form = {
        "title": title,
        "kind": "conference",
        "year": "2023",
        "categories": "[]",
        "honors": "[]",
        "authors_complete": "on",
        "authorships-TOTAL_FORMS": str(len(authors)),
        "authorships-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "citation_counts-TOTAL_FORMS": "0",  # shown read-only, sent as the page sends it
        "citation_counts-INITIAL_FORMS": "0",
    }
    for index, name in enumerate(authors):
        form |= {f"authorships-{index}-position": str(index + 1), f"authorships-{index}-name": name}
    return form | fields
