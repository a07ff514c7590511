"""Numbers read from query strings (`?offset=`, `?thread=`, `?after=`): one check for every page
and API, so a number no database takes, or no number at all, is a 400 saying what is wrong,
never an error deep in a query. The API's query serializers take the same bounds."""

from __future__ import annotations

import re

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

# The largest id a BigAutoField holds (PostgreSQL's bigint).
BIGINT_MAX = 2**63 - 1
# How far into a list a page may start. Far beyond any list we have, and small enough that
# adding a page's size to it stays within every database's integers (SQLite and PostgreSQL
# refuse an OFFSET past 64 bits).
MAX_OFFSET = 2**31 - 1

_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII digits only; int() takes "²" and "٣" too


class InvalidQueryParameter(BadRequest):
    """A query parameter that is not what the page takes; its message says so, and is shown."""


def whole_number(raw: str, *, minimum: int = 0, maximum: int = BIGINT_MAX) -> int | None:
    """`raw` as a whole number from `minimum` to `maximum`, written in ASCII digits; else None."""
    value = int(raw) if _DIGITS.fullmatch(raw) else None
    return value if value is not None and minimum <= value <= maximum else None


def query_int(
    request: HttpRequest,
    name: str,
    *,
    default: int | None = None,
    minimum: int = 0,
    maximum: int = MAX_OFFSET,
) -> int | None:
    """The whole number `?name=` gives, from `minimum` to `maximum`; `default` when it is absent
    or empty. Raises InvalidQueryParameter (a 400) for anything else."""
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    value = whole_number(raw, minimum=minimum, maximum=maximum)
    if value is None:
        raise InvalidQueryParameter(f"?{name}= must be a whole number from {minimum} to {maximum}.")
    return value


def query_offset(request: HttpRequest, name: str = "offset") -> int:
    """Where a page starts in a list: 0 unless given."""
    return query_int(request, name, default=0) or 0


def query_id(request: HttpRequest, name: str, *, minimum: int = 1) -> int | None:
    """An id (`?thread=`), or None when not given."""
    return query_int(request, name, minimum=minimum, maximum=BIGINT_MAX)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a bad query parameter is a page saying which and why; any other bad request
    (a forged host, a body too big) is Django's plain 400, which repeats nothing it was sent."""
    if isinstance(exception, InvalidQueryParameter):
        return render(request, "400.html", {"message": str(exception)}, status=400)
    return defaults.bad_request(request, exception)
