"""Middleware of the accounts app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.functional import SimpleLazyObject, empty

from accounts.models import User
from accounts.services.visits import user_visit_record


class VisitDaysMiddleware:
    """Counts the days each signed-in user visits (accounts/services/visits.py), after the
    answer is made and only where the request read its user anyway: it adds no query to a
    request that asked nothing of the session, and at most one UPDATE a day per user.
    Put after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = vars(request).get("user")
        if isinstance(user, SimpleLazyObject):
            user = (
                None if user._wrapped is empty else user._wrapped
            )  # Django's own test of whether the user was looked up
        if isinstance(user, User) and user.is_authenticated:
            user_visit_record(user=user)
        return response
