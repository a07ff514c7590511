"""The site as bench_load's gunicorn serves it: tasks queued, never run.

The bench has no Redis, so the settings make Celery eager and every post would fan out to its
watchers inside the request. In production that is a worker's job, after the answer has gone:
here, as in bench_posting, tasks go to the in-memory broker and wait there, so the request does
what it does in production (queueing included) and no more.
"""

from __future__ import annotations

from config.celery import app
from config.wsgi import application

# Read first: the app loads its configuration from the settings on first use, and would take
# this value back from them otherwise.
if app.conf.task_always_eager:
    app.conf.task_always_eager = False

__all__ = ["application"]
