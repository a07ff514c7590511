"""The test suite: fast hashing, mail kept in memory, everything else as configured."""

from __future__ import annotations

from .base import REDIS_URL, env
from .local import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Tasks run eagerly, in the test's own process, unless REDIS_URL names a broker that a test's
# worker consumes from (tests/forum/notifications/worker.py); tests/config/test_make_run.py
# starts the embedded default's worker on a folder broker of its own.
if not REDIS_URL:
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
# Most tests are not about moderation: readers' first posts go straight up unless a test
# turns pre-moderation on (tests/forum/moderation/ do).
FORUM_PREMODERATE_FIRST_POSTS = 0

# Test-only switches for the Celery worker that
# tests/forum/notifications/test_worker_integration.py starts in a
# process of its own, which cannot fill the test's in-memory outbox. Unset, nothing changes.
# TEST_EMAIL_FILE_PATH: write each mail to a file in this folder instead.
# TEST_EMAIL_BACKEND: with it, another backend writing there (a slow one, to kill a worker
# mid-send: tests.forum.notifications.worker.SlowFileEmailBackend).
# TEST_CELERY_VISIBILITY_TIMEOUT: seconds after which Redis hands a task whose worker died
# unacknowledged to another worker (an hour otherwise), the unacked set scanned every second.
TEST_EMAIL_FILE_PATH = env.str("TEST_EMAIL_FILE_PATH", default="")
if TEST_EMAIL_FILE_PATH:
    EMAIL_BACKEND = env.str(
        "TEST_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
    )
    EMAIL_FILE_PATH = TEST_EMAIL_FILE_PATH
TEST_CELERY_VISIBILITY_TIMEOUT = env.int("TEST_CELERY_VISIBILITY_TIMEOUT", default=0)
if TEST_CELERY_VISIBILITY_TIMEOUT:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": TEST_CELERY_VISIBILITY_TIMEOUT,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
