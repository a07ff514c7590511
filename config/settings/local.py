"""The embedded default: runs on one machine with nothing but Python (SQLite, eager Celery)."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-development-only-not-a-secret")

# The embedded database, mail folder and uploads live here; make sure it exists.
VAR_DIR.mkdir(exist_ok=True)  # noqa: F405
