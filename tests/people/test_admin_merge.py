"""Merging, splitting and undoing in the admin; the history says who did it; typed values stay typed."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from papers.models import Authorship, Paper
from people.models import Person, PersonMerge
from people.services import lab_admin_grant
from tests import factories
from tests.ingest.helpers import ingest
from tests.people.test_merging import database, duplicates  # noqa: F401 -- the fixture

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:people_person_changelist")


@pytest.fixture
def lab_admin(client, duplicates):  # noqa: F811
    user = factories.UserFactory(username="labadmin")
    lab_admin_grant(user=user, lab=duplicates[0].memberships.get().lab)
    client.force_login(user)
    return client


def merge_form(people, **extra) -> dict:
    return {"action": "merge_people", "_selected_action": [p.pk for p in people], **extra}


def test_the_merge_page_shows_both_people_and_the_result_before_anything_changes(lab_admin, duplicates):  # noqa: F811
    full, short = duplicates
    before = database()
    page = lab_admin.post(CHANGELIST, merge_form([full, short]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Qianru Sun" in text and "/people/q-sun/" in text
    preview = text.split('id="merge-preview"')[1]
    # Qianru Sun has as many papers as Q. Sun, and the oldest record is proposed to be kept.
    assert "Sun Qianru" in preview and "fY3dXl0AAAAJ" in preview and "<dd>2</dd>" in preview
    assert database() == before


def test_confirming_merges_into_the_chosen_person_and_records_it(lab_admin, duplicates, client):  # noqa: F811
    full, short = duplicates
    form = merge_form([full, short], survivor=short.pk, previewed=short.pk, confirm="yes")
    response = lab_admin.post(CHANGELIST, form, follow=True)
    assert "Merged Qianru Sun into Q. Sun" in response.content.decode()
    assert not Person.objects.filter(pk=full.pk).exists()
    assert Person.objects.get(pk=short.pk).orcid == "0000-0001-2345-6789"
    merge = PersonMerge.objects.get()
    assert merge.created_by.username == "labadmin" and merge.other_slug == "qianru-sun"
    assert client.get("/people/qianru-sun/")["Location"] == "/people/q-sun/"


def test_a_survivor_chosen_after_the_preview_is_previewed_first(lab_admin, duplicates):  # noqa: F811
    full, short = duplicates
    form = merge_form([full, short], survivor=short.pk, previewed=full.pk, confirm="yes")
    page = lab_admin.post(CHANGELIST, form)
    assert page.status_code == 200 and "After the merge, keeping Q. Sun" in page.content.decode()
    assert Person.objects.filter(pk__in=[full.pk, short.pk]).count() == 2


def test_two_authors_of_one_paper_cannot_be_merged_from_the_admin(lab_admin, duplicates):  # noqa: F811
    full, short = duplicates
    factories.AuthorshipFactory(paper=Paper.objects.get(title="Mnemonics"), person=full, position=1)
    page = lab_admin.post(CHANGELIST, merge_form([full, short])).content.decode()
    assert "both authors of paper" in page and 'name="confirm" value="yes"' not in page
    forced = lab_admin.post(
        CHANGELIST, merge_form([full, short], previewed=full.pk, confirm="yes"), follow=True
    )
    assert "both authors of paper" in forced.content.decode()
    assert Person.objects.filter(pk__in=[full.pk, short.pk]).count() == 2 and not PersonMerge.objects.exists()


def test_a_lab_admin_cannot_merge_someone_outside_their_labs(lab_admin, duplicates):  # noqa: F811
    stranger = factories.PersonFactory(full_name="Qianru Sun", slug="qianru-sun-2")
    form = merge_form([duplicates[0], stranger], previewed=duplicates[0].pk, confirm="yes")
    response = lab_admin.post(CHANGELIST, form, follow=True)
    assert "Select two people or more" in response.content.decode()
    assert Person.objects.filter(pk=stranger.pk).exists() and not PersonMerge.objects.exists()


def test_undo_from_the_merges_list_puts_the_database_back(lab_admin, duplicates):  # noqa: F811
    full, short = duplicates
    before = database()
    lab_admin.post(CHANGELIST, merge_form([full, short], survivor=full.pk, previewed=full.pk, confirm="yes"))
    merge = PersonMerge.objects.get()
    undo = {"action": "undo_merges", "_selected_action": [merge.pk]}
    response = lab_admin.post(reverse("admin:people_personmerge_changelist"), undo, follow=True)
    assert "Undone: Q. Sun merged into Qianru Sun" in response.content.decode()
    assert database() == before


def test_the_history_says_who_merged_whom(lab_admin, duplicates):  # noqa: F811
    full, short = duplicates
    lab_admin.post(CHANGELIST, merge_form([full, short], survivor=full.pk, previewed=full.pk, confirm="yes"))
    history = lab_admin.get(reverse("admin:people_person_history", args=[full.pk])).content.decode()
    assert "labadmin" in history and "Merged Q. Sun (q-sun) into this person." in history


def split_url(person) -> str:
    return reverse("admin:people_person_split", args=[person.pk])


def test_a_split_is_previewed_then_gives_the_chosen_papers_to_a_new_person(lab_admin, duplicates):  # noqa: F811
    full, short = duplicates
    lab_admin.post(CHANGELIST, merge_form([full, short], survivor=full.pk, previewed=full.pk, confirm="yes"))
    wrong = Authorship.objects.get(person=full, paper__title="Mnemonics")
    form = {"full_name": "Quan Sun", "authorships": [wrong.pk]}
    page = lab_admin.get(split_url(full)).content.decode()
    assert "Mnemonics" in page and "Meta-Transfer Learning" in page
    preview = lab_admin.post(split_url(full), {**form, "confirm": "no"}).content.decode()
    assert "Quan Sun, a new person, will have" in preview and not Person.objects.filter(full_name="Quan Sun")
    choice = preview.split('name="previewed" value="')[1].split('"')[0]
    response = lab_admin.post(
        split_url(full), {**form, "confirm": "yes", "previewed": choice.replace("&#x27;", "'")}
    )
    assert response.status_code == 302
    other = Person.objects.get(full_name="Quan Sun")
    assert list(other.authorships.values_list("paper__title", flat=True)) == ["Mnemonics"]
    assert PersonMerge.objects.filter(kind="split", person=full, other=other).exists()


def test_a_split_of_another_labs_person_is_not_found(lab_admin):
    stranger = factories.AuthorshipFactory(person=factories.PersonFactory()).person
    assert lab_admin.get(split_url(stranger)).status_code == 404
    assert lab_admin.post(split_url(stranger), {"full_name": "X", "confirm": "yes"}).status_code == 404


def test_a_bio_typed_in_the_admin_outranks_a_homepage_ingested_later(admin_client):
    run = ingest("Bio\n\nI study robots.\n", "homepage", owner="Jane Holloway")
    jane = run.owner
    assert "bio" in Person.objects.get(pk=jane.pk).provenance
    form = {
        "full_name": jane.full_name,
        "slug": jane.slug,
        "bio": "I study robots that read.",
        **{f"{name}-TOTAL_FORMS": "0" for name in ("aliases", "memberships", "metric_reports")},
        **{f"{name}-INITIAL_FORMS": "0" for name in ("aliases", "memberships", "metric_reports")},
    }
    response = admin_client.post(reverse("admin:people_person_change", args=[jane.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "bio" not in Person.objects.get(pk=jane.pk).provenance
    ingest(
        "Bio\n\nI study robots, and I have a much longer biography now.\n", "homepage", owner="Jane Holloway"
    )
    assert Person.objects.get(pk=jane.pk).bio == "I study robots that read."


def test_the_history_shows_who_changed_which_field(lab_admin, duplicates):  # noqa: F811
    membership = duplicates[0].memberships.get()
    form = {"person": membership.person_id, "lab": membership.lab_id, "role": "faculty", "start": "2019"}
    form |= {"end": "2024-06", "order": 0, "title": "", "email": ""}
    response = lab_admin.post(reverse("admin:people_membership_change", args=[membership.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = LogEntry.objects.get(object_id=str(membership.pk))
    assert entry.user.username == "labadmin" and "End" in entry.get_change_message()
    history = lab_admin.get(reverse("admin:people_membership_history", args=[membership.pk])).content.decode()
    assert "labadmin" in history and "Changed End." in history
