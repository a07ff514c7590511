"""The comment form under a discussion, rendered once and shared: everyone who may comment is
shown the same empty form, and rendering a form's widgets costs more than the rest of the
comments block. Cached per topic (its address is the form's action) under the files that
render it, with the CSRF placeholder in place of the token, which the middleware puts in per
visitor (config/web/cached_html.py). The language is part of the key (the labels)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from config.web.cached_html import cache_read, cache_write, csrf_placeholder
from forum.discussions import forms
from forum.discussions.forms import PostForm
from forum.discussions.models import Topic

FORM_TEMPLATE = "discussions/_comment_form.html"
TEMPLATES = Path(__file__).resolve().parent / "templates" / "discussions"
SOURCES = (
    TEMPLATES / "_comment_form.html",
    TEMPLATES / "_honeypot.html",
    Path(forms.__file__),
)


def comment_form_html(topic: Topic) -> SafeString:
    """The empty comment form for `topic`, from the cache."""
    parts = (_sources_digest(), topic.pk, translation.get_language())
    key = "forum:comment-form:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    html = cache_read(key)
    if not isinstance(html, str):
        context = {"topic": topic, "form": PostForm(), "csrf_token": csrf_placeholder()}
        html = render_to_string(FORM_TEMPLATE, context)
        cache_write(key, html, settings.FORUM_THREADS_CACHE_SECONDS)
    # Safe: rendered by the template engine from an empty form.
    return mark_safe(html)  # noqa: S308


@cache
def _sources_digest() -> str:
    return hashlib.sha256(b"\0".join(path.read_bytes() for path in SOURCES)).hexdigest()[:16]
