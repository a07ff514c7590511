from __future__ import annotations

from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "forum.discussions"
    label = "discussions"
    verbose_name = "Discussions"

    def ready(self) -> None:
        from accounts.services.export import export_section_register
        from forum.discussions import receivers
        from forum.discussions.export import likes_export, posts_export

        receivers.connect()
        export_section_register("posts", posts_export)
        export_section_register("likes", likes_export)
