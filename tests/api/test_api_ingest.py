"""POST a listing to /api/v1/ingest/runs/ (202 with the run), follow it, resolve what it asks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from ingest.models import IngestionRun, ReviewItem
from ingest.run import run_execute
from papers.models import Paper
from tests.api.conftest import client_for, user_with

pytestmark = pytest.mark.django_db

BIB = """@inproceedings{a, title={Segment Every Object}, author={Mira Okafor and Jun Tan}, year={2023}}
@inproceedings{b, title={}, author={Nobody}, year={2023}}
@article{c, title={Graph Kernels Revisited}, author={Ada Ruiz}, journal={TPAMI}, year={2022}}
"""


def work_off_queued_runs() -> None:
    """What a worker does with the runs the API queued (tests run inside one transaction)."""
    for run in IngestionRun.objects.filter(status="queued"):
        run_execute(run_id=run.pk)


@pytest.fixture
def script():
    return client_for(
        user_with("add_ingestionrun", "view_ingestionrun", "view_reviewitem", "change_reviewitem")
    )


def test_posting_text_answers_202_with_the_run_and_ingests_it(script):
    response = script.post("/api/v1/ingest/runs/", {"text": BIB, "format": "bibtex"}, format="json")
    assert response.status_code == 202, response.content
    run = response.json()
    assert {"id", "status", "format", "counts", "errors"} <= set(run)
    assert run["status"] == "queued"  # a worker takes it once the request's transaction commits
    work_off_queued_runs()
    shown = script.get(f"/api/v1/ingest/runs/{run['id']}/").json()
    assert shown["status"] == "partial" and shown["format"] == "bibtex"
    assert shown["counts"] == {"records": 3, "created": 2, "merged": 0, "unchanged": 0, "needs_review": 0,
                               "rejected": 1}  # fmt: skip
    assert [(e["line"], "title" in e["reason"]) for e in shown["errors"]] == [(2, True)]
    assert Paper.objects.count() == 2


def test_posting_a_file_with_an_owner(script):
    upload = SimpleUploadedFile("papers.bib", BIB.encode(), content_type="application/x-bibtex")
    response = script.post(
        "/api/v1/ingest/runs/", {"file": upload, "owner": "Mira Okafor"}, format="multipart"
    )
    assert response.status_code == 202, response.content
    run = IngestionRun.objects.get(pk=response.json()["id"])
    assert run.input_name == "papers.bib" and run.owner.full_name == "Mira Okafor" and run.trigger == "api"


def test_an_unknown_format_is_a_415(script):
    response = script.post("/api/v1/ingest/runs/", {"text": BIB, "format": "docx"}, format="json")
    assert response.status_code == 415 and "docx" in response.json()["detail"]
    assert not IngestionRun.objects.exists()


@override_settings(API_MAX_UPLOAD_BYTES=1024)
def test_an_upload_over_the_limit_is_a_413(script):
    upload = SimpleUploadedFile("big.bib", BIB.encode() * 20)
    response = script.post("/api/v1/ingest/runs/", {"file": upload}, format="multipart")
    assert response.status_code == 413 and "limit" in response.json()["detail"]
    assert not IngestionRun.objects.exists()


def test_neither_file_nor_text_is_a_400(script):
    response = script.post("/api/v1/ingest/runs/", {"format": "bibtex"}, format="json")
    assert response.status_code == 400 and "file or a text" in str(response.json())


def test_runs_are_not_public(api, token_client):
    assert api.get("/api/v1/ingest/runs/").status_code in (401, 403)
    response = token_client.get("/api/v1/ingest/runs/")
    assert response.status_code == 403 and "permission" in response.json()["detail"]
    assert token_client.post("/api/v1/ingest/runs/", {"text": BIB}, format="json").status_code == 403


def test_review_items_are_listed_and_resolving_applies_the_decision(script):
    venue_bib = (
        "@inproceedings{v, title={A Paper}, author={Ada Ruiz},"
        " booktitle={Workshop on Odd Things}, year={2023}}"
    )
    script.post("/api/v1/ingest/runs/", {"text": venue_bib, "format": "bibtex"}, format="json")
    work_off_queued_runs()
    listed = script.get("/api/v1/review/").json()["results"]
    assert [item["kind"] for item in listed] == ["unknown_venue"]
    item = listed[0]
    resolved = script.post(f"/api/v1/review/{item['id']}/resolve/", {"decision": "accept"}, format="json")
    assert resolved.status_code == 200 and resolved.json()["status"] == "accepted"
    assert ReviewItem.objects.get(pk=item["id"]).venue.verified is True
    assert script.get("/api/v1/review/").json()["results"] == []
    assert [i["id"] for i in script.get("/api/v1/review/?status=accepted").json()["results"]] == [item["id"]]
    again = script.post(f"/api/v1/review/{item['id']}/resolve/", {"decision": "reject"}, format="json")
    assert again.status_code == 409 and again.json()["detail"]
