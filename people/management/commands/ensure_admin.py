"""Create the local admin account once, and print its credentials on every run."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a superuser for the local instance if there is none, and print its credentials."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        users = get_user_model().objects
        # The password is kept beside the embedded database so that later runs can print it.
        password_file = settings.VAR_DIR / f"{username}-password.txt"
        if users.filter(username=username).exists():
            if password_file.exists():
                self.report(username, password_file.read_text().strip())
            else:
                self.stdout.write(f"Admin account: {username} (password unchanged; it was set by hand)")
            return
        password = secrets.token_urlsafe(12)
        users.create_superuser(username=username, email="", password=password)
        password_file.parent.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password + "\n")
        password_file.chmod(0o600)
        self.report(username, password)

    def report(self, username: str, password: str) -> None:
        self.stdout.write(self.style.SUCCESS(f"Admin account: {username} / {password}"))
