"""The embedded default: runs on one machine with nothing but Python (SQLite, and Celery on a
broker that is a folder)."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import REDIS_URL, VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-development-only-not-a-secret")

# The embedded database, mail folder and uploads live here; make sure it exists.
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Without Redis, tasks queue in a folder under var/ (kombu's filesystem transport, which needs
# no server) and a Celery worker with its scheduler consumes them: `make run` starts one beside
# the web server (forum/management/commands/runserver_with_worker.py), so the digest, the
# moderators' alerts and reminders and the outbox sweep run as they do in production.
# CELERY_BROKER_URL=memory:// runs tasks in the process that queues them instead (and nothing
# on a schedule).
if not REDIS_URL:
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost/")
    CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == "memory://"
    _celery_dir = VAR_DIR / "celery"
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        # One folder for both directions: the web server, the worker and the scheduler each
        # write where all of them read.
        "data_folder_in": str(_celery_dir / "queue"),
        "data_folder_out": str(_celery_dir / "queue"),
        "control_folder": str(_celery_dir / "control"),
    }
    # When each periodic task last ran, so a restart neither repeats nor skips one.
    CELERY_BEAT_SCHEDULE_FILENAME = str(_celery_dir / "beat-schedule")
    (_celery_dir / "queue").mkdir(parents=True, exist_ok=True)
