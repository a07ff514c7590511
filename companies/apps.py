from __future__ import annotations

from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    """The listed companies readers talk about, and how their tickers are recognised in text.
    Below the forum and the articles: it imports neither."""

    name = "companies"
    verbose_name = "Companies"
