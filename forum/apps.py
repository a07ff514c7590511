from __future__ import annotations

from django.apps import AppConfig


class ForumConfig(AppConfig):
    """The forum's tables before it became three apps (discussions, moderation, notifications):
    its migrations made them, and the last one handed them over, so a database made before the
    split migrates forward without losing a row. Also the demo command, which spans all three."""

    name = "forum"
    verbose_name = "Forum"
