"""`manage.py load_demo`: the demo lab that `make run` shows."""

from django.core.management.base import BaseCommand

from ingest.demo import demo_load


class Command(BaseCommand):
    help = "Load the invented demo lab, its people and papers; does nothing if it is already there."

    def handle(self, *args, **options) -> None:
        summary = demo_load()
        lead = "Demo data loaded" if summary.created else "Demo data already present"
        self.stdout.write(f"{lead}: {summary}.")
