"""A lab admin works in the admin on their own labs' objects only: one table of cases per model.

Every model a lab admin can reach has a row in REACHABLE; a new model admin that scopes
(people.admin_scope.LabScoped) without a row fails test_every_scoped_admin_has_a_row_here.
"""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from ingest.models import IngestionRun, RecordOutcome, ReviewItem, Source
from papers.models import Authorship, CitationCount, Paper, PaperLink
from people.admin_scope import LabScoped
from people.models import Lab, Membership, MetricReport, Person, PersonAlias, PersonMerge, ProfileEntry
from people.services import lab_admin_grant
from tests import factories

pytestmark = pytest.mark.django_db

# model -> can a lab admin delete their own rows of it
REACHABLE = {
    Lab: False,
    Membership: True,
    Person: False,
    PersonAlias: True,
    ProfileEntry: True,
    MetricReport: False,
    Paper: False,
    Authorship: True,
    PaperLink: True,
    CitationCount: False,
    IngestionRun: False,
    RecordOutcome: False,
    ReviewItem: False,
    PersonMerge: False,
    Source: False,
}


def lab_world(name: str) -> dict:
    """A lab with its PI, a member, their papers and everything hanging off them."""
    pi = factories.PersonFactory(full_name=f"{name} Leader", slug=f"{name.lower()}-leader")
    lab = factories.LabFactory(name=f"{name} Lab", slug=f"{name.lower()}-lab", pi=pi)
    member = factories.PersonFactory(full_name=f"{name} Member", slug=f"{name.lower()}-member")
    membership = factories.MembershipFactory(lab=lab, person=member, role="phd", start="2020", end="")
    paper = factories.PaperFactory(title=f"{name} Paper On Scoping")
    authorship = factories.AuthorshipFactory(paper=paper, person=member, position=1, name=member.full_name)
    run = factories.IngestionRunFactory(lab=lab, input_name=f"{name.lower()}.bib")
    return {
        Lab: lab,
        Membership: membership,
        Person: member,
        PersonAlias: factories.PersonAliasFactory(person=member, name=f"{name} Alias"),
        ProfileEntry: factories.ProfileEntryFactory(person=member, text=f"{name} news"),
        MetricReport: factories.MetricReportFactory(person=pi, source=f"{name} profile"),
        Paper: paper,
        Authorship: authorship,
        PaperLink: factories.PaperLinkFactory(paper=paper, url=f"https://example.org/{name.lower()}"),
        CitationCount: factories.CitationCountFactory(paper=paper),
        IngestionRun: run,
        RecordOutcome: factories.RecordOutcomeFactory(run=run),
        ReviewItem: factories.ReviewItemFactory(person=member, summary=f"Is {name} Member someone else?"),
        PersonMerge: factories.PersonMergeFactory(person=member, other_name=f"{name} M."),
        Source: factories.SourceFactory(
            name=f"{name} ORCID", owner=member, url=f"https://{name.lower()}.example.org/"
        ),
    }


@pytest.fixture
def worlds():
    return {"ours": lab_world("Ours"), "theirs": lab_world("Theirs")}


@pytest.fixture
def lab_admin_client(client, worlds):
    user = factories.UserFactory(username="labadmin")
    lab_admin_grant(user=user, lab=worlds["ours"][Lab])
    client.force_login(user)
    return client


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", REACHABLE, ids=lambda model: model._meta.label_lower)
def test_the_changelist_and_its_popup_list_our_rows_only(lab_admin_client, worlds, model):
    ours, theirs = worlds["ours"][model], worlds["theirs"][model]
    for query in ({}, {"_popup": "1", "_to_field": "id"}):
        page = lab_admin_client.get(url(model, "changelist"), query)
        assert page.status_code == 200
        links = set(re.findall(r'href="[^"]*/(\d+)/change/', page.content.decode()))
        ids = set(re.findall(r'data-popup-opener="(\d+)"', page.content.decode()))
        assert str(ours.pk) in links | ids
        assert str(theirs.pk) not in links | ids


@pytest.mark.parametrize("model", REACHABLE, ids=lambda model: model._meta.label_lower)
@pytest.mark.parametrize("view", ["change", "history"])
def test_our_objects_open_and_theirs_are_not_found(lab_admin_client, worlds, model, view):
    assert lab_admin_client.get(url(model, view, worlds["ours"][model].pk)).status_code == 200
    assert lab_admin_client.get(url(model, view, worlds["theirs"][model].pk)).status_code == 404


@pytest.mark.parametrize("model", REACHABLE, ids=lambda model: model._meta.label_lower)
def test_delete_only_ours_and_only_where_allowed(lab_admin_client, worlds, model):
    can_delete = REACHABLE[model]
    ours = lab_admin_client.get(url(model, "delete", worlds["ours"][model].pk))
    assert ours.status_code == (200 if can_delete else 403)
    theirs = lab_admin_client.post(url(model, "delete", worlds["theirs"][model].pk), {"post": "yes"})
    assert theirs.status_code in (403, 404)
    assert model.objects.filter(pk=worlds["theirs"][model].pk).exists()


