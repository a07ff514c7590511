"""What no route under the API matches: a 404 in JSON."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView


@extend_schema(exclude=True)
class ApiNotFoundApi(APIView):
    """Any other URL under the API, whatever the method: a 404 in JSON, as the API answers, not
    the site's HTML page. Most often an id that is not a number (`/posts/abc/`) or a slug with
    characters a slug has not, which no route matches."""

    permission_classes = [AllowAny]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()
