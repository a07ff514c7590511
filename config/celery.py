"""The Celery app. Without REDIS_URL the settings make every task run eagerly in-process."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("rare_earth_exchanges")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
