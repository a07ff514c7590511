"""Path converters for what identifies a person in a URL."""

from __future__ import annotations

import re

from .models import HANDLE_MAX_LENGTH

# handle_validator's alphabet, any length up to the field's.
_HANDLE = re.compile(rf"[A-Za-z0-9_]{{1,{HANDLE_MAX_LENGTH}}}")


class HandleConverter:
    """`<handle:handle>`: a path matches only with what a handle may hold (letters, digits and
    underscores), so that anything else in its place (a NUL, which PostgreSQL refuses in a
    text lookup, a space, a dot) is a 404 before any query.

    The regex stays as wide as `<str:>`, and the alphabet is checked in to_python: reverse()
    checks what it builds against the regex alone, so a username from before the validator
    (or saved around it) still gets a link, to a 404, rather than a NoReverseMatch, a 500, on
    every page that names its author."""

    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        if not _HANDLE.fullmatch(value):
            raise ValueError(value)  # to the resolver: this route does not match
        return value

    def to_url(self, value: str) -> str:
        return value
