from __future__ import annotations

from blog.views import article_detail
from django.urls import include, path

urlpatterns = [
    path("articles/<int:pk>/", article_detail, name="article"),
    path("comments/", include("django_comments_xtd.urls")),
]
