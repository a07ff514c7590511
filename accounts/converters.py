"""Path converters for what identifies a person in a URL."""

from __future__ import annotations

from .models import HANDLE_MAX_LENGTH


class HandleConverter:
    """`<handle:handle>`: only what a handle may hold (handle_validator's letters, digits and
    underscores), so that anything else in its place (a NUL, which PostgreSQL refuses in a text
    lookup, a slash, a space) matches no route and is a 404 before any query."""

    regex = rf"[A-Za-z0-9_]{{1,{HANDLE_MAX_LENGTH}}}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
