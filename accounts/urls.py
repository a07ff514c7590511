from django.urls import path

from .views import account, preferences, profiles, settings

app_name = "accounts"

urlpatterns = [
    path("settings/", settings.settings_index, name="settings"),
    path("settings/delete/", account.settings_delete, name="delete"),
    path("settings/export/", account.settings_export, name="export"),
    path("settings/profile/", profiles.settings_profile, name="settings_profile"),
    path(
        "settings/notifications/",
        preferences.settings_notifications,
        name="settings_notifications",
    ),
    path("u/<handle:handle>/", profiles.profile_detail, name="profile"),
]
