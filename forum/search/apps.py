from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Search over articles, comments and forum topics. It sits above articles, accounts and
    the discussions: it reads them, and keeps its index current by receiving their lifecycle
    signals, so none of them imports it."""

    name = "forum.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from forum.search import receivers

        receivers.connect()
