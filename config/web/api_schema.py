"""What the OpenAPI schema says of every operation, beside what each view declares: the answers
DRF and config/web/api_errors.py give before or around any view's own work."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from .json_input import MAX_JSON_BYTES, MAX_JSON_DEPTH

# What document_common_answers adds: a 413 and a 415 where an operation takes a body, a 503
# everywhere.
COMMON_STATUSES = frozenset({"413", "415", "503"})
ERROR = {"$ref": "#/components/schemas/ErrorOutput"}
UNSUPPORTED_MEDIA_TYPE = {
    "description": "The request body's Content-Type is not one the operation accepts.",
    "content": {"application/json": {"schema": ERROR}},
}
TOO_LARGE = {
    "description": f"The request body is longer than the API reads ({MAX_JSON_BYTES:,} bytes).",
    "content": {"application/json": {"schema": ERROR}},
}
MALFORMED = {
    "description": (
        f"The body is not JSON, nests arrays and objects over {MAX_JSON_DEPTH} levels deep, or "
        "holds a number out of range; `detail` says which."
    ),
    "content": {"application/json": {"schema": ERROR}},
}
UNAVAILABLE = {
    "description": (
        "The database cannot be reached (restarting, say); nothing was changed. Retry after "
        "the seconds the Retry-After header gives."
    ),
    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    "content": {"application/json": {"schema": ERROR}},
}


def document_common_answers(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: a 413 and a 415 on every operation that takes a body
    (and a 400 for a malformed one, where it documents none of its own), and a 503 on every
    operation."""
    if "ErrorOutput" not in result.get("components", {}).get("schemas", {}):
        return result
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue  # a path's own parameters, not an operation
            responses = operation.setdefault("responses", {})
            if "requestBody" in operation:
                responses.setdefault("400", deepcopy(MALFORMED))
                responses.setdefault("413", deepcopy(TOO_LARGE))
                responses.setdefault("415", deepcopy(UNSUPPORTED_MEDIA_TYPE))
            responses.setdefault("503", deepcopy(UNAVAILABLE))
    return result
