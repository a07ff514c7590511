"""The site as bench_throughput's gunicorn serves it, plus one trivial view: the framework's
ceiling, through the same middleware as every page."""

from __future__ import annotations

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from config.celery import app

application = get_wsgi_application()
settings.ROOT_URLCONF = "bench.throughput_urls"
# The bench has no Redis: queued tasks wait in the in-memory broker, as bench_load's do.
app.conf.task_always_eager = False
