from __future__ import annotations

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "forum.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from forum.moderation import receivers

        receivers.connect()
