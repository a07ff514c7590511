"""An author's disclosure of their positions in the tickers their post names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError

from companies.tickers import ticker_symbol
from forum.discussions.models import Position

DisclosureInput = str | Mapping[str, str] | None
"""One position for every ticker the post names ("long"), or one per ticker ({"MP": "long",
"$LYC": "none"}, a ticker as the body writes it or as the post stores it); None or empty for
no disclosure."""

_CHOOSE = "Choose long, short or none"


def disclosure_clean(value: DisclosureInput, tickers: Sequence[str]) -> dict[str, str]:
    """The disclosure as the post keeps it ({symbol: position}), or ValidationError on
    `disclosure` saying each thing wrong: a position that is not one, or a ticker the post does
    not name."""
    if not value:
        return {}
    if isinstance(value, str):
        if value not in Position.values:
            raise ValidationError({"disclosure": f"{_CHOOSE}, not {value!r}."})
        if not tickers:
            raise ValidationError(
                {"disclosure": "Your comment names no ticker or company to disclose a position in."}
            )
        return dict.fromkeys(tickers, value)
    cleaned: dict[str, str] = {}
    errors: list[str] = []
    for written, position in value.items():
        symbol = ticker_symbol(written)
        if symbol not in tickers:
            errors.append(f"Your comment does not name {written}.")
        elif position not in Position.values:
            errors.append(f"{written}: {_CHOOSE.lower()}, not {position!r}.")
        else:
            cleaned[symbol] = position
    if errors:
        raise ValidationError({"disclosure": errors})
    return cleaned
