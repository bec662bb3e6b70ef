from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "ingest"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the tasks in every process, so a run submitted here is queued by name.
        from ingest import tasks  # noqa: F401
        from ingest.models import IngestionRun
        from papers.provenance import register_run_lookup

        # A paper's page shows the runs its provenance names; papers, below ingest, cannot look them up.
        register_run_lookup(IngestionRun.objects.in_bulk)
