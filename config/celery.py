"""The Celery app. Its broker is Redis, or without REDIS_URL a folder under var/ (local settings)
or the in-memory one, with which every task runs eagerly in-process (config/settings/).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("rare_earth_exchanges")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
