"""The API for mobile apps: allauth's app session token (`X-Session-Token`) authenticates
requests to /api/v1/ as the browser's session cookie does.

An app logs in through allauth's headless API (`/_allauth/app/v1/auth/login`) and gets a
session token; every request it then makes carries that token in the X-Session-Token header.
The token names a server-side session, so everything that ends sessions (logging out, a ban,
deleting the account) ends the token too, and a suspended or banned holder is refused what the
same person is refused in a browser: the permission checks see the same user.

Such requests need no CSRF token: another site can make a browser send its cookies, never a
header holding a token it cannot read. DRF's SessionAuthentication still requires a CSRF token
of every write authenticated by the session cookie.
"""

from __future__ import annotations

from copy import deepcopy
from typing import TYPE_CHECKING, Any

from allauth.headless.contrib.rest_framework.authentication import (
    XSessionTokenAuthentication,
)
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

if TYPE_CHECKING:  # drf_spectacular.openapi imports rest_framework.views, which imports this
    from drf_spectacular.openapi import AutoSchema

HEADER = "X-Session-Token"
SCHEME_NAME = "sessionToken"
REFUSED_STATUS = "401"
REFUSED = {
    "description": (
        f"The {HEADER} header names no live session: it expired, its holder logged out, was "
        "banned or deleted the account, or it was never issued. Log in again for a new one."
    ),
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOutput"}}},
}


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """allauth's X-Session-Token authentication, except that a token naming no live session is
    refused (401) instead of being taken for an anonymous visitor: an app whose token has
    expired is told to log in again, not shown the public view of what it asked for.

    A request without the header is left to the next authentication class (the session), so
    anonymous visitors and browsers are answered as before. Put first in the list: DRF asks
    the first class what WWW-Authenticate challenge a 401 carries."""

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, SessionBase] | None:
        user_and_session: tuple[AbstractBaseUser, SessionBase] | None = super().authenticate(
            request
        )
        if user_and_session is None and self.get_session_token(request):
            raise AuthenticationFailed("The session token is not valid: log in again.")
        return user_and_session

    def authenticate_header(self, request: Request) -> str | None:
        """A 401's challenge when the request came with a token; without one, not being logged
        in stays a 403, as the API answered before apps could use it."""
        return HEADER if self.get_session_token(request) else None


class SessionTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes SessionTokenAuthentication: an API key in a header.
    Registered by being defined; this module is imported with DRF's authentication classes."""

    target_class = SessionTokenAuthentication
    name = SCHEME_NAME

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": HEADER,
            "description": (
                "The session token of allauth's headless API for apps: `meta.session_token` "
                "in the answer to `POST /_allauth/app/v1/auth/login` (or to the email "
                "verification that logs in). Requests carrying it need no CSRF token."
            ),
        }


def document_token_refusal(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: a 401 on every operation that takes the token."""
    if "ErrorOutput" not in result.get("components", {}).get("schemas", {}):
        return result
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue  # a path's own parameters, not an operation
            if any(SCHEME_NAME in requirement for requirement in operation.get("security", [])):
                responses = operation.setdefault("responses", {})
                responses.setdefault(REFUSED_STATUS, deepcopy(REFUSED))
    return result
