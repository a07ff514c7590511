"""What lets a logged-out reader's poll for new replies answer "nothing new" from the cache.

Every open article page polls `topic_new_since` every 20 s; nearly every poll finds nothing.
The cache keeps, per topic, the id of its latest post to become visible. A logged-out poll
whose cursor (`?after=`) is at or past it is answered without a database query.

Exact, not merely fresh:
- Writes raise the key inside the transaction that shows a post, after the topic's row has
  been updated (`apply_visibility`, the importer's counters), so under the topic's row lock:
  raises of one topic never interleave, and the key never goes down. The raise lands before the
  commit, so for a moment pollers see "something new", read the database and find nothing yet;
  the next poll finds the post. A rolled-back raise leaves the key too high, which costs
  database reads (never a missed post) until the next post raises it past.
- A missing key (never set, evicted, cache restarted) is filled from the database with
  `cache.add`, which never overwrites: a raise racing with the fill wins.
- A post's id is at least every earlier post's in its topic: PostgreSQL reserves it under the
  topic's row lock, SQLite takes one writer at a time. A post approved later has an older id
  than pollers have seen; `posts_new_since` never shows those either.

A cache out of reach is a miss: the poll reads the database as before.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Max
from redis.exceptions import RedisError

from forum.discussions.models import Post

logger = logging.getLogger(__name__)


def latest_visible_key(topic_id: int) -> str:
    return f"forum:topic:{topic_id}:latest-visible"


def latest_visible_read(topic_id: int) -> int | None:
    """The id of the topic's latest visible post as the cache knows it, or None (one read)."""
    try:
        value = cache.get(latest_visible_key(topic_id))
    except RedisError as error:
        logger.warning("Poll cache not read (topic %s): %s", topic_id, error)
        return None
    return value if isinstance(value, int) else None


def latest_visible_raise(*, topic_id: int, post_id: int) -> None:
    """Post `post_id` of the topic is now visible: raise the topic's key to it.

    Precondition: inside the transaction showing it, holding the topic's row lock (taken by the
    update of its counters), so that no other raise of this topic runs meanwhile.
    """
    key = latest_visible_key(topic_id)
    try:
        current = cache.get(key)
        if not isinstance(current, int) or current < post_id:
            cache.set(key, post_id, settings.FORUM_THREADS_CACHE_SECONDS)
    except RedisError as error:
        # The key may now be too low: drop it, so polls read the database.
        logger.warning("Poll cache not raised (topic %s): %s", topic_id, error)
        _forget(key)


def latest_visible_fill(topic_id: int) -> None:
    """The key is missing: set it from the database, unless a raise got there first."""
    latest = (
        Post.objects.filter(topic_id=topic_id, status=Post.Status.VISIBLE)
        .exclude(pk=F("topic__opening_post_id"))  # never among the new posts
        .order_by()
        .aggregate(latest=Max("pk"))["latest"]
    )
    try:
        cache.add(latest_visible_key(topic_id), latest or 0, settings.FORUM_THREADS_CACHE_SECONDS)
    except RedisError as error:
        logger.warning("Poll cache not filled (topic %s): %s", topic_id, error)


def nothing_new_since(*, topic_id: int, after_id: int) -> bool:
    """Whether the cache proves no post newer than `after_id` is visible in the topic (to a
    logged-out reader: a member also sees their own held posts, so ask only for them). One
    cache read; fills a missing key from the database (then the answer is False)."""
    latest = latest_visible_read(topic_id)
    if latest is None:
        latest_visible_fill(topic_id)
        return False
    return latest <= after_id


def _forget(key: str) -> None:
    try:
        cache.delete(key)
    except RedisError:
        logger.warning("Poll cache key not dropped (%s); it expires on its own", key)
