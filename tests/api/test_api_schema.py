"""The OpenAPI schema validates, and its interactive docs come from our own static files."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in (
        "/api/v1/papers/",
        "/api/v1/people/{person_slug}/papers/",
        "/api/v1/labs/{lab_slug}/members/",
        "/api/v1/ingest/runs/",
        "/api/v1/review/{id}/resolve/",
        "/api/v1/venues/{slug}/",
    ):
        assert f"{path}:" in text


def test_the_docs_page_loads_its_assets_from_our_static_files(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page.content.decode())
    assert assets and all(a.startswith("/static/") for a in assets), assets
    assert client.get("/api/schema/").status_code == 200
