"""Following a person in the scholarly sources: the identifier read into its one form and stored on
them, refused when it is someone else's, and a lab admin following their own labs' people only
(the service, the API and the admin)."""

import pytest

from ingest.choices import SourceKind
from ingest.models import IngestionRun, Source
from ingest.run import run_execute
from ingest.submit import OutsideLabs, OwnerError
from ingest.submit.follow import identifier_read, source_follow
from people.services import lab_admin_grant
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

ORCID = "0000-0002-1825-0097"


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("orcid", "https://orcid.org/0000-0002-1825-0097", ORCID),
        ("orcid", "0000000218250097", ORCID),
        ("orcid", "0000-0002-9079-593x", "0000-0002-9079-593X"),
        ("dblp", "https://dblp.org/pid/35/7092-1.html", "35/7092-1"),
        ("dblp", "w/WeiWang1", "w/WeiWang1"),
        ("openalex", "https://openalex.org/a5023888391", "A5023888391"),
        ("s2", "https://www.semanticscholar.org/author/Ada-Lovelace/1741101", "1741101"),
        ("arxiv", '  au:"Lovelace,  Ada" ', 'au:"Lovelace, Ada"'),
    ],
)
def test_an_identifier_is_read_into_its_one_form(kind, text, expected):
    assert identifier_read(kind, text) == expected


@pytest.mark.parametrize(
    ("kind", "text"),
    [("orcid", "0000-0002-1825-0098"), ("openalex", "W2194775991"), ("s2", "Ada Lovelace"), ("dblp", "")],
)
def test_an_identifier_that_is_not_one_is_refused_with_an_example(kind, text):
    with pytest.raises(OwnerError, match=r"is not a valid .* \(like "):
        identifier_read(kind, text)


def test_following_stores_the_identifier_on_the_person_once():
    ada = factories.PersonFactory(full_name="Ada Lovelace")
    source, created = source_follow(kind="orcid", identifier=f"https://orcid.org/{ORCID}", owner=ada)
    assert created and (source.kind, source.identifier, source.format) == ("orcid", ORCID, "orcid")
    ada.refresh_from_db()
    assert ada.orcid == ORCID
    again, created = source_follow(kind="orcid", identifier=ORCID, owner=ada)
    assert (again.pk, created) == (source.pk, False)


def test_an_identifier_someone_else_holds_is_refused():
    factories.PersonFactory(full_name="Charles Babbage", slug="charles-babbage", orcid=ORCID)
    ada = factories.PersonFactory(full_name="Ada Lovelace")
    with pytest.raises(OwnerError, match=f"{ORCID} is the orcid of Charles Babbage \\(charles-babbage\\)"):
        source_follow(kind="orcid", identifier=ORCID, owner=ada)
    assert not Source.objects.exists()


def test_a_persons_work_needs_its_person_but_a_query_does_not():
    with pytest.raises(OwnerError, match="give an owner"):
        source_follow(kind="dblp", identifier="35/7092-1", owner=None)
    source, _ = source_follow(kind="arxiv", identifier="au:Lovelace_A", owner=None)
    assert source.format == "arxiv"


@pytest.fixture
def lab_admin_setup():
    ours = factories.LabFactory(name="Ours Lab", slug="ours")
    theirs = factories.LabFactory(name="Theirs Lab", slug="theirs")
    member = factories.MembershipFactory(
        lab=ours, person=factories.PersonFactory(full_name="Mina Ours")
    ).person
    outsider = factories.MembershipFactory(
        lab=theirs, person=factories.PersonFactory(full_name="Otto Theirs")
    ).person
    user = factories.UserFactory(username="labadmin")
    lab_admin_grant(user=user, lab=ours)
    return user, ours, member, outsider


