"""GET /api/v1/ingest/runs/: a run's report and warnings, and on its own page the lines not understood."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ingest.models import IngestionRun
from ingest.run import run_execute
from tests.api.conftest import client_for, user_with
from tests.ingest.test_run_report import NO_PUBLICATIONS, SCHOLAR_LINE, with_unread_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def script():
    return client_for(user_with("add_ingestionrun", "view_ingestionrun"))


@pytest.fixture
def unread_lines(monkeypatch):
    return with_unread_lines(monkeypatch)


def posted(script, text: str, format: str) -> int:
    """A listing posted and worked off as a worker would; the run's id."""
    response = script.post("/api/v1/ingest/runs/", {"text": text, "format": format}, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["report"] is None and response.json()["warnings"] == []  # not parsed yet
    run_execute(run_id=response.json()["id"])
    return response.json()["id"]


def test_a_run_of_a_page_without_publications_shows_its_warning_and_unread_lines(script, unread_lines):
    run = posted(script, NO_PUBLICATIONS, "homepage")
    shown = script.get(f"/api/v1/ingest/runs/{run}/").json()
    assert shown["status"] == "partial" and "no publications were found" in shown["error"]
    assert shown["warnings"] == ["no publications were found on this page"]
    assert shown["report"]["publications"] == 0 and shown["report"]["unread"] == 2
    assert shown["unread"] == [{"line": number, "text": text} for number, text in unread_lines]


def test_the_lines_the_homepage_parser_left_unread_are_on_the_runs_page(script):
    run = posted(script, NO_PUBLICATIONS, "homepage")
    shown = script.get(f"/api/v1/ingest/runs/{run}/").json()
    assert shown["warnings"] == ["no publications were found on this page"]
    assert {"line": 11, "text": SCHOLAR_LINE} in shown["unread"]
    assert shown["report"]["unread"] == len(shown["unread"])


def test_a_normal_listing_shows_its_counts_and_no_warning(script, fixture_text):
    run = posted(script, fixture_text("bibtex_small.bib"), "bibtex")
    shown = script.get(f"/api/v1/ingest/runs/{run}/").json()
    assert shown["status"] == "succeeded" and shown["warnings"] == [] and shown["unread"] == []
    assert shown["report"] == IngestionRun.objects.get(pk=run).report
    assert set(shown["report"]) == {
        "publications", "people", "members", "entries", "abstracts", "rejected", "lines", "unread"
    }  # fmt: skip
    assert (shown["report"]["publications"], shown["report"]["rejected"], shown["report"]["unread"]) == (
        11,
        0,
        0,
    )


def test_the_list_shows_reports_and_warnings_but_not_the_unread_lines(script, unread_lines):
    posted(script, NO_PUBLICATIONS, "homepage")
    [shown] = script.get("/api/v1/ingest/runs/").json()["results"]
    assert shown["warnings"] == ["no publications were found on this page"] and shown["report"]["unread"] == 2
    assert "unread" not in shown


def test_listing_runs_does_not_read_their_unread_lines(script, unread_lines):
    for _ in range(3):
        posted(script, NO_PUBLICATIONS, "homepage")
    with CaptureQueriesContext(connection) as queries:
        assert len(script.get("/api/v1/ingest/runs/").json()["results"]) == 3
    runs = [q["sql"] for q in queries.captured_queries if 'FROM "ingest_ingestionrun"' in q["sql"]]
    assert runs and all('"unread"' not in sql for sql in runs)


def test_the_schema_describes_the_report_and_the_unread_lines(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    assert {"report", "warnings"} <= set(components["Run"]["properties"])
    assert (
        "unread" in components["RunDetail"]["properties"] and "unread" not in components["Run"]["properties"]
    )
    assert set(components["Report"]["properties"]) >= {"publications", "members", "entries", "unread"}
