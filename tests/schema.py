"""Reading the OpenAPI schema in tests."""

from __future__ import annotations

from typing import Any

from config.web.api_schema import COMMON_STATUSES
from config.web.session_token import REFUSED_STATUS


def own_statuses(operation: dict[str, Any]) -> set[str]:
    """The statuses an operation documents of its own: all but those config/web/api_schema.py
    documents for every operation, and the 401 config/web/session_token.py documents for every
    one that takes the app session token."""
    return set(operation["responses"]) - COMMON_STATUSES - {REFUSED_STATUS}
