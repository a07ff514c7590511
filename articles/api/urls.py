from django.urls import path

from .views import ArticleDetailApi, ArticleListApi

urlpatterns = [
    path("articles/", ArticleListApi.as_view(), name="api-article-list"),
    path("articles/<slug:slug>/", ArticleDetailApi.as_view(), name="api-article-detail"),
]
