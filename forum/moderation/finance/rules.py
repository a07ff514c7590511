"""The finance rules, one function each, as the gate asks them (forum/moderation/gate.py).
Each returns a Hold with the code, the words moderators read, and the spans it found."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from companies.tickers import Mention
from forum.discussions.models import HoldCode
from forum.moderation.finance.config import FinanceConfig, finance_config
from forum.moderation.finance.links import promotion_links
from forum.moderation.finance.pump import pump_spans
from forum.moderation.holds import Hold, Span, merged, quoted


def _near(mention: Mention, span: Span, window: int) -> bool:
    start, end = span
    return max(0, start - mention.end, mention.start - end) <= window


def pumped(
    body: str, mentions: Sequence[Mention], config: FinanceConfig
) -> tuple[list[Span], list[Mention]]:
    """The pump language near a ticker, and the mentions it is near."""
    if not mentions:
        return [], []
    spans = pump_spans(body, min_multiple=config.min_multiple, phrases=config.phrases)
    near = [s for s in spans if any(_near(m, s, config.window) for m in mentions)]
    named = [m for m in mentions if any(_near(m, s, config.window) for s in near)]
    return near, named


def _tickers(mentions: Sequence[Mention]) -> str:
    return ", ".join(f"${symbol}" for symbol in dict.fromkeys(m.symbol for m in mentions))


def hold_pump(body: str, spans: list[Span], named: list[Mention]) -> Hold | None:
    if not spans:
        return None
    marked = merged(spans + [(m.start, m.end) for m in named])
    return Hold(
        HoldCode.PUMP,
        f"Pump language near {_tickers(named)}: {quoted(body, merged(spans), 200)}.",
        marked,
    )


def hold_undisclosed_position(
    named: list[Mention], spans: list[Span], disclosure: Mapping[str, str]
) -> Hold | None:
    undisclosed = [m for m in named if m.symbol not in disclosure]
    if not undisclosed:
        return None
    return Hold(
        HoldCode.UNDISCLOSED_POSITION,
        f"Pumps {_tickers(undisclosed)} without disclosing a position (long, short or none).",
        merged(spans + [(m.start, m.end) for m in undisclosed]),
    )


def hold_promotion_link(body: str, config: FinanceConfig) -> Hold | None:
    links = promotion_links(body, config.promotion)
    if not links:
        return None
    text = "; ".join(f"{link.link} ({link.note})" for link in links)
    text = text if len(text) <= 240 else text[:239] + "…"
    return Hold(
        HoldCode.PROMOTION_LINK,
        f"Links to promotion: {text}.",
        merged([(link.start, link.end) for link in links]),
    )


def finance_holds(
    *, body: str, mentions: Sequence[Mention], disclosure: Mapping[str, str]
) -> list[Hold]:
    """Every finance rule that holds `body`, undisclosed position first: a pump without a
    disclosure is held as that, and as a pump."""
    config = finance_config.get()
    holds: list[Hold | None] = []
    if config.pump_enabled or config.disclosure_enabled:
        spans, named = pumped(body, mentions, config)
        if config.disclosure_enabled:
            holds.append(hold_undisclosed_position(named, spans, disclosure))
        if config.pump_enabled:
            holds.append(hold_pump(body, spans, named))
    if config.promotion_enabled:
        holds.append(hold_promotion_link(body, config))
    return [hold for hold in holds if hold is not None]
