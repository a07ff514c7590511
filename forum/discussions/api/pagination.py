"""Paging the discussions API: opaque cursors into a topic's threads, pages of topics."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from rest_framework.pagination import PageNumberPagination

# Renamed when cursors stopped holding an offset: one issued before is refused, not misread.
_CURSOR_SALT = "forum.api.thread-cursor.after"


@dataclass(frozen=True)
class ThreadCursor:
    """Where a page of threads starts: after the root `after`, in one sort order."""

    sort: str
    after: int


def thread_cursor_encode(cursor: ThreadCursor) -> str:
    """Signed base64 JSON, so clients treat it as opaque and cannot hand back one of their own
    making (a forged one is refused rather than read)."""
    return signing.dumps([cursor.sort, cursor.after], salt=_CURSOR_SALT)


def thread_cursor_decode(value: str) -> ThreadCursor:
    """Raises signing.BadSignature for a cursor this site did not issue."""
    sort, after = signing.loads(value, salt=_CURSOR_SALT)
    return ThreadCursor(sort=sort, after=after)


class TopicPagination(PageNumberPagination):
    page_size = settings.FORUM_TOPICS_PER_PAGE
