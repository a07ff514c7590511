"""The moderation queues: a page of one, with how many items wait in each."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from forum.moderation.api.permissions import IsDiscussionStaff
from forum.moderation.api.schema import INVALID, STAFF_ONLY, TAGS
from forum.moderation.api.serializers import (
    ModerationQueueOutputSerializer,
    ModerationQueueQueryInputSerializer,
    Order,
)
from forum.moderation.selectors import Queue, moderation_queue, moderation_queue_summary


class ModerationQueueListApi(APIView):
    """A page of a moderation queue, each post with its context, its author's record and the
    reports on it, and how many items wait in the pending and reported queues."""

    permission_classes = [IsDiscussionStaff]

    @extend_schema(
        tags=TAGS,
        parameters=[ModerationQueueQueryInputSerializer],
        responses={200: ModerationQueueOutputSerializer, 400: INVALID, 403: STAFF_ONLY},
    )
    def get(self, request: Request) -> Response:
        query = ModerationQueueQueryInputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        queue: str = query.validated_data["status"]
        order: str | None = query.validated_data.get("order")
        offset: int = query.validated_data["offset"]
        options: dict[str, Any] = {}
        if order is not None:
            options["newest_first"] = order == Order.NEWEST
        items, has_more = moderation_queue(queue=queue, offset=offset, **options)
        next_url = None
        if has_more:
            next_url = replace_query_param(
                request.build_absolute_uri(), "offset", offset + len(items)
            )
        default_order = Order.NEWEST if queue == Queue.HISTORY else Order.OLDEST
        data = {
            "status": queue,
            "order": order or default_order,
            "summary": moderation_queue_summary(),
            "next": next_url,
            "results": items,
        }
        return Response(ModerationQueueOutputSerializer(data, context={"request": request}).data)
