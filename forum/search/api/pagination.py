"""The search API's pages: numbered like the other lists, with a capped count."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from forum.search.paging import SearchPaginator


class SearchPagination(PageNumberPagination):
    """`count` is exact up to SEARCH_COUNT_CAP; past it, `count` is what is offered (at
    most the cap) and `count_capped` is true (there are more), and pages end there."""

    django_paginator_class = SearchPaginator

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        paginator = self.page.paginator if self.page else None  # set by paginate_queryset
        response.data["count_capped"] = isinstance(paginator, SearchPaginator) and paginator.capped
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count"]["description"] = (
            f"The results offered: exact up to {settings.SEARCH_COUNT_CAP:,}. When more match, "
            f"at most {settings.SEARCH_COUNT_CAP:,} (fewer where some of the best matches are "
            "hidden from the viewer) and `count_capped` is true; no page past them is served."
        )
        paginated["properties"]["count_capped"] = {
            "type": "boolean",
            "example": False,
            "description": 'More matches than `count`: show "more than" it.',
        }
        paginated["required"].append("count_capped")
        return paginated