@pytest.mark.parametrize(
    ("source", "field", "target"),
    [
        ("papers.paper", "selected_by", Person),
        ("people.membership", "lab", Lab),
        ("papers.authorship", "paper", Paper),
        ("people.profileentry", "person", Person),
    ],
)
def test_autocomplete_finds_only_ours(lab_admin_client, worlds, source, field, target):
    app_label, model_name = source.split(".")
    query = {"app_label": app_label, "model_name": model_name, "field_name": field, "term": ""}
    found = lab_admin_client.get(reverse("admin:autocomplete"), query)
    assert found.status_code == 200
    ids = {row["id"] for row in found.json()["results"]}
    assert str(worlds["ours"][target].pk) in ids and str(worlds["theirs"][target].pk) not in ids


def test_a_new_member_or_co_advisor_is_picked_from_everyone(lab_admin_client, worlds):
    query = {"app_label": "people", "model_name": "membership", "field_name": "person", "term": "Theirs"}
    found = lab_admin_client.get(reverse("admin:autocomplete"), query).json()["results"]
    assert str(worlds["theirs"][Person].pk) in {row["id"] for row in found}
    # ...but picking is not opening: their person's page stays out of reach.
    assert lab_admin_client.get(url(Person, "change", worlds["theirs"][Person].pk)).status_code == 404


def test_inlines_show_only_our_labs_rows(lab_admin_client, worlds):
    member = worlds["ours"][Person]
    factories.MembershipFactory(person=member, lab=worlds["theirs"][Lab], role="visiting", start="2019")
    page = lab_admin_client.get(url(Person, "change", member.pk)).content.decode()
    assert "Ours Lab" in page and "Theirs Lab" not in page


def test_a_membership_cannot_be_put_in_another_lab(lab_admin_client, worlds):
    form = {"person": worlds["ours"][Person].pk, "lab": worlds["theirs"][Lab].pk, "role": "phd", "order": 0}
    response = lab_admin_client.post(url(Membership, "add"), form)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Membership.objects.filter(lab=worlds["theirs"][Lab], person=worlds["ours"][Person]).exists()


def test_a_lab_admin_cannot_add_admins_labs_or_users_or_grant_rights(lab_admin_client, worlds):
    user = worlds["ours"][Lab].admins.get()
    lab = worlds["theirs"][Lab]
    page = lab_admin_client.get(url(Lab, "change", worlds["ours"][Lab].pk)).content.decode()
    assert 'name="admins"' not in page
    assert lab_admin_client.get(url(Lab, "add")).status_code == 403
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    assert lab_admin_client.get(url(User, "changelist")).status_code == 403
    assert lab_admin_client.post(url(User, "change", user.pk), {"is_superuser": "on"}).status_code == 403
    assert lab_admin_client.get(url(Group, "changelist")).status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser and not lab.admins.filter(pk=user.pk).exists()


def test_every_scoped_admin_has_a_row_here():
    scoped = {
        model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, LabScoped)
    }
    assert scoped == set(REACHABLE)


def test_the_index_shows_only_what_a_lab_admin_may_reach(lab_admin_client):
    page = lab_admin_client.get(reverse("admin:index")).content.decode()
    assert "/admin/people/membership/" in page and "/admin/ingest/reviewitem/" in page
    assert "/admin/ingest/source/" in page  # their labs' people's sources (ingest.submit.follow)
    assert "/admin/venues/venue/add/" not in page and "/admin/auth/user/" not in page


def run_action(client, action: str, memberships) -> None:
    form = {"action": action, "_selected_action": [m.pk for m in memberships], "index": 0}
    response = client.post(url(Membership, "changelist"), form)
    assert response.status_code == 302


def test_mark_as_alumni_ends_our_members_this_month_and_never_theirs(lab_admin_client, worlds):
    ours, theirs = worlds["ours"][Membership], worlds["theirs"][Membership]
    run_action(lab_admin_client, "mark_as_alumni", [ours, theirs])
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.end == timezone.localdate().strftime("%Y-%m")
    assert theirs.end == ""
    history = lab_admin_client.get(url(Membership, "history", ours.pk)).content.decode()
    assert "labadmin" in history and f"Marked as alumni: ended {ours.end}." in history
    assert "Ours Member</a>" in lab_admin_client.get(f"/labs/{ours.lab.slug}/").content.decode()


def test_move_to_role_ends_the_stint_and_starts_one_in_the_new_role(lab_admin_client, worlds):
    ours = worlds["ours"][Membership]
    advisor = factories.PersonFactory()
    ours.co_advisors.add(advisor)
    run_action(lab_admin_client, "move_to_postdoc", [ours])
    month = timezone.localdate().strftime("%Y-%m")
    stints = Membership.objects.filter(person=ours.person, lab=ours.lab).order_by("start")
    assert [(m.role, m.start, m.end) for m in stints] == [("phd", "2020", month), ("postdoc", month, "")]
    assert list(stints.last().co_advisors.all()) == [advisor]
    alumni = lab_admin_client.get(f"/labs/{ours.lab.slug}/").content.decode().split('id="alumni-heading"')[1]
    assert "Ours Member" in alumni


@pytest.mark.parametrize("model", [Membership, Person])
def test_list_filters_offer_only_our_labs(lab_admin_client, worlds, model):
    # Django shows a lab filter from two labs on: the lab admin gets a second one.
    second = lab_world("Second")
    lab_admin_grant(user=worlds["ours"][Lab].admins.get(), lab=second[Lab])
    page = lab_admin_client.get(url(model, "changelist")).content.decode()
    filters = page.split('id="changelist-filter"')[1]
    assert "Ours Lab" in filters and "Second Lab" in filters and "Theirs Lab" not in filters
