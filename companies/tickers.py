"""Recognising tickers and company names in a comment.

What counts as a ticker, so that ordinary words never do:
- a cashtag: `$MP`, `$lyc` (a letter after the `$`: `$5` and `US$30` are prices);
- an exchange and a symbol: `NYSE:MP`, `ASX: LYC`, `TSXV:UCU`, `SSE:600111`;
- a symbol with an exchange suffix, in capitals: `LYC.AX`, `NEO.TO`, `UCU.V`;
- a company's name or other name from the admin's list, as whole words in any case
  ("Lynas", "MP Materials"), but never a bare symbol: "MP" alone is a word.
A mention of a listed company is stored as the company's main ticker (`$LYC`, `ASX:LYC`,
`LYC.AX` and "Lynas" are all LYC.AX); any other as written, in capitals, without its `$`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from companies.models import Company
from config.web.compiled import Compiled

EXCHANGES = (
    "NYSE", "NASDAQ", "NYSEAMERICAN", "AMEX", "ASX", "TSXV", "TSX", "CSE", "LSE", "AIM", "OTC",
    "OTCQX", "OTCQB", "HKEX", "SSE", "SZSE", "FRA", "ETR",
)  # fmt: skip
SUFFIXES = ("AX", "TO", "V", "CN", "NE", "L", "HK", "SS", "SZ", "F", "DE")

_CASHTAG = r"(?<![\w$])\$(?P<cash>[A-Za-z][A-Za-z0-9]{0,5}(?:\.[A-Z]{1,2})?)(?![\w$])"
_EXCHANGE = (
    rf"(?<![\w:])(?P<exchange>{'|'.join(sorted(EXCHANGES, key=len, reverse=True))})"
    r"\s?:\s?(?P<listed>[A-Z0-9]{1,8}(?:\.[A-Z]{1,2})?)(?![\w:])"
)
_SUFFIXED = rf"(?<![\w.$])(?P<suffixed>[A-Z][A-Z0-9]{{0,5}}\.(?:{'|'.join(SUFFIXES)}))(?![\w.])"
TICKER = re.compile(f"{_CASHTAG}|{_EXCHANGE}|{_SUFFIXED}")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Mention:
    """One ticker or company name in a text, where it is (`text[start:end]`) and what it is."""

    symbol: str
    start: int
    end: int
    by_name: bool = False
    """Found by a company's name ("Lynas"), not written as a ticker."""


@dataclass(frozen=True)
class Directory:
    """The admin's list of companies, compiled for lookups."""

    by_ticker: dict[str, str]
    """Every ticker and its bare symbol (ASX:LYC, LYC.AX, LYC) -> the company's main ticker."""
    by_name: dict[tuple[str, ...], str]
    """Each name and other name, as lower-case words -> the company's main ticker."""
    longest_name: int
    first_words: frozenset[str]
    """The first word of every name: a run of words starting with any other names nothing."""
    slugs: dict[str, str]
    """A listed company's main ticker (its symbol) -> its slug, for links to its page."""


def bare_symbol(ticker: str) -> str:
    """A ticker without its exchange: ASX:LYC, LYC.AX and LYC are all LYC."""
    return ticker.rsplit(":", 1)[-1].split(".", 1)[0]


def _directory() -> Directory:
    by_ticker: dict[str, str] = {}
    by_name: dict[tuple[str, ...], str] = {}
    slugs: dict[str, str] = {}
    for company in Company.objects.only("name", "slug", "tickers", "aliases"):
        symbol = company.symbol
        slugs.setdefault(symbol, company.slug)
        for ticker in company.ticker_list:
            by_ticker.setdefault(ticker.upper(), symbol)
        for ticker in company.ticker_list:  # bare symbols after every full ticker
            by_ticker.setdefault(bare_symbol(ticker.upper()), symbol)
        for name in (company.name, *company.alias_list):
            words = tuple(word.casefold() for word in _WORD.findall(name))
            if words:
                by_name.setdefault(words, symbol)
    return Directory(
        by_ticker=by_ticker,
        by_name=by_name,
        longest_name=max((len(words) for words in by_name), default=0),
        first_words=frozenset(words[0] for words in by_name),
        slugs=slugs,
    )


directory = Compiled("companies.directory", _directory)


def ticker_symbol(text: str, known: Directory | None = None) -> str:
    """How a ticker as written is stored: `$lyc`, `ASX: LYC` -> LYC.AX for a listed company."""
    known = known or directory.get()
    written = re.sub(r"\s", "", text.lstrip("$")).upper()
    return known.by_ticker.get(written) or known.by_ticker.get(bare_symbol(written)) or written


def _names(text: str, known: Directory) -> list[Mention]:
    """Company names as whole words: each run of words looked up, the longest name first."""
    if not known.by_name:
        return []
    words = list(_WORD.finditer(text))
    folded = [word.group().casefold() for word in words]
    found: list[Mention] = []
    at = 0
    while at < len(words):
        if folded[at] not in known.first_words:
            at += 1
            continue
        for size in range(min(known.longest_name, len(words) - at), 0, -1):
            symbol = known.by_name.get(tuple(folded[at : at + size]))
            if symbol is not None:
                end = words[at + size - 1].end()
                found.append(Mention(symbol, words[at].start(), end, by_name=True))
                at += size
                break
        else:
            at += 1
    return found


def mentions(text: str, known: Directory | None = None) -> list[Mention]:
    """Every ticker and company name in `text`, in order (`known`: the directory to use)."""
    known = known or directory.get()
    found = [
        Mention(ticker_symbol(match.group(), known), match.start(), match.end())
        for match in TICKER.finditer(text)
    ]
    found += _names(text, known)
    return sorted(found, key=lambda mention: mention.start)


def symbols(found: list[Mention]) -> list[str]:
    """The distinct symbols of `found`, in order of first mention."""
    return list(dict.fromkeys(mention.symbol for mention in found))
