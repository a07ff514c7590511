from django.urls import path

from forum.moderation.api.views.decisions import (
    DEPRECATED_POST_MODERATION_APIS,
    POST_MODERATION_APIS,
    PostModerationUnknownApi,
)
from forum.moderation.api.views.log import ModerationLogListApi
from forum.moderation.api.views.queue import ModerationQueueListApi
from forum.moderation.api.views.reports import PostReportCreateApi, PostReportCreateDeprecatedApi

urlpatterns = [
    path("posts/<id:pk>/reports/", PostReportCreateApi.as_view(), name="api-post-reports"),
    # Deprecated: reports were called flags.
    path("posts/<id:pk>/flags/", PostReportCreateDeprecatedApi.as_view(), name="api-post-flags"),
    path("moderation/queue/", ModerationQueueListApi.as_view(), name="api-moderation-queue"),
    path("moderation/log/", ModerationLogListApi.as_view(), name="api-moderation-log"),
    *(
        path(
            f"moderation/posts/<id:pk>/{action}/",
            api.as_view(),
            name=f"api-moderation-post-{action}",
        )
        for action, api in (POST_MODERATION_APIS | DEPRECATED_POST_MODERATION_APIS).items()
    ),
    path(
        "moderation/posts/<id:pk>/<str:action>/",
        PostModerationUnknownApi.as_view(),
        name="api-moderation-post-unknown",
    ),
]
