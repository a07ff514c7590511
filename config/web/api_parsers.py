"""How the API reads request bodies: JSON within limits (config/web/json_input.py).

Kept apart from config/web/api_errors.py, which imports DRF's views: DRF reads
DEFAULT_PARSER_CLASSES as its views module loads, so this module must not need it loaded."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, parsers, status

from .json_input import MAX_JSON_BYTES, JSONInputError, json_loads_limited


class RequestBodyTooLarge(exceptions.APIException):
    """A 413: a request body longer than the API reads."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, reading with json_loads_limited: a refused body is a 400 (413 when too
    long) whose `detail` says why, as every API error does. The body is UTF-8 (RFC 8259), and
    no more than the limit plus one byte is ever read of it."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return json_loads_limited(stream.read(MAX_JSON_BYTES + 1))
        except JSONInputError as refusal:
            if refusal.status == RequestBodyTooLarge.status_code:
                raise RequestBodyTooLarge(refusal.message) from None
            raise exceptions.ParseError(refusal.message) from None
