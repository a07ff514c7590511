"""Middleware of this site's own that every app relies on, importing no app."""

from __future__ import annotations

from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers, patch_cache_control


class PrivateResponsesMiddleware:
    """What is served to a logged-in user is kept by no shared cache, and by no browser cache.

    Such an answer shows that user's name, settings, notifications or data, so it carries
    Cache-Control: private, no-store (Django's never_cache) unless the view chose its own
    caching, and then it is made private still. One rule for every view, so that a new
    personal page cannot forget it. Put after AuthenticationMiddleware; DRF's authentication
    sets the same request.user, so API answers are covered too.

    An answer made without reading the session (a feed, the sitemap) cannot know who asked
    and is left alone: reading it here would only add Vary: Cookie to a shared answer. An
    app's API request says who asks in its X-Session-Token header instead of the cookie
    (config/web/session_token.py), so its answers are judged by their user all the same.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        by_token = "X-Session-Token" in request.headers
        if session is not None and not session.accessed and not by_token:
            return response
        user = getattr(request, "user", None)
        try:
            personal = user is not None and user.is_authenticated
        except DatabaseError:
            # The database went away while answering (the answer is an error page or a 503):
            # who asked cannot be known, so the answer is taken as personal.
            personal = True
        if not personal:
            return response
        if response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        else:
            add_never_cache_headers(response)
        return response
