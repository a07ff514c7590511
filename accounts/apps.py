from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.urls import register_converter

        from .converters import HandleConverter

        # Here, once, before any URLconf is read: accounts/urls.py and accounts/api/urls.py
        # both route by handle.
        register_converter(HandleConverter, "handle")
