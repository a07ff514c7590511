from __future__ import annotations

from rest_framework import generics
from rest_framework.permissions import AllowAny

from ..models import Article, ArticleQuerySet
from ..selectors import article_get_for_viewer, article_list_live
from .serializers import ArticleDetailOutputSerializer, ArticleListOutputSerializer


class ArticleListApi(generics.ListAPIView[Article]):
    """Published articles, newest first."""

    permission_classes = [AllowAny]
    serializer_class = ArticleListOutputSerializer

    def get_queryset(self) -> ArticleQuerySet:
        return article_list_live()


class ArticleDetailApi(generics.RetrieveAPIView[Article]):
    """One published article with its highlights, rendered body and discussion link."""

    permission_classes = [AllowAny]
    serializer_class = ArticleDetailOutputSerializer
    lookup_field = "slug"

    def get_object(self) -> Article:
        return article_get_for_viewer(slug=self.kwargs["slug"], viewer=self.request.user)
