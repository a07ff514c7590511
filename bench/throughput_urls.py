"""The site's URLs and a trivial view, for bench_throughput."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def trivial_authenticated(request: HttpRequest) -> HttpResponse:
    """No work of its own but what any page for a logged-in reader does first: find who they
    are (their session, then their user)."""
    return HttpResponse(request.user.get_username(), content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/trivial-authenticated/", trivial_authenticated),
    path("", include("config.urls")),
]
