from __future__ import annotations

from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "forum.discussions"
    label = "discussions"
    verbose_name = "Discussions"

    def ready(self) -> None:
        from forum.discussions import receivers

        receivers.connect()
