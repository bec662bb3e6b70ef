"""People, labs and members over the API; who may write a lab's members."""

import pytest

from people.models import Membership
from tests import factories
from tests.api.conftest import client_for, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab():
    pi = factories.PersonFactory(full_name="Mira Okafor", slug="mira-okafor", position="Associate Professor")
    lab = factories.LabFactory(name="Visual Learning Lab", slug="vll", pi=pi)
    factories.MembershipFactory(lab=lab, person=pi, role="faculty", start="2016")
    factories.MembershipFactory(
        lab=lab, person=factories.PersonFactory(slug="jun-tan"), start="2018", end="2023-06"
    )
    return lab


def test_a_person_shows_the_contract_fields(api, lab):
    pi = lab.pi
    factories.PersonAliasFactory(person=pi, name="OKAFOR Mira")
    factories.MetricReportFactory(person=pi, h_index=21, citation_count=3400, observed_on="2025-06-01")
    shown = api.get("/api/v1/people/mira-okafor/").json()
    assert set(shown) == {
        "slug",
        "name",
        "aliases",
        "position",
        "affiliation",
        "bio",
        "homepage",
        "orcid",
        "identifiers",
        "metrics",
        "html_url",
    }
    assert shown["name"] == "Mira Okafor" and shown["aliases"] == ["OKAFOR Mira"]
    assert shown["metrics"] == {"paper_count": 0, "h_index": 21, "citation_count": 3400}
    assert shown["html_url"].endswith("/people/mira-okafor/")


def test_people_filter_by_lab_and_name(api, lab):
    factories.PersonFactory(full_name="Someone Else", slug="someone-else")
    in_lab = {p["slug"] for p in api.get("/api/v1/people/?lab=vll").json()["results"]}
    assert in_lab == {"mira-okafor", "jun-tan"}
    assert [p["slug"] for p in api.get("/api/v1/people/?q=okafor").json()["results"]] == ["mira-okafor"]


def test_a_lab_and_its_members_with_dates_as_precise_as_known(api, lab):
    shown = api.get("/api/v1/labs/vll/").json()
    assert (
        shown["pi"] == {"slug": "mira-okafor", "name": "Mira Okafor"}
        and shown["name"] == "Visual Learning Lab"
    )
    members = api.get("/api/v1/labs/vll/members/").json()["results"]
    by_slug = {m["person"]["slug"]: m for m in members}
    assert by_slug["jun-tan"]["start"] == "2018" and by_slug["jun-tan"]["end"] == "2023-06"
    assert by_slug["mira-okafor"]["end"] is None and by_slug["mira-okafor"]["is_current"] is True
    current = api.get("/api/v1/labs/vll/members/?current=true").json()["results"]
    assert [m["person"]["slug"] for m in current] == ["mira-okafor"]


def test_anonymous_cannot_write(api, lab):
    person = factories.PersonFactory()
    response = api.post("/api/v1/labs/vll/members/", {"person": person.slug, "role": "phd"}, format="json")
    assert response.status_code in (401, 403) and "detail" in response.json()
    assert api.post("/api/v1/papers/", {"title": "X", "authors": ["A B"]}, format="json").status_code in (
        401,
        403,
    )


def test_a_token_without_permission_gets_403_with_the_reason(token_client, lab):
    person = factories.PersonFactory()
    response = token_client.post(
        "/api/v1/labs/vll/members/", {"person": person.slug, "role": "phd"}, format="json"
    )
    assert response.status_code == 403 and "permission to add memberships" in response.json()["detail"]
    response = token_client.post("/api/v1/papers/", {"title": "X", "authors": ["A B"]}, format="json")
    assert response.status_code == 403 and response.json()["detail"]


def test_a_lab_admin_writes_their_lab_and_not_another(lab):
    admin = user_with("add_membership", "change_membership", "delete_membership")
    lab.admins.add(admin)
    other = factories.LabFactory(name="Other Lab", slug="other")
    client, person = client_for(admin), factories.PersonFactory(slug="new-student")
    made = client.post(
        "/api/v1/labs/vll/members/",
        {"person": "new-student", "role": "phd", "start": "2024-08", "co_advisors": ["mira-okafor"]},
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["co_advisors"] == [{"slug": "mira-okafor", "name": "Mira Okafor"}]
    changed = client.patch(f"/api/v1/labs/vll/members/{made.json()['id']}/", {"end": "2025"}, format="json")
    assert changed.status_code == 200 and changed.json()["end"] == "2025"
    refused = client.post(
        "/api/v1/labs/other/members/", {"person": person.slug, "role": "phd"}, format="json"
    )
    assert refused.status_code == 403 and "not Other Lab" in refused.json()["detail"]
    assert not Membership.objects.filter(lab=other).exists()
    theirs = factories.MembershipFactory(lab=other)
    assert client.delete(f"/api/v1/labs/other/members/{theirs.pk}/").status_code == 403
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_a_member_ending_before_starting_is_refused_with_a_message(lab):
    admin = user_with("add_membership")
    lab.admins.add(admin)
    factories.PersonFactory(slug="p")
    response = client_for(admin).post(
        "/api/v1/labs/vll/members/",
        {"person": "p", "role": "phd", "start": "2024", "end": "2020"},
        format="json",
    )
    assert response.status_code == 400 and "before the start" in str(response.json())


def test_venues_with_their_editions(api):
    venue = factories.VenueFactory(slug="tconf", acronym="TCONFX")
    factories.PaperFactory(venue_edition=factories.VenueEditionFactory(venue=venue, year=2023))
    listed = api.get("/api/v1/venues/?q=tconfx").json()["results"]
    assert [v["slug"] for v in listed] == ["tconf"] and listed[0]["paper_count"] == 1
    detail = api.get("/api/v1/venues/tconf/").json()
    assert [(e["year"], e["paper_count"]) for e in detail["editions"]] == [(2023, 1)]


def test_a_session_writes_only_with_its_csrf_token(lab):
    from rest_framework.test import APIClient

    admin = user_with("add_membership")
    lab.admins.add(admin)
    factories.PersonFactory(slug="p")
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(admin)
    refused = browser.post("/api/v1/labs/vll/members/", {"person": "p", "role": "phd"}, format="json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    token = browser.get("/admin/login/").cookies["csrftoken"].value
    made = browser.post(
        "/api/v1/labs/vll/members/", {"person": "p", "role": "phd"}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert made.status_code == 201, made.content


def test_a_token_made_by_the_management_command_authenticates(lab):
    from io import StringIO

    from django.core.management import call_command
    from rest_framework.test import APIClient

    admin = user_with("add_membership")
    lab.admins.add(admin)
    factories.PersonFactory(slug="p")
    out = StringIO()
    call_command("drf_create_token", admin.username, stdout=out)
    key = out.getvalue().split()[2]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert (
        client.post("/api/v1/labs/vll/members/", {"person": "p", "role": "phd"}, format="json").status_code
        == 201
    )
