"""Pages of search results, counted as search products count: exactly up to
SEARCH_COUNT_CAP, then "more than" that (hits.py finds no more), with no page offered
beyond them."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from forum.search.hits import SearchHits
from forum.search.models import SearchDocument


class SearchPaginator(Paginator[SearchDocument]):
    """A Paginator of SearchHits: `count` is theirs (at most the cap, so `num_pages` ends at
    it), and `capped` says there are more matches than that."""

    object_list: SearchHits

    @cached_property
    def capped(self) -> bool:
        return self.object_list.capped
