from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "forum.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from accounts.services.export import export_section_register
        from forum.notifications import receivers
        from forum.notifications.export import notifications_export, topic_subscriptions_export

        receivers.connect()

        export_section_register("topic_subscriptions", topic_subscriptions_export)
        export_section_register("notifications", notifications_export)
