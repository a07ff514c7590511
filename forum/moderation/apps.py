from __future__ import annotations

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "forum.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from accounts.services.export import export_section_register
        from forum.moderation import receivers
        from forum.moderation.export import (
            account_state_history_export,
            rejection_reasons_export,
            reports_export,
        )

        receivers.connect()
        export_section_register("account_state_history", account_state_history_export)
        export_section_register("reports", reports_export)
        export_section_register("rejection_reasons", rejection_reasons_export)
