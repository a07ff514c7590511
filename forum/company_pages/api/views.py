from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.viewer import viewer_for
from companies.models import Company
from config.web.api_errors import ErrorOutputSerializer
from forum.company_pages.api.serializers import (
    CompanyDetail,
    CompanyDetailOutputSerializer,
    CompanyOutputSerializer,
)
from forum.company_pages.selectors import company_articles, company_comments, company_get


class CompanyListApi(generics.ListAPIView[Company]):
    """Every company, by name, paginated like the other lists (`?page=`)."""

    permission_classes = [AllowAny]
    serializer_class = CompanyOutputSerializer

    def get_queryset(self) -> QuerySet[Company]:
        return Company.objects.only("name", "slug", "tickers", "aliases").order_by("name", "id")

    @extend_schema(
        tags=["companies"],
        responses={
            200: CompanyOutputSerializer(many=True),
            404: OpenApiResponse(ErrorOutputSerializer, description="No such page."),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class CompanyDetailApi(APIView):
    """A company, its newest live articles and the newest comments naming it that the viewer
    may see (as its page lists them, newest first)."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["companies"],
        responses={
            200: CompanyDetailOutputSerializer,
            404: OpenApiResponse(ErrorOutputSerializer, description="No such company."),
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        company = company_get(slug=slug)
        rows = company_comments(company=company, viewer=viewer_for(request))
        detail = CompanyDetail(
            company=company,
            articles=list(company_articles(company=company)[: settings.COMPANY_ARTICLES_SHOWN]),
            comments=[row.post for row in rows[: settings.COMPANY_COMMENTS_PER_PAGE]],
        )
        return Response(CompanyDetailOutputSerializer(detail, context={"request": request}).data)
