from django.urls import path

from .account_views import AccountDeleteApi, AccountExportApi

urlpatterns = [
    path("me/export/", AccountExportApi.as_view(), name="api-me-export"),
    path("me/delete/", AccountDeleteApi.as_view(), name="api-me-delete"),
]