def test_a_lab_admin_follows_their_labs_people_and_not_others(lab_admin_setup):
    user, ours, member, outsider = lab_admin_setup
    source, _ = source_follow(kind="s2", identifier="1741101", owner=member, lab=ours, user=user)
    assert source.owner == member
    with pytest.raises(OutsideLabs, match="Otto Theirs is not one of your labs' people"):
        source_follow(kind="s2", identifier="1741102", owner=outsider, user=user)


def test_the_api_follows_and_queues_a_harvest_within_the_lab_admins_labs(lab_admin_setup):
    user, _, member, outsider = lab_admin_setup
    api = client_for(user)
    answer = api.post(
        "/api/v1/ingest/sources/",
        {"kind": "orcid", "identifier": ORCID, "owner": member.slug, "lab": "ours", "harvest": False},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert {k: answer.json()[k] for k in ("kind", "identifier", "owner", "lab")} == {
        "kind": "orcid",
        "identifier": ORCID,
        "owner": member.slug,
        "lab": "ours",
    }
    refused = api.post(
        "/api/v1/ingest/sources/",
        {"kind": "dblp", "identifier": "35/7092-1", "owner": outsider.slug},
        format="json",
    )
    assert refused.status_code == 403
    assert "not one of your labs' people" in refused.json()["detail"]
    bad = api.post("/api/v1/ingest/sources/", {"kind": "orcid", "identifier": "1234", "owner": member.slug})
    assert bad.status_code == 400 and "is not a valid ORCID iD" in bad.json()["errors"]["identifier"][0]
    listed = api.get("/api/v1/ingest/sources/").json()["results"]
    assert [row["identifier"] for row in listed] == [ORCID]


def test_the_api_harvest_action_answers_202_with_the_queued_run(
    lab_admin_setup, settings, django_capture_on_commit_callbacks
):
    user, ours, member, _ = lab_admin_setup
    source, _ = source_follow(kind="orcid", identifier=ORCID, owner=member, lab=ours)
    settings.HARVEST_BASE_URLS = {
        **settings.HARVEST_BASE_URLS,
        "orcid": "http://127.0.0.1:9",
    }  # nobody listens
    settings.HARVEST_RETRIES = 0
    with django_capture_on_commit_callbacks() as queued:
        answer = client_for(user).post(f"/api/v1/ingest/sources/{source.pk}/harvest/")
    assert answer.status_code == 202 and len(queued) == 1
    run = IngestionRun.objects.get(pk=answer.json()["id"])
    assert (run.status, run.source, run.trigger) == ("queued", source, "api")
    # What the worker does with it: the harvest tries, and its failure says where.
    run = run_execute(run_id=run.pk)
    assert run.status == "failed" and "127.0.0.1:9" in run.error


def test_the_admin_adds_a_followed_source_for_a_lab_admins_person_only(
    lab_admin_setup, client, django_capture_on_commit_callbacks
):
    user, ours, member, outsider = lab_admin_setup
    client.force_login(user)
    form = {
        "name": "",
        "kind": SourceKind.OPENALEX,
        "identifier": "https://openalex.org/A5023888391",
        "url": "",
        "format": "auto",
        "owner": member.pk,
        "lab": ours.pk,
        "refresh_interval": "7 00:00:00",
        "enabled": "on",
        "enrich": "on",
    }
    with django_capture_on_commit_callbacks() as queued:
        added = client.post("/admin/ingest/source/add/", form)
    assert added.status_code == 302, added.context["adminform"].form.errors
    source = Source.objects.get()
    # Followed now, harvested now: its run is queued for a worker.
    assert len(queued) == 1 and source.runs.get().trigger == "admin"
    assert (source.identifier, source.format, source.owner) == ("A5023888391", "openalex", member)
    member.refresh_from_db()
    assert member.openalex_id == "A5023888391"
    refused = client.post(
        "/admin/ingest/source/add/", {**form, "identifier": "A5023888392", "owner": outsider.pk}
    )
    assert refused.status_code == 200 and Source.objects.count() == 1
