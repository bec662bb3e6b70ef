"""The Celery app: reliable delivery first, and the one beat schedule."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pubtracker.settings")

app = Celery("pubtracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    # A task is acknowledged only once it has finished, and handed to another worker if
    # its worker dies: tasks must therefore be idempotent (ingestion runs are).
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    # One message at a time per process, so a long ingestion does not hold others back.
    worker_prefetch_multiplier=1,
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    result_expires=24 * 3600,
    task_track_started=True,
    broker_connection_retry_on_startup=True,
    # With acks_late a message not acknowledged within this window is delivered again;
    # it must exceed the hard time limit or long tasks would run twice.
    broker_transport_options={"visibility_timeout": 2 * 3600},
    worker_cancel_long_running_tasks_on_connection_loss=True,
    task_default_queue="default",
    beat_schedule={
        "ingest-fail-stale-runs": {
            "task": "ingest.tasks.fail_stale_runs",
            "schedule": crontab(minute="*/15"),
        },
    },
)
app.autodiscover_tasks()
