#!/usr/bin/env python
"""Django's command-line utility for pubtracker."""

import os
import secrets
import sys

# Commands that read only the code, never sign or serve anything: they need no key of
# the deployment, so a throwaway one lets them run anywhere (CI, a hook, a laptop).
KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pubtracker.settings")
    if len(sys.argv) > 1 and sys.argv[1] in KEYLESS_COMMANDS:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 -- load the settings now, to report a bad value plainly
    except ImproperlyConfigured as error:
        # Django would set this aside and fail later with "Apps aren't loaded yet", hiding it.
        sys.exit(f"pubtracker settings: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
