"""JSON request bodies: one reading with limits for every API, ours (through DRF's parser, see
config/web/api_parsers.py) and allauth's headless views (through HeadlessJSONLimitMiddleware,
below).

json.loads recurses once per level of nesting: a body of a few kilobytes nested a thousand deep
ends in a RecursionError, a 500. A number past a float's range reads as infinity, which no
field expects. Both are refused here with a message, before any view sees the data."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

# No body we take comes near these: the longest is a comment (10,000 characters, each at most
# 12 bytes escaped in JSON) in an object one level deep.
MAX_JSON_BYTES = 256 * 1024
MAX_JSON_DEPTH = 32


class JSONInputError(Exception):
    """A body refused, with the message for the client and the status to answer with."""

    def __init__(self, message: str, status: int = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JSONInputError(f"JSON parse error - the number {text[:40]} is out of range.")
    return value


def _refuse_constant(name: str) -> float:
    raise JSONInputError(f"JSON parse error - {name} is not a JSON number.")


def _depth_check(data: Any) -> None:
    """Without recursion, so that checking a deep value cannot overflow either."""
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        children: Iterable[Any]
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise _too_deep()
        pending.extend((child, depth + 1) for child in children)


def _too_deep() -> JSONInputError:
    return JSONInputError(
        f"JSON parse error - arrays and objects nest at most {MAX_JSON_DEPTH} levels deep."
    )


def json_loads_limited(body: bytes) -> Any:
    """The JSON value `body` holds (UTF-8), refused with a JSONInputError when it is longer than
    MAX_JSON_BYTES (413), not JSON, nested deeper than MAX_JSON_DEPTH, or holds a number no
    float holds, NaN or Infinity (400)."""
    if len(body) > MAX_JSON_BYTES:
        raise JSONInputError(
            f"The body is {len(body):,} bytes; at most {MAX_JSON_BYTES:,} are accepted.",
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
        )
    try:
        text = body.decode("utf-8")
        data = json.loads(text, parse_float=_finite_float, parse_constant=_refuse_constant)
    except RecursionError:
        raise _too_deep() from None
    except UnicodeDecodeError:
        raise JSONInputError("JSON parse error - the body is not UTF-8.") from None
    except ValueError as error:  # JSONDecodeError, and an integer of over 4,300 digits
        raise JSONInputError(f"JSON parse error - {error}") from None
    _depth_check(data)
    return data


class HeadlessJSONLimitMiddleware:
    """allauth's headless views parse request.body with json.loads themselves (RESTView), with
    no limit and no hook to add one: here each body they will parse is first read with
    json_loads_limited, and a refused one answered as allauth answers a bad input,
    {"status": 400, "errors": [{"message": ..., "code": ...}]}."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or "headless" not in match.app_names or request.method == "GET":
            return None
        if not request.body:
            return None
        try:
            json_loads_limited(request.body)
        except JSONInputError as refusal:
            errors = [{"message": refusal.message, "code": "invalid_json"}]
            response = JsonResponse(
                {"status": refusal.status, "errors": errors}, status=refusal.status
            )
            add_never_cache_headers(response)
            return response
        return None
