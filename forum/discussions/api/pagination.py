"""Paging the discussions API: opaque cursors into a topic's threads, pages of topics."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from rest_framework.pagination import PageNumberPagination

_CURSOR_SALT = "forum.api.thread-cursor"


@dataclass(frozen=True)
class ThreadCursor:
    """Where a page of threads starts: an offset into the roots in one sort order."""

    sort: str
    offset: int


def thread_cursor_encode(cursor: ThreadCursor) -> str:
    """Signed base64 JSON, so clients treat it as opaque and cannot hand back one of their own
    making (a forged offset is refused rather than read)."""
    return signing.dumps([cursor.sort, cursor.offset], salt=_CURSOR_SALT)


def thread_cursor_decode(value: str) -> ThreadCursor:
    """Raises signing.BadSignature for a cursor this site did not issue."""
    sort, offset = signing.loads(value, salt=_CURSOR_SALT)
    return ThreadCursor(sort=sort, offset=offset)


class TopicPagination(PageNumberPagination):
    page_size = settings.FORUM_TOPICS_PER_PAGE
