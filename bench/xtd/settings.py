"""A minimal site with django-comments-xtd, set up as its tutorial does for threaded comments
with flagging and feedback: the baseline of bench/bench_article_page.py. Runs only inside
bench/.venv-xtd (see serve.py), on a SQLite file of its own."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

DEBUG = False
SECRET_KEY = "bench-xtd-only-not-a-secret"  # noqa: S105 - a throwaway site on a temporary file
ALLOWED_HOSTS = ["testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django_comments_xtd",
    "django_comments",
    "rest_framework",
    "blog",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["XTD_BENCH_DB"]}
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
SITE_ID = 1

# django-comments-xtd as its tutorial sets it up: threads, no mail confirmation, and on the
# commented model flagging, likes/dislikes and the lists of who gave them.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = int(os.environ.get("XTD_MAX_THREAD_LEVEL", "3"))
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "blog.article": {
        "allow_flagging": True,
        "allow_feedback": True,
        "show_feedback": True,
        "who_can_post": "all",
    }
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
