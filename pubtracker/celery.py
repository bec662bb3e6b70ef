"""The Celery app: reliable delivery first, and the one beat schedule."""

import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

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
    broker_transport_options={
        "visibility_timeout": settings.CELERY_VISIBILITY_TIMEOUT,
        # Kombu sweeps for lost messages every interval x throttle seconds.
        "unacked_restore_interval": min(settings.CELERY_RESTORE_INTERVAL, 10),
        "unacked_restore_throttle": max(1, settings.CELERY_RESTORE_INTERVAL // 10),
    },
    worker_cancel_long_running_tasks_on_connection_loss=True,
    task_default_queue="default",
    beat_schedule={
        "ingest-fail-stale-runs": {
            "task": "ingest.tasks.fail_stale_runs",
            "schedule": crontab(minute="*/15"),
        },
        "ingest-refresh-sources": {
            "task": "ingest.tasks.refresh_sources",
            "schedule": crontab(minute="*/10"),
        },
        # Six seconds for a million titles, without blocking searches (papers.spelling).
        "ingest-refresh-search-words": {
            "task": "ingest.tasks.refresh_search_words",
            "schedule": crontab(minute="*/30"),
        },
    },
)
app.autodiscover_tasks()
