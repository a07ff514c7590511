from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.viewer import viewer_for
from config.web.api_errors import ErrorOutputSerializer
from forum.search.api.pagination import SearchPagination
from forum.search.api.serializers import SearchQueryInputSerializer, SearchResultOutputSerializer
from forum.search.models import SearchDocument
from forum.search.selectors import search


class SearchListApi(generics.ListAPIView[SearchDocument]):
    """Articles, comments and forum topics matching a query, best first (or newest), as the
    viewer may see them: a moderator's or an author's own held comment comes marked by its
    status. Paginated like the other lists (`?page=`), its count capped (`count_capped`)."""

    permission_classes = [AllowAny]
    pagination_class = SearchPagination
    serializer_class = SearchResultOutputSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = SearchQueryInputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        hits = search(
            query.validated_data["q"],
            viewer=viewer_for(request),
            filters=query.filters(),
            sort=query.validated_data["sort"],
        )
        page = self.paginate_queryset(hits)  # a sequence, which Paginator takes as a queryset
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        tags=["search"],
        parameters=[SearchQueryInputSerializer],
        responses={
            200: SearchResultOutputSerializer(many=True),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT, description='Field errors: {"field": ["message", ...]}.'
            ),
            404: OpenApiResponse(ErrorOutputSerializer, description="No such page."),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
