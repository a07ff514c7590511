"""HTML rendered once and served to many visitors: what every cached page or fragment needs.

Forms in such HTML carry a placeholder where each visitor's CSRF token goes; the middleware below
puts the visitor's own token in on the way out. The placeholder is derived from SECRET_KEY, so
nobody can write it into a comment. A cache out of reach (Redis stopped) is a miss, never an
error page: the page is rendered as if nothing were cached.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import cache

from django.core.cache import cache as django_cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


@cache
def csrf_placeholder() -> str:
    """What stands for the visitor's CSRF token in shared HTML (render with it as the context's
    `csrf_token`)."""
    return salted_hmac("forum.cached_html.csrf_placeholder", "csrf").hexdigest()


def cache_read(key: str) -> object | None:
    try:
        value: object | None = django_cache.get(key)
        return value
    except RedisError as error:
        logger.warning("Not read from the cache (%s): %s", key, error)
        return None


def cache_write(key: str, value: object, seconds: int) -> None:
    try:
        django_cache.set(key, value, seconds)
    except RedisError as error:
        logger.warning("Not written to the cache (%s): %s", key, error)


def cached_page(
    prefix: str, parts: tuple[object, ...], render: Callable[[], HttpResponse], *, seconds: int
) -> HttpResponse:
    """A page everyone asking with the same `parts` (the versions it is rendered from, the
    address) sees alike: from the cache, else `render()`ed (with csrf_placeholder() as the
    context's token, should it have a form) and cached. The language and time zone are part of
    the key."""
    key_parts = (
        *parts,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    key = f"{prefix}:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()[:32]
    content = cache_read(key)
    if not isinstance(content, bytes):
        content = render().content
        cache_write(key, content, seconds)
    return HttpResponse(content)


class CsrfPlaceholderMiddleware:
    """Puts the visitor's CSRF token where shared HTML has the placeholder. Listed after
    CsrfViewMiddleware, so that the token it hands out also gets its cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        placeholder = csrf_placeholder().encode()
        if placeholder in response.content:
            response.content = response.content.replace(placeholder, get_token(request).encode())
        return response
