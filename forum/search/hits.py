"""What a search found, as pages read it: the ids in order first, then each page's rows.

Search products answer in two steps (Elasticsearch's top hits, then fetching the stored
documents): the index gives the best ids, the store what a result shows for one page. Here:

1. the candidates: the first SEARCH_COUNT_CAP + 1 matches in the search's order that pass its
   filters, from the index and the document rows alone (`candidates`, built by the selector);
2. the visible ones among them: one query joining what visibility reads (the post, its topic,
   the topic's article and opening post), for those ids only;
3. a page: its rows, with what a result shows joined and its snippet computed, for the
   page's ids only.

Three queries however many match. Checking visibility for every match of a common word cost
more than finding and ranking them all, and snippets for every match more still.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

from django.db.models import QuerySet
from django.utils.functional import cached_property

from forum.search.models import SearchDocument


class SearchHits(Sequence[SearchDocument]):
    """The visible candidates, in the search's order: its length is the count, at most
    `cap`, and `capped` says the index held more matches than that. Slicing reads the
    slice's rows in one query."""

    def __init__(
        self,
        *,
        candidates: QuerySet[Any, int],
        visible: QuerySet[SearchDocument],
        rows: Callable[[QuerySet[SearchDocument]], QuerySet[SearchDocument]],
        cap: int,
    ) -> None:
        """`candidates`: ids in order, sliced to cap + 1. `visible`: the documents the viewer
        may see. `rows`: what to read of the visible documents a page shows."""
        self.candidates = candidates
        self._visible = visible
        self._rows = rows
        self.cap = cap

    @cached_property
    def _candidate_ids(self) -> list[int]:
        return list(self.candidates)

    @cached_property
    def _found(self) -> list[int]:
        """The visible candidates' ids, in order, at most the cap."""
        ids = self._candidate_ids
        seen = set(self._visible.filter(pk__in=ids).values_list("pk", flat=True))
        return [pk for pk in ids if pk in seen][: self.cap]

    @property
    def capped(self) -> bool:
        """The index held more matches than the cap: show "more than" the count."""
        return len(self._candidate_ids) > self.cap

    def __len__(self) -> int:
        return len(self._found)

    def count(self) -> int:  # type: ignore[override]  # Paginator's count: no value argument
        return len(self)

    @overload
    def __getitem__(self, index: int) -> SearchDocument: ...

    @overload
    def __getitem__(self, index: slice) -> list[SearchDocument]: ...

    def __getitem__(self, index: int | slice) -> SearchDocument | list[SearchDocument]:
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        ids = self._found[index]
        if not ids:
            return []
        # Visibility read again with the rows: a post hidden since the count drops out.
        rows = self._rows(self._visible.filter(pk__in=ids)).in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]

    def __iter__(self) -> Iterator[SearchDocument]:
        return iter(self[:])


def search_hits_none() -> SearchHits:
    """Nothing found, without a query."""
    nothing = SearchDocument.objects.none()
    return SearchHits(
        candidates=nothing.values_list("pk", flat=True),
        visible=nothing,
        rows=lambda documents: documents,
        cap=0,
    )
