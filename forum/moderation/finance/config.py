"""The finance rules as the admin left them, compiled once per change: the settings row, the
pump phrases as one pattern, and the promotion patterns as sets and one pattern."""

from __future__ import annotations

import re
from dataclasses import dataclass

from config.web.compiled import Compiled
from forum.moderation.models import FinanceRules, PromotionPattern


@dataclass(frozen=True)
class Promotion:
    domains: dict[str, str]
    """Host (or parent domain) -> its note."""
    prefixes: tuple[tuple[str, str], ...]
    """(host/path prefix, note)."""
    parameters: dict[str, str]
    """Query parameter name -> its note."""
    regexes: tuple[tuple[re.Pattern[str], str], ...]
    """(regular expression, note): few, and tried only on the links a post has."""


@dataclass(frozen=True)
class FinanceConfig:
    pump_enabled: bool
    promotion_enabled: bool
    disclosure_enabled: bool
    window: int
    min_multiple: int
    phrases: re.Pattern[str] | None
    promotion: Promotion


def phrase_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """Whole words, any case, any spacing, straight or curly apostrophes."""
    if not phrases:
        return None
    alternatives = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        words = [re.escape(word).replace("'", "['\u2019]?") for word in phrase.split()]
        alternatives.append(r"[\s_-]+".join(words))
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


def _promotion() -> Promotion:
    domains: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    parameters: dict[str, str] = {}
    regexes: list[tuple[re.Pattern[str], str]] = []
    Kind = PromotionPattern.Kind
    for kind, pattern, note in PromotionPattern.objects.filter(enabled=True).values_list(
        "kind", "pattern", "note"
    ):
        label = note or pattern
        if kind == Kind.DOMAIN:
            domains[pattern.lower().removeprefix("www.").strip("/")] = label
        elif kind == Kind.PREFIX:
            prefixes.append((pattern.lower().removeprefix("www."), label))
        elif kind == Kind.PARAMETER:
            parameters[pattern.lower()] = label
        else:
            try:
                regexes.append((re.compile(pattern, re.IGNORECASE), label))
            except re.error:
                continue  # the admin refuses these; one written around it is skipped
    return Promotion(
        domains=domains,
        prefixes=tuple(prefixes),
        parameters=parameters,
        regexes=tuple(regexes),
    )


def _compile() -> FinanceConfig:
    rules = FinanceRules.objects.filter(pk=1).first() or FinanceRules()
    return FinanceConfig(
        pump_enabled=rules.pump_enabled,
        promotion_enabled=rules.promotion_enabled,
        disclosure_enabled=rules.disclosure_enabled,
        window=rules.pump_window,
        min_multiple=rules.pump_min_multiple,
        phrases=phrase_pattern(rules.phrase_list),
        promotion=_promotion(),
    )


finance_config = Compiled("moderation.finance", _compile)
