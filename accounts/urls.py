from django.urls import path

from .views import profiles, settings

app_name = "accounts"

urlpatterns = [
    path("settings/", settings.settings_index, name="settings"),
    path("u/<str:handle>/", profiles.profile_detail, name="profile"),
]
