"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "p9Kx2vQ7mZr4Lw8Tn1Yb6Hc3Jd5Fg0Sa-Ue7Io2Pq9Rt4Wy8Xz1Vb6Nm3Kl5Hj0Gf",
    "ALLOWED_HOSTS": "pubtracker.example.org",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh interpreter, with only the given environment on top of PATH."""
    base = {"PATH": os.environ["PATH"], "VAR_DIR": os.environ.get("VAR_DIR", str(ROOT / "var"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_with_debug_off_is_a_clear_error():
    result = manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert result.stderr.startswith("pubtracker settings: SECRET_KEY is required when DEBUG is off")
    assert "Traceback" not in result.stderr  # not buried under Django's "Apps aren't loaded yet"


def test_commands_that_only_read_the_code_need_no_key():
    result = manage("makemigrations", "--check", "--dry-run", env={"DEBUG": "0"})
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_missing_secret_key_is_fine_for_local_debugging():
    result = manage("check", env={"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe': use one of"),
        ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS='a year': expected a whole number"),
        ("DATABASE_URL", "nonsense://x", "DATABASE_URL is not a database URL"),
        ("CELERY_TASK_TIME_LIMIT", "10", "CELERY_TASK_TIME_LIMIT must be above"),
    ],
)
def test_bad_values_fail_loudly_and_name_the_variable(name, value, message):
    result = manage("check", env={**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_values_pass_the_deploy_check_without_a_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_database_url_selects_the_database_and_unset_means_sqlite_under_var():
    script = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    sqlite = manage("shell", "-v", "0", "-c", script, env=PRODUCTION_ENV)
    postgres = manage(
        "shell",
        "-v",
        "0",
        "-c",
        script,
        env={**PRODUCTION_ENV, "DATABASE_URL": "postgres://u@db.example.org:5432/pt"},
    )
    assert sqlite.stdout.strip().endswith("sqlite3"), sqlite.stderr
    assert postgres.stdout.strip().endswith("postgresql"), postgres.stderr


def test_without_a_broker_tasks_run_eagerly_and_with_one_they_are_sent():
    script = "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)"
    eager = manage("shell", "-v", "0", "-c", script, env=PRODUCTION_ENV)
    sent = manage(
        "shell",
        "-v",
        "0",
        "-c",
        script,
        env={**PRODUCTION_ENV, "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"},
    )
    assert (eager.stdout.strip(), sent.stdout.strip()) == ("True", "False")


def test_static_files_collect_into_a_manifest_for_production(tmp_path):
    result = manage(
        "collectstatic", "--noinput", "-v", "0", env={**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("css/site.*.css"))
