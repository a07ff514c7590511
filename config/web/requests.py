"""The Django request as the middleware leaves it: django-htmx's adds `request.htmx`, which
says whether htmx sent the request (and what it targets). Views that ask annotate `request`
with this class, as django-htmx's documentation has it."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
