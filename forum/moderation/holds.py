"""What a rule that holds a post returns (forum/moderation/gate.py, and the finance rules)."""

from __future__ import annotations

from dataclasses import dataclass

from forum.discussions.models import HoldCode

Span = tuple[int, int]


@dataclass(frozen=True)
class Hold:
    """Why a post waits for a moderator: which rule held it, and what the rule found."""

    code: HoldCode
    text: str
    spans: tuple[Span, ...] = ()
    """Where in the body the rule found it, as (start, end) offsets, for the card to mark."""

    def as_data(self) -> dict[str, object]:
        """As Post.hold_reasons keeps it."""
        return {"code": str(self.code), "text": self.text, "spans": [list(s) for s in self.spans]}


def merged(spans: list[Span]) -> tuple[Span, ...]:
    """Spans in order, those that overlap or touch joined."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def quoted(body: str, spans: tuple[Span, ...] | list[Span], limit: int = 200) -> str:
    """The found texts, quoted and comma-separated, cut to `limit` characters."""
    text = ", ".join(f'"{" ".join(body[start:end].split())}"' for start, end in spans)
    return text if len(text) <= limit else text[: limit - 1] + "…"
