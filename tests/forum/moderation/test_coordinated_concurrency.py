"""A coordinated push made at one moment: fresh accounts post about one ticker at once, each in
its own thread and connection, under articles of their own (so no topic lock lines them up).
Exactly one alert, and every post after the threshold held.

Real threads against PostgreSQL, each with its own connection and its own transactions.
"""

from __future__ import annotations

import pytest
from pytest_django import Settings

from forum.discussions.models import HoldCode, Post
from forum.discussions.services.posting import post_create
from forum.moderation.models import ModerationLogEntry
from forum.notifications.models import NotificationEvent
from tests.concurrency import run_at_once
from tests.factories import ArticleFactory, ReaderFactory

pytestmark = [
    pytest.mark.postgres,
    # serialized_rollback: the flush after each test empties the rows migrations made (roles,
    # the Articles category); this puts them back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ALERT = NotificationEvent.Kind.COORDINATED_PUSH
COPY = "Rare earth separation outside China is finally getting the funding it needs."


def _post_at_once(bodies: list[str]) -> list[Post]:
    """Each body posted by a fresh account under an article of its own, all at one moment."""
    ready = [(body, ReaderFactory(), ArticleFactory().discussion) for body in bodies]
    jobs = [
        lambda body=body, author=author, topic=topic: post_create(
            topic=topic, author=author, body=body
        )
        for body, author, topic in ready
    ]
    posts, errors = run_at_once(jobs)
    assert not errors, errors
    return posts


@pytest.mark.parametrize("accounts", [3, 5])
def test_fresh_accounts_pushing_one_ticker_at_once_raise_one_alert_and_hold_the_later_posts(
    accounts: int, settings: Settings
) -> None:
    """Five fresh accounts, a push from the `accounts`-th."""
    settings.COORDINATED_PUSH_ACCOUNTS = accounts

    posts = _post_at_once(
        [f"Comment {n}: $MP is the name to watch this quarter." for n in range(5)]
    )

    held = Post.objects.filter(status=Post.Status.PENDING)
    assert held.count() == 5 - (accounts - 1)
    assert set(held.values_list("held_code", flat=True)) == {HoldCode.COORDINATED}
    # The held are the later ones: each saw the posts before it.
    shown = Post.objects.filter(status=Post.Status.VISIBLE)
    assert max(shown.values_list("created_at", flat=True)) <= min(
        held.values_list("created_at", flat=True)
    )
    assert NotificationEvent.objects.filter(kind=ALERT).count() == 1
    assert ModerationLogEntry.objects.filter(held_code=HoldCode.COORDINATED).count() == held.count()
    assert len(posts) == 5


def test_the_same_text_from_five_accounts_at_once_raises_one_alert_and_holds_four() -> None:
    _post_at_once([COPY] * 5)

    assert Post.objects.filter(status=Post.Status.VISIBLE).count() == 1
    assert Post.objects.filter(held_code=HoldCode.COORDINATED).count() == 4
    assert NotificationEvent.objects.filter(kind=ALERT).count() == 1
