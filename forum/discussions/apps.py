from __future__ import annotations

from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "forum.discussions"
    label = "discussions"
    verbose_name = "Discussions"

    def ready(self) -> None:
        from accounts.selectors import user_posts_public_register
        from accounts.services.export import export_section_register
        from forum.discussions import receivers
        from forum.discussions.export import likes_export, posts_export
        from forum.discussions.selectors import posts_public_by_author

        receivers.connect()
        export_section_register("posts", posts_export)
        export_section_register("likes", likes_export)
        # What a person's profile (an accounts page and API) shows of their posts.
        user_posts_public_register(lambda user: posts_public_by_author(author=user))
