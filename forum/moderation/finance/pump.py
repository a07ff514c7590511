"""Pump language: multiples, "to the moon", dated price targets, urgency. Found anywhere in a
post; it counts only near a ticker (rules.py decides what near is)."""

from __future__ import annotations

import re

from forum.moderation.holds import Span

# "10x", "100 x", "5" and the multiplication sign; not "25x earnings", "trades at 30x"
# (valuations), "10x10".
_MULTIPLE = re.compile(
    r"(?<![\w.$/])(?P<n>\d{1,5}(?:\.\d+)?)\s?[x\u00d7](?![\w\u00d7])"
    r"(?!\s*(?:forward\s+|trailing\s+|ttm\s+|next\s+year'?s?\s+)?"
    r"(?:p/?e\b|earnings|sales|revenue|ebitda|ebit\b|book|cash|fcf|nav\b|eps\b|multiple|"
    r"leverage|levered|coverage|oversubscribed|covered|more|less|higher|lower|larger|bigger|"
    r"the\b|that\b|those\b|magnification|zoom))",
    re.IGNORECASE,
)
_VALUATION_BEFORE = re.compile(
    r"(?:\bat|\bof|\bvalued|\btrading|\btrades|\bmultiple|\bp/?e|\bev/\w+|\bfrom)\s*(?:around\s+|about\s+|~\s*)?$",
    re.IGNORECASE,
)
_BAGGER = re.compile(r"(?<!\w)(?:\d{1,4}|ten|twenty|fifty|hundred|multi)[\s-]?baggers?(?!\w)", re.I)
_MOON = re.compile(
    r"(?<!\w)(?:to\s+the\s+moon|moon(?:ing|shot|s)?|going\s+parabolic)(?!\w)|🚀|🌕|🌙", re.I
)

_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
_SOON = (
    rf"(?:{_WEEKDAY}(?:'?s\s+close)?|tomorrow|tonight|the\s+weekend|the\s+close|"
    r"(?:this|next)\s+(?:week|month|{_WEEKDAY})|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|week|month)|"
    r"\d{1,2}\s+(?:hours?|days?|weeks?)|a\s+(?:few\s+)?(?:days?|weeks?)|eo[dwm])"
).replace("{_WEEKDAY}", _WEEKDAY)
_WHEN = (
    rf"(?:(?:by|before|until|till|within|in|into|for|at)\s+{_SOON}|"
    r"(?:at\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(?:day|week|month)|eo[dwm])"
)
_PRICE = r"(?:[A-Z]{1,2})?\$\s?\d[\d,]*(?:\.\d+)?(?:\s?[kKmM])?"
# "$30 by Friday", "PT $50 end of month", "$MP to $40 next week", "target 50 by EOM".
_TARGET = re.compile(
    rf"(?:(?<!\w)(?:PT|price\s+target|target)\s*(?:of\s+|is\s+|:\s*)?(?:{_PRICE}|\d[\d,.]*)|{_PRICE})"
    rf"(?:[ \t]+[\w'$]+){{0,3}}?[ \t,]+{_WHEN}(?!\w)",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"(?:fell|dropped|closed|ended|finished|was|were|traded|slipped|rose|climbed|gained|jumped|"
    r"sank|opened|peaked|bottomed|paid|raised|sold|bought|slid|slumped|plunged|soared|surged|"
    r"tumbled|rallied|recovered|dipped|spiked)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# "load up before Friday", "buy before the weekend", "get in before earnings".
_URGENT_BUY = re.compile(
    rf"(?<!\w)(?:buy|get\s+in|load\s+up|loading\s+up|grab|accumulate|back\s+up\s+the\s+truck)"
    rf"[^.!?\n]{{0,40}}?\bbefore\s+(?:{_SOON}|earnings|the\s+(?:news|announcement|open|bell))(?!\w)",
    re.IGNORECASE,
)


def _multiples(body: str, min_multiple: int) -> list[Span]:
    found = []
    for match in _MULTIPLE.finditer(body):
        if float(match["n"]) < min_multiple:
            continue
        if _VALUATION_BEFORE.search(body[max(0, match.start() - 24) : match.start()]):
            continue
        found.append(match.span())
    return found


def _targets(body: str) -> list[Span]:
    return [
        match.span()
        for match in _TARGET.finditer(body)
        if not _PAST.search(body[max(0, match.start() - 30) : match.start()])
    ]


def pump_spans(body: str, *, min_multiple: int, phrases: re.Pattern[str] | None) -> list[Span]:
    """Where `body` has pump language, in order (near a ticker or not)."""
    spans = _multiples(body, min_multiple)
    spans += [match.span() for match in _BAGGER.finditer(body)]
    spans += [match.span() for match in _MOON.finditer(body)]
    spans += _targets(body)
    spans += [match.span() for match in _URGENT_BUY.finditer(body)]
    if phrases is not None:
        spans += [match.span() for match in phrases.finditer(body)]
    return sorted(spans)
