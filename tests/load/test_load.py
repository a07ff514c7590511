"""Proof, load: 50 readers post 200 comments each at once through the API, against gunicorn,
PostgreSQL and Redis. Every comment is stored, the counters are exact, the tree holds together,
and no request fails."""

from __future__ import annotations

from collections import Counter

import pytest

from accounts.models import User
from articles.models import Article
from bench.load_server import Gunicorn, discussion_problems, sessions_for
from bench.loadgen import PostingPlan, load_start
from forum.discussions.models import Post
from tests.load.conftest import CLIENTS

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    # The server reads what this test commits. serialized_rollback: the flush after the test
    # empties the rows migrations made (roles, the Articles category); this puts them back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

POSTS_EACH = 200
# Bounded: no request starts after this, and none waits longer than loadgen's timeout. Some
# four times what a quiet 2-core machine needs (about 30 posts/s), so that only a hang or a
# collapse reaches it, not a machine shared with other work.
DEADLINE_SECONDS = 1200


# Workers keep their database connections, health-checked (the settings' default): a new
# connection per request is a third of a post's cost (bench/bench_load.py).
def test_posting_stores_and_counts_every_comment_when_fifty_readers_post_at_once(
    site: Gunicorn, readers: list[User], articles: list[Article]
) -> None:
    plan = PostingPlan(slugs=[article.slug for article in articles], posts=POSTS_EACH)

    result = load_start(
        address=site.address, sessions=sessions_for(readers), plan=plan, seconds=DEADLINE_SECONDS
    ).wait()

    print(f"\nload: {result.summary()}")
    topic_ids = [article.discussion.pk for article in articles]
    stored = Post.objects.filter(topic_id__in=topic_ids)
    depths = Counter(stored.values_list("depth", flat=True))
    print(f"load: stored {stored.count():,} posts; by depth {dict(sorted(depths.items()))}")
    assert result.unsent == 0
    assert result.failures() == []
    assert result.statuses() == {201: CLIENTS * POSTS_EACH}
    assert stored.count() == CLIENTS * POSTS_EACH
    assert set(stored.values_list("pk", flat=True)) == {o.post_id for o in result.created()}
    assert stored.exclude(status=Post.Status.VISIBLE).count() == 0
    assert stored.filter(reply_to__isnull=False).count() == sum(
        1 for o in result.created() if o.parent is not None
    )
    assert discussion_problems(topic_ids) == []
