from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.urls import register_converter

        from .converters import HandleConverter
        from .services.export import (
            export_section_register,
            notification_preferences_export,
            profile_export,
        )

        # Here, once, before any URLconf is read: accounts/urls.py and accounts/api/urls.py
        # both route by handle.
        register_converter(HandleConverter, "handle")
        # First in every export; the apps after accounts add what they hold.
        export_section_register("profile", profile_export)
        export_section_register("notification_preferences", notification_preferences_export)
