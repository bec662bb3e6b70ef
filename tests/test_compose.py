"""docker-compose.yml: every service's command points at code that exists."""

import importlib
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands
from django.urls import resolve

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = [name for name, service in SERVICES.items() if "build" in service]
LONG_RUNNING = [name for name, service in SERVICES.items() if service.get("restart") != "no"]


def test_the_scaled_setup_has_database_broker_web_worker_and_beat():
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(SERVICES)


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_every_long_running_service_has_a_healthcheck(name):
    assert "test" in SERVICES[name]["healthcheck"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_build_from_the_projects_dockerfile(name):
    assert (ROOT / SERVICES[name]["build"] / "Dockerfile").exists()


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_commands_point_at_existing_code(name):
    command = SERVICES[name]["command"]
    program = command[0]
    if program == "python":
        assert command[1] == "manage.py" and (ROOT / "manage.py").exists()
        assert command[2] in get_commands()
    elif program == "gunicorn":
        module_name, attribute = command[1].split(":")
        assert callable(getattr(importlib.import_module(module_name), attribute))
    elif program == "celery":
        app_module = command[command.index("-A") + 1]
        app = importlib.import_module(app_module).celery_app
        assert app.main == "pubtracker"
        assert command[command.index("-A") + 2] in {"worker", "beat"}
    else:
        pytest.fail(f"{name}: unknown program {program}")


def test_named_volumes_are_declared():
    used = {
        volume.split(":")[0]
        for service in SERVICES.values()
        for volume in service.get("volumes", [])
        if not volume.startswith((".", "/"))
    }
    assert used <= set(COMPOSE["volumes"])


def test_the_web_healthcheck_url_is_served():
    assert resolve("/healthz").url_name == "healthz"
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])


@pytest.mark.django_db
def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
