"""Readers' reports of a post to the moderators."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.viewer import viewer_for
from config.web.api_errors import ErrorOutputSerializer, service_errors
from config.web.errors import RateLimited
from forum.discussions.selectors import post_get_for_viewer
from forum.moderation.api.serializers import ReportCreateInputSerializer, ReportOutputSerializer
from forum.moderation.services.reports import report_create


class PostReportCreateApi(APIView):
    """Report a post to the moderators, once. Enough reports from different readers hide it
    until a moderator has looked."""

    permission_classes = [AllowAny]  # report_create refuses, saying why

    @extend_schema(
        request=ReportCreateInputSerializer,
        parameters=[
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                OpenApiParameter.HEADER,
                response=[status.HTTP_429_TOO_MANY_REQUESTS],
                description="Seconds until the next report may go.",
            )
        ],
        responses={
            201: ReportOutputSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Already reported by the viewer, already with the moderators, or "
                'a bad reason ("other" needs `text`).',
            ),
            403: OpenApiResponse(
                ErrorOutputSerializer,
                description="Not logged in, address unverified, suspended, banned, or the "
                "viewer's own post.",
            ),
            404: OpenApiResponse(
                ErrorOutputSerializer, description="No such post, or not one the viewer sees."
            ),
            429: OpenApiResponse(
                ErrorOutputSerializer,
                description="Over FORUM_REPORTS_PER_HOUR reports: try again after Retry-After.",
            ),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        post = post_get_for_viewer(pk=pk, viewer=viewer_for(request))
        serializer = ReportCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors(PermissionDenied, DjangoValidationError, RateLimited):
            report = report_create(
                post=post,
                reporter=request.user,
                **serializer.validated_data,
            )
        return Response(ReportOutputSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema(deprecated=True, description="Deprecated: use `/api/v1/posts/{id}/reports/`.")
class PostReportCreateDeprecatedApi(PostReportCreateApi):
    """The same as PostReportCreateApi at its old path, /api/v1/posts/<id>/flags/."""
