from django.urls import path

from forum.notifications.api.views import (
    NotificationListApi,
    NotificationMarkAllReadApi,
    NotificationMarkReadApi,
    TopicSubscriptionRetrieveUpdateApi,
)

urlpatterns = [
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
]
