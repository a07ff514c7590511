"""Pages of search results with a capped count, as search products count: exactly up to
SEARCH_COUNT_CAP matches, then "more than" that. Counting every match of a common word costs
as much as finding them all (each passes the visibility joins), for a figure nobody reads
past the first few pages; and pages beyond the cap are not offered, so no page asks the
database to rank and skip more rows than the cap."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """A Paginator whose `count` stops at `cap` (SEARCH_COUNT_CAP unless given): `capped`
    says there are more. `num_pages` follows the capped count, so the last page offered
    ends at the cap."""

    def __init__(
        self, object_list: QuerySet[Any], per_page: int, *, cap: int | None = None
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap: int = settings.SEARCH_COUNT_CAP if cap is None else cap

    @cached_property
    def _counted(self) -> int:
        """The matches, counted up to one past the cap: COUNT(*) over a subquery of ids
        limited to cap + 1, unordered, so the database stops at the cap's next row and
        computes no rank nor snippet."""
        documents: QuerySet[Any] = self.object_list
        return documents.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @cached_property
    def capped(self) -> bool:
        """More matches than `count`: show "more than {count}"."""
        return self._counted > self.cap
