from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Forum"

    def ready(self) -> None:
        from django.urls import register_converter

        from config.path_converters import IdConverter

        from . import receivers

        receivers.connect()
        # Here, once, before any URLconf is read: forum's URLs name posts, topics and
        # notifications by <id:pk>.
        register_converter(IdConverter, "id")
