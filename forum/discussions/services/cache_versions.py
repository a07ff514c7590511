"""Telling cached renderings of a discussion's threads that they are out of date.

Rendered threads are cached under their topic's `discussion_version`
(forum/discussions/threads_html.py). Every write that changes what the threads show moves that
version in its own transaction, so a page read after the commit never finds the old rendering,
and a rolled-back write moves nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F

from forum.discussions.models import Topic

NEXT_VERSION = F("discussion_version") + 1
"""For a write updating the topic row anyway: `.update(..., discussion_version=NEXT_VERSION)`
(posting's counters, written out in SQL, set `discussion_version = discussion_version + 1`)."""


def topic_threads_changed(*, topic_id: int) -> None:
    """Precondition: inside the transaction making the change. Takes the topic's row lock, so a
    caller that will also lock one of its posts must call this first (topic before post, as
    posting does)."""
    Topic.objects.filter(pk=topic_id).update(discussion_version=NEXT_VERSION)


def authors_topics_threads_changed(*, author_ids: Iterable[int]) -> None:
    """How these authors show (name, avatar, role) changed: every topic they posted in."""
    Topic.objects.filter(posts__author_id__in=author_ids).update(discussion_version=NEXT_VERSION)
