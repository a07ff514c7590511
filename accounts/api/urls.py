from django.urls import path

from .views import MeAvatarUpdateApi, MeDetailApi, NotificationPreferencesDetailApi, UserDetailApi

urlpatterns = [
    path("me/", MeDetailApi.as_view(), name="api-me"),
    path("me/avatar/", MeAvatarUpdateApi.as_view(), name="api-me-avatar"),
    path(
        "me/notification-preferences/",
        NotificationPreferencesDetailApi.as_view(),
        name="api-me-notification-preferences",
    ),
    path("users/<handle:handle>/", UserDetailApi.as_view(), name="api-user-detail"),
]
