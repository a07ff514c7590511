"""The moderators' pages, mounted at /moderation/ by config/urls.py."""

from django.urls import path

from forum.moderation.views import queue

app_name = "moderation"

urlpatterns = [
    path("", queue.moderation_queue_page, name="queue"),
    path("log/", queue.moderation_log_page, name="log"),
    path("bulk/", queue.moderation_bulk, name="bulk"),
    path("p/<id:pk>/<slug:action>/", queue.moderation_post_action, name="post_action"),
]
