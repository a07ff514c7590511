"""The companies readers talk about: their names, tickers and other names, kept in the admin."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

_TICKER = re.compile(r"^(?:[A-Z]{2,12}:)?[A-Z0-9]{1,8}(?:\.[A-Z]{1,3})?$")


def listed(text: str) -> list[str]:
    """The items of a comma-separated list, trimmed, empty ones dropped, order kept."""
    return [item.strip() for item in text.split(",") if item.strip()]


class Company(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    tickers = models.CharField(
        max_length=300,
        blank=True,
        help_text="Comma-separated, the main one first: LYC.AX, ASX:LYC, LYSCF. Recognised in "
        "comments as $LYC, ASX:LYC or LYC.AX; a bare word never counts.",
    )
    aliases = models.CharField(
        max_length=500,
        blank=True,
        help_text="Comma-separated other names recognised as whole words, in any case: "
        "Lynas, Lynas Rare Earths. The name itself is always recognised.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", kwargs={"slug": self.slug})

    @property
    def ticker_list(self) -> list[str]:
        return listed(self.tickers)

    @property
    def symbol(self) -> str:
        """How posts store a mention of the company: its main ticker, else its slug."""
        tickers = self.ticker_list
        return tickers[0] if tickers else self.slug.upper()

    @property
    def alias_list(self) -> list[str]:
        return listed(self.aliases)

    def clean(self) -> None:
        self.tickers = ", ".join(ticker.upper() for ticker in self.ticker_list)
        if bad := [t for t in self.ticker_list if not _TICKER.match(t)]:
            raise ValidationError(
                {"tickers": f"Not a ticker: {', '.join(bad)} (e.g. MP, NYSE:MP, LYC.AX)."}
            )
        if any(len(alias) < 3 for alias in self.alias_list):
            raise ValidationError({"aliases": "Each other name needs at least 3 characters."})
