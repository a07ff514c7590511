"""The test suite: fast hashing, mail kept in memory, everything else as configured."""

from __future__ import annotations

from .local import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Most tests are not about moderation: readers' first posts go straight up unless a test
# turns pre-moderation on (tests/forum/test_moderation_*.py do).
FORUM_PREMODERATE_FIRST_POSTS = 0
