"""A lab admin's script sees and ingests for their own labs only; other users are not limited so."""

import pytest

from ingest.models import IngestionRun
from people.services import lab_admin_grant
from tests import factories
from tests.api.conftest import client_for, user_with

pytestmark = pytest.mark.django_db

BIB = "@article{a, title={Scoped Ingestion}, author={Ada Ruiz}, journal={TPAMI}, year={2022}}\n"


@pytest.fixture
def labs():
    ours = factories.LabFactory(name="Ours Lab", slug="ours")
    theirs = factories.LabFactory(name="Theirs Lab", slug="theirs")
    return ours, theirs


@pytest.fixture
def lab_admin(labs):
    user = factories.UserFactory(username="labadmin")
    lab_admin_grant(user=user, lab=labs[0])
    return client_for(user)


def test_a_lab_admin_lists_only_their_labs_runs_and_review_items(lab_admin, labs):
    ours, theirs = labs
    our_run, their_run = (factories.IngestionRunFactory(lab=lab) for lab in labs)
    member = factories.MembershipFactory(lab=ours).person
    our_item = factories.ReviewItemFactory(person=member)
    by_run = factories.ReviewItemFactory(person=None, run=our_run, kind="unknown_venue")
    their_item = factories.ReviewItemFactory(lab=theirs)
    runs = {row["id"] for row in lab_admin.get("/api/v1/ingest/runs/").json()["results"]}
    assert runs == {our_run.pk}
    items = {row["id"] for row in lab_admin.get("/api/v1/review/").json()["results"]}
    assert items == {our_item.pk, by_run.pk}
    assert lab_admin.get(f"/api/v1/ingest/runs/{their_run.pk}/").status_code == 404
    refused = lab_admin.post(
        f"/api/v1/review/{their_item.pk}/resolve/", {"decision": "reject"}, format="json"
    )
    assert refused.status_code == 404
    taken = lab_admin.post(f"/api/v1/review/{our_item.pk}/resolve/", {"decision": "reject"}, format="json")
    assert taken.status_code == 200 and taken.json()["status"] == "rejected"
    their_item.refresh_from_db()
    assert their_item.status == "open"


def test_a_lab_admin_ingests_for_their_lab_and_not_another(lab_admin, labs):
    made = lab_admin.post(
        "/api/v1/ingest/runs/", {"text": BIB, "format": "bibtex", "lab": "ours"}, format="json"
    )
    assert made.status_code == 202, made.content
    refused = lab_admin.post(
        "/api/v1/ingest/runs/", {"text": BIB, "format": "bibtex", "lab": "theirs"}, format="json"
    )
    assert refused.status_code == 403 and "your labs" in refused.json()["detail"]
    without_lab = lab_admin.post("/api/v1/ingest/runs/", {"text": BIB, "format": "bibtex"}, format="json")
    assert without_lab.status_code == 403
    assert list(IngestionRun.objects.values_list("lab__slug", flat=True)) == ["ours"]


def test_a_lab_admin_cannot_ingest_the_homepage_of_another_labs_person(lab_admin, labs):
    stranger = factories.MembershipFactory(lab=labs[1]).person
    form = {"text": BIB, "format": "homepage", "lab": "ours", "owner": stranger.slug}
    refused = lab_admin.post("/api/v1/ingest/runs/", form, format="json")
    assert refused.status_code == 403 and stranger.slug in refused.json()["detail"]
    newcomer = lab_admin.post("/api/v1/ingest/runs/", {**form, "owner": "Noor Newcomer"}, format="json")
    assert newcomer.status_code == 202, newcomer.content
    assert not IngestionRun.objects.filter(owner=stranger).exists()


def test_a_script_user_with_the_permissions_is_not_limited_to_labs(labs):
    script = client_for(user_with("view_ingestionrun", "add_ingestionrun"))
    runs = [factories.IngestionRunFactory(lab=lab) for lab in labs]
    listed = {row["id"] for row in script.get("/api/v1/ingest/runs/").json()["results"]}
    assert listed == {run.pk for run in runs}
    made = script.post(
        "/api/v1/ingest/runs/", {"text": BIB, "format": "bibtex", "lab": "theirs"}, format="json"
    )
    assert made.status_code == 202
