"""Merging duplicate people, splitting a wrongly merged author, and undoing both."""

import pytest
from django.apps import apps
from django.core import serializers

from ingest.models import IngestionRun, ReviewItem
from papers.models import Authorship, Paper
from people.merging import MergeError, person_keys, person_merge, person_merge_undo, person_split
from people.models import Membership, Person, PersonAlias, PersonMerge
from tests import factories

pytestmark = pytest.mark.django_db

# Bookkeeping that a merge and its undo write on purpose.
NOT_COMPARED = {"people.personmerge", "admin.logentry", "sessions.session"}
# A paper's updated_at is the version its cached rows are kept under (papers.cache): a merge and its
# undo each change whom the rows link to, so each moves it on purpose.
VERSIONS = {"papers.paper": "updated_at"}


def database() -> dict:
    """Every row of every table, serialized: what "as it was" means."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label not in NOT_COMPARED:
            rows[label] = serializers.serialize("python", model.objects.order_by("pk"))
            for row in rows[label] if label in VERSIONS else ():
                del row["fields"][VERSIONS[label]]
    return rows


@pytest.fixture
def duplicates():
    """Qianru Sun, a lab member, and "Q. Sun", the same woman as an author list spelled her."""
    lab = factories.LabFactory(slug="vll")
    full = factories.PersonFactory(full_name="Qianru Sun", slug="qianru-sun", orcid="0000-0001-2345-6789")
    short = factories.PersonFactory(
        full_name="Q. Sun", slug="q-sun", scholar_id="fY3dXl0AAAAJ", bio="", homepage="https://q.example"
    )
    for person in (full, short):
        factories.PersonAliasFactory(person=person, name=person.full_name)
        factories.MembershipFactory(person=person, lab=lab, role="faculty", start="2019")
    factories.PersonAliasFactory(person=short, name="Sun Qianru")
    mine = factories.PaperFactory(title="Meta-Transfer Learning")
    hers = factories.PaperFactory(title="Mnemonics")
    factories.AuthorshipFactory(paper=mine, person=full, position=1, name="Qianru Sun")
    factories.AuthorshipFactory(paper=hers, person=short, position=2, name="Q. Sun")
    hers.selected_by.add(short)
    student = factories.MembershipFactory(lab=lab, role="phd", start="2020")
    student.co_advisors.add(short, full)
    factories.ProfileEntryFactory(person=short, text="Best paper award")
    factories.MetricReportFactory(person=short, source="profile")
    factories.IngestionRunFactory(owner=short)
    factories.ReviewItemFactory(person=short)
    return full, short


def test_a_merge_moves_everything_to_the_survivor_and_fills_what_it_lacks(duplicates, client):
    full, short = duplicates
    short_id = short.pk
    record = person_merge(survivor=full, merged=short)
    assert not Person.objects.filter(pk=short_id).exists()
    full.refresh_from_db()
    assert full.orcid == "0000-0001-2345-6789" and full.scholar_id == "fY3dXl0AAAAJ"
    assert set(full.aliases.values_list("name", flat=True)) == {"Qianru Sun", "Q. Sun", "Sun Qianru"}
    assert set(Paper.objects.filter(authorships__person=full).values_list("title", flat=True)) == {
        "Meta-Transfer Learning",
        "Mnemonics",
    }
    assert list(full.selected_papers.values_list("title", flat=True)) == ["Mnemonics"]
    # The same stint twice is one stint; co-advising twice is once.
    assert Membership.objects.filter(person=full, role="faculty").count() == 1
    assert Membership.objects.get(role="phd").co_advisors.get() == full
    assert full.profile_entries.count() == 1 and full.metric_reports.count() == 1
    assert IngestionRun.objects.get().owner == full and ReviewItem.objects.get().person == full
    assert record.kind == "merge" and record.other_slug == "q-sun"


def test_nothing_points_at_the_merged_person_afterwards(duplicates):
    full, short = duplicates
    short_id = short.pk
    person_merge(survivor=full, merged=short)
    for model, field in person_keys():
        assert not model.objects.filter(**{f"{field}_id": short_id}).exists(), (model, field)


def test_the_merged_persons_addresses_redirect_to_the_survivor(duplicates, client):
    full, short = duplicates
    person_merge(survivor=full, merged=short)
    response = client.get("/people/q-sun/")
    assert response.status_code == 301 and response["Location"] == "/people/qianru-sun/"
    assert client.get("/people/q-sun/publications.bib")["Location"] == "/people/qianru-sun/publications.bib"
    assert client.get("/people/q-sun/feed/")["Location"] == "/people/qianru-sun/feed/"
    api = client.get("/api/v1/people/q-sun/")
    assert api.status_code == 301 and api["Location"] == "/api/v1/people/qianru-sun/"
    papers = client.get("/api/v1/people/q-sun/papers/?format=bibtex&year=2020")
    assert papers.status_code == 301
    assert papers["Location"] == "/api/v1/people/qianru-sun/papers/?format=bibtex&year=2020"
    for url in ("/people/nobody-at-all/", "/api/v1/people/nobody-at-all/", "/api/v1/people/nobody/papers/"):
        assert client.get(url).status_code == 404


def test_merge_then_undo_leaves_the_database_as_it_was(duplicates, client):
    full, short = duplicates
    before = database()
    record = person_merge(survivor=full, merged=short)
    assert database() != before
    person_merge_undo(record=record)
    assert database() == before
    assert client.get("/people/q-sun/").status_code == 200
    record.refresh_from_db()
    assert record.undone_at is not None
    with pytest.raises(MergeError, match="already undone"):
        person_merge_undo(record=record)


def test_two_authors_of_one_paper_are_never_merged(duplicates):
    full, short = duplicates
    paper = Paper.objects.get(title="Mnemonics")
    factories.AuthorshipFactory(paper=paper, person=full, position=1, name="Qianru Sun")
    with pytest.raises(MergeError, match="both authors of paper"):
        person_merge(survivor=full, merged=short)
    assert Person.objects.filter(pk=short.pk).exists()


def test_an_undo_refuses_when_the_old_address_was_taken_since(duplicates):
    full, short = duplicates
    record = person_merge(survivor=full, merged=short)
    factories.PersonFactory(slug="q-sun")
    with pytest.raises(MergeError, match="given to someone else"):
        person_merge_undo(record=record)


def test_a_split_gives_the_chosen_papers_to_a_new_person_and_undo_takes_them_back(duplicates):
    full, short = duplicates
    person_merge(survivor=full, merged=short)
    before = database()
    wrong = Authorship.objects.filter(person=full, paper__title="Mnemonics")
    alias = PersonAlias.objects.get(person=full, name="Q. Sun")
    record = person_split(person=full, full_name="Quan Sun", authorships=wrong, aliases=[alias])
    other = Person.objects.get(full_name="Quan Sun")
    assert list(other.authorships.values_list("paper__title", flat=True)) == ["Mnemonics"]
    assert set(other.aliases.values_list("name", flat=True)) == {"Quan Sun", "Q. Sun"}
    assert list(full.authorships.values_list("paper__title", flat=True)) == ["Meta-Transfer Learning"]
    person_merge_undo(record=record)
    assert database() == before


def test_a_split_is_not_undone_once_the_new_person_has_papers_of_their_own(duplicates):
    full, _ = duplicates
    record = person_split(person=full, full_name="Quan Sun", authorships=full.authorships.all())
    other = Person.objects.get(full_name="Quan Sun")
    factories.AuthorshipFactory(person=other, name="Quan Sun", position=1)
    with pytest.raises(MergeError, match="other records since"):
        person_merge_undo(record=record)
    assert PersonMerge.objects.get().undone_at is None


def test_a_split_needs_at_least_one_paper(duplicates):
    full, _ = duplicates
    with pytest.raises(MergeError, match="at least one"):
        person_split(person=full, full_name="Quan Sun", authorships=[])
    assert not Person.objects.filter(full_name="Quan Sun").exists()
