"""Routes for tests/config/web/test_id_urls.py: one whose address holds the
marker id already, so that an id put in its place could not be told apart."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path


def _view(request: object, pk: int) -> HttpResponse:
    return HttpResponse()


urlpatterns = [path("9223372036854775807/<id:pk>/", _view, name="marked")]
