from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def ensure_admin() -> str:
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_first_run_creates_a_superuser_and_prints_working_credentials(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    printed = ensure_admin()
    username, password = printed.split("Admin account: ")[1].strip().split(" / ")
    user = authenticate(username=username, password=password)
    assert user is not None and user.is_superuser


def test_later_runs_reuse_the_account_and_print_the_same_credentials(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = ensure_admin()
    second = ensure_admin()
    assert first == second
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
