"""Fixtures for the search tests. They run on the database the suite runs on: SQLite (FTS5)
by default, PostgreSQL with DATABASE_URL, and must pass on both."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accounts.viewer import Viewer
from forum.search.models import SearchDocument
from forum.search.selectors import SearchFilters, SearchSort, search


@pytest.fixture
def found(db: None) -> Callable[..., list[SearchDocument]]:
    """What `query` finds for a viewer (anonymous unless given), in order."""

    def find(
        query: str,
        viewer: Viewer | None = None,
        filters: SearchFilters | None = None,
        sort: str = SearchSort.RELEVANCE,
    ) -> list[SearchDocument]:
        return list(search(query, viewer=Viewer.of(viewer), filters=filters, sort=sort))

    return find
