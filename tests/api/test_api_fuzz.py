"""schemathesis over every operation of /api/schema/, writes included, as a script's author runs it.

The run the README gives (all checks but ignored_auth, the examples, coverage, fuzzing and
stateful phases; one worker, since with two hypothesis's lambda descriptions hit CPython 3.11's
"AST constructor recursion depth mismatch" inside pytest) against a live server on this suite's
database (PostgreSQL in CI) with the demo's data and an admin's token; bounded examples and a
fixed seed keep it repeatable.
The rules a JSON Schema cannot state are in tests/api/schemathesis.toml, each with its reason.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)  # the live server's threads read committed rows

CONFIG = Path(__file__).with_name("schemathesis.toml")
ROOT = Path(__file__).resolve().parents[2]
ST = Path(sys.executable).with_name("st")
OPERATIONS = ("get", "post", "put", "patch", "delete")
CLOSED = "http://127.0.0.1:9"  # harvesting asks here, and is refused at once: no internet in tests


def test_every_operation_keeps_the_contract_its_schema_states(live_server, settings, monkeypatch, tmp_path):
    rates = {"anon": "100000/minute", "user": "100000/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    settings.HARVEST_BASE_URLS = dict.fromkeys(settings.HARVEST_BASE_URLS, CLOSED)
    settings.HARVEST_RETRIES = 0
    call_command("load_demo", verbosity=0)
    token = Token.objects.create(user=factories.UserFactory(is_superuser=True, is_staff=True)).key
    command = [str(ST), "--config-file", str(CONFIG), "run", f"{live_server.url}/api/schema/"]
    command += ["-H", f"Authorization: Token {token}", "--checks", "all", "--exclude-checks", "ignored_auth"]
    command += ["--phases", "examples,coverage,fuzzing,stateful", "--workers", "1"]
    command += ["--max-examples", "10", "--seed", "1", "--request-timeout", "30", "--no-color"]
    # The hooks module is imported by the st process: it reads the project's settings.
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks", "PYTHONPATH": str(ROOT)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "pubtracker.settings")
    run = subprocess.run(command, capture_output=True, text=True, timeout=1200, cwd=tmp_path, env=env)
    (tmp_path / "schemathesis.log").write_text(run.stdout + run.stderr)
    assert run.returncode == 0, failures_of(run.stdout) + run.stderr[-5000:]
    paths = Client().get("/api/schema/", {"format": "json"}).json()["paths"]
    operations = sum(method in OPERATIONS for methods in paths.values() for method in methods)
    assert f"Tested: {operations}" in run.stdout  # every operation of the schema, none skipped


def failures_of(report: str) -> str:
    """The report's failures and errors, each with its request, without the tracebacks' bulk."""
    kept = [line for line in report.splitlines() if not line.startswith(("      ", "    + ", "    |"))]
    return "\n".join(kept)[-30000:]
