"""Which tickers a post names, as the coordinated-push rule reads them."""

from __future__ import annotations

import pytest

from forum.moderation.tickers import post_tickers


@pytest.mark.parametrize(
    ("body", "tickers"),
    [
        ("$MP and $LYC will 10x by Friday", {"MP", "LYC"}),
        ("Bought more NYSE:MP today, and ASX:LYC.", {"MP", "LYC"}),
        ("tsxv: ucu looks cheap", {"UCU"}),
        ("Lower case $mp counts too", {"MP"}),
        ("$MP, $MP and NYSE:MP are one ticker", {"MP"}),
    ],
)
def test_post_tickers_finds_dollar_and_exchange_forms(body: str, tickers: set[str]) -> None:
    assert post_tickers(body) == tickers


@pytest.mark.parametrize(
    "body",
    [
        "Prices rose from $5 to $10 a kilo.",
        "NdPr at $60/kg, up 10x since 2020.",
        "Note: this is prose, as is Re: that.",
        "An email like a$b@example.com or US$MP is no ticker.",
        "Reported at 10:30 NYSE time.",
    ],
)
def test_post_tickers_finds_none_in_prices_and_prose(body: str) -> None:
    assert post_tickers(body) == set()
