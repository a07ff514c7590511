from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.viewer import viewer_for
from config.web.api_errors import ErrorOutputSerializer

from ..models import Article, ArticleQuerySet
from ..selectors import article_get_for_viewer, article_list_live
from .serializers import ArticleDetailOutputSerializer, ArticleListOutputSerializer


class ArticleListApi(generics.ListAPIView[Article]):
    """Published articles, newest first."""

    permission_classes = [AllowAny]
    serializer_class = ArticleListOutputSerializer

    def get_queryset(self) -> ArticleQuerySet:
        return article_list_live()

    @extend_schema(
        responses={
            200: ArticleListOutputSerializer(many=True),
            404: OpenApiResponse(ErrorOutputSerializer, description="No such page."),
        }
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ArticleDetailApi(generics.RetrieveAPIView[Article]):
    """One published article with its highlights, rendered body and discussion link."""

    permission_classes = [AllowAny]
    serializer_class = ArticleDetailOutputSerializer
    lookup_field = "slug"

    def get_object(self) -> Article:
        return article_get_for_viewer(slug=self.kwargs["slug"], viewer=viewer_for(self.request))

    @extend_schema(
        responses={
            200: ArticleDetailOutputSerializer,
            404: OpenApiResponse(
                ErrorOutputSerializer, description="No such article, or not one the viewer sees."
            ),
        }
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
