from django.urls import path, re_path

from .moderation_views import (
    POST_MODERATION_APIS,
    ModerationLogListApi,
    ModerationQueueListApi,
    PostFlagCreateApi,
    PostModerationUnknownApi,
)
from .notification_views import (
    NotificationListApi,
    NotificationMarkAllReadApi,
    NotificationMarkReadApi,
    TopicSubscriptionRetrieveUpdateApi,
)
from .views import (
    ApiNotFoundApi,
    ArticleCommentListCreateApi,
    CategoryListApi,
    CategoryTopicListCreateApi,
    PostDetailApi,
    PostReactionCreateDeleteApi,
    TopicDetailApi,
    TopicPostListCreateApi,
    TopicPostNewListApi,
)

urlpatterns = [
    path(
        "articles/<slug:slug>/comments/",
        ArticleCommentListCreateApi.as_view(),
        name="api-article-comments",
    ),
    path("posts/<id:pk>/", PostDetailApi.as_view(), name="api-post-detail"),
    path(
        "posts/<id:pk>/reactions/",
        PostReactionCreateDeleteApi.as_view(),
        name="api-post-reactions",
    ),
    path("forum/categories/", CategoryListApi.as_view(), name="api-forum-categories"),
    path(
        "forum/categories/<slug:slug>/topics/",
        CategoryTopicListCreateApi.as_view(),
        name="api-forum-category-topics",
    ),
    path("forum/topics/<id:pk>/", TopicDetailApi.as_view(), name="api-forum-topic"),
    path(
        "forum/topics/<id:pk>/posts/",
        TopicPostListCreateApi.as_view(),
        name="api-forum-topic-posts",
    ),
    path(
        "forum/topics/<id:pk>/posts/new/",
        TopicPostNewListApi.as_view(),
        name="api-forum-topic-posts-new",
    ),
    path("posts/<id:pk>/flags/", PostFlagCreateApi.as_view(), name="api-post-flags"),
    path("moderation/queue/", ModerationQueueListApi.as_view(), name="api-moderation-queue"),
    path("moderation/log/", ModerationLogListApi.as_view(), name="api-moderation-log"),
    *(
        path(
            f"moderation/posts/<id:pk>/{action}/",
            api.as_view(),
            name=f"api-moderation-post-{action}",
        )
        for action, api in POST_MODERATION_APIS.items()
    ),
    path(
        "moderation/posts/<id:pk>/<str:action>/",
        PostModerationUnknownApi.as_view(),
        name="api-moderation-post-unknown",
    ),
    path("notifications/", NotificationListApi.as_view(), name="api-notifications"),
    path(
        "notifications/<id:pk>/read/",
        NotificationMarkReadApi.as_view(),
        name="api-notification-read",
    ),
    path(
        "notifications/read-all/",
        NotificationMarkAllReadApi.as_view(),
        name="api-notifications-read-all",
    ),
    path(
        "forum/topics/<id:pk>/subscription/",
        TopicSubscriptionRetrieveUpdateApi.as_view(),
        name="api-forum-topic-subscription",
    ),
    # Last of everything under api/v1/ (config/urls.py includes this module after the other
    # apps' API URLs): what no route above matches is a JSON 404. Only paths ending in a slash,
    # so a missing slash is still redirected to the route it lacks.
    re_path(r"^(?:.+/)?$", ApiNotFoundApi.as_view(), name="api-not-found"),
]
