"""`manage.py load_demo`: the demo lab that `make run` shows, ingested from the demo listings."""

from django.core.management.base import BaseCommand, CommandError

from ingest.demo import DemoError, demo_load
from ingest.run import run_counts


class Command(BaseCommand):
    help = "Ingest the demo lab's listings through the pipeline; does nothing if the lab is already there."

    def handle(self, *args, **options) -> None:
        try:
            summary = demo_load()
        except DemoError as error:
            raise CommandError(f"The demo could not be loaded: {error}") from None
        for run in summary.runs:
            counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in run_counts(run).items() if n)
            self.stdout.write(
                f"{run.input_name.removeprefix('demo/')}: {run.status} (run {run.pk}): {counts}"
            )
        lead = "Demo data loaded" if summary.created else "Demo data already present"
        self.stdout.write(f"{lead}: {summary}.")
