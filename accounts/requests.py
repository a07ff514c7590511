"""Requests whose user is logged in: what `login_required`, or a permission class that refuses
visitors, lets through to a view. A view annotates `request` with one of these, so that
`request.user` is a User to the type checker, as it is when the view runs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.request import Request

from config.web.requests import HtmxHttpRequest

from .models import User


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A Django request past `login_required` (or the admin's own login)."""

    user: User


class AuthenticatedRequest(Request):
    """A REST framework request past a permission class that refuses visitors."""

    user: User


def authenticated_user(request: HttpRequest) -> User:
    """The user behind a request that only logged-in users reach (the admin's pages, whose
    method signatures Django fixes as taking any HttpRequest): PermissionDenied should a
    visitor ever get there."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
