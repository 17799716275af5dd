"""The Celery app. Without CELERY_BROKER_URL, settings make every task eager (in-process)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "friendlystreet.settings")

app = Celery("friendlystreet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
