"""The disclosure an author gives when posting, as the API takes it."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forum.discussions.models import Position


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "enum": [*Position.values]},
            {
                "type": "object",
                "additionalProperties": {"type": "string", "enum": [*Position.values]},
            },
        ]
    }
)
class DisclosureInputField(serializers.Field):  # type: ignore[type-arg]
    """A position for every ticker the body names ("long"), or one per ticker ({"MP": "long",
    "$LYC": "none"}). Only the shape is checked here; the service checks the positions and that
    the body names the tickers (forum/discussions/services/disclosure.py)."""

    default_error_messages = {
        "invalid": 'Give a position ("long", "short" or "none"), or an object of ticker to '
        "position.",
    }

    def to_internal_value(self, data: Any) -> str | dict[str, str]:
        if isinstance(data, str):
            return data
        if isinstance(data, dict) and all(
            isinstance(key, str) and isinstance(value, str) for key, value in data.items()
        ):
            return data
        self.fail("invalid")

    def to_representation(self, value: Any) -> Any:
        return value


def disclosure_field() -> DisclosureInputField:
    return DisclosureInputField(
        required=False,
        allow_null=True,
        help_text='Your position in the tickers and companies the body names: "long", "short" '
        'or "none" for all of them, or per ticker, {"MP": "long", "$LYC": "none"}. A post '
        "with pump language about a ticker without one is held (`undisclosed_position`).",
    )
