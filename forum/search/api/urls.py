from django.urls import path

from forum.search.api.views import SearchListApi

urlpatterns = [path("search/", SearchListApi.as_view(), name="api-search")]
