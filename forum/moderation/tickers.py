"""Which tickers a post names: the one place the coordinated-push rule asks.

A stand-in recogniser for the two plain forms, `$MP` and `NYSE:MP`; the finance rules' fuller
recogniser (company names, `LYC.AX`) takes its place behind the same function.
"""

from __future__ import annotations

import re

# Exchanges whose prefix marks a ticker (`ASX:LYC`); a word before a colon otherwise is prose.
EXCHANGES = (
    "NYSE", "NASDAQ", "AMEX", "OTC", "ASX", "TSX", "TSXV", "CSE", "LSE", "AIM", "HKEX", "SSE",
    "SZSE", "FRA", "XETRA",
)  # fmt: skip
_DOLLAR = re.compile(r"(?<![\w$])\$([A-Za-z]{1,5})(?![\w])")
_EXCHANGE = re.compile(
    rf"(?<![\w:])(?:{'|'.join(EXCHANGES)}):\s?([A-Za-z0-9]{{1,6}})(?![\w])", re.IGNORECASE
)


def post_tickers(body: str) -> set[str]:
    """The tickers `body` names, upper case, without their exchange: `$MP` and `NYSE:MP` are
    both "MP". `$5` and `$10x` are prices, not tickers."""
    found = {match.upper() for match in _DOLLAR.findall(body)}
    found |= {match.upper() for match in _EXCHANGE.findall(body) if not match.isdigit()}
    return found
