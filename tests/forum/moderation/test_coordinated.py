"""Coordinated pushes: young accounts naming one ticker within the hour, or one text from two
accounts, hold the later posts and raise one alert per push."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import NotificationKind, User
from forum.discussions.models import HoldCode, Post, Topic
from forum.discussions.services.posting import post_create, post_edit
from forum.moderation.coordinated import push_watches_prune, text_key
from forum.moderation.models import ModerationLogEntry, PushWatch
from forum.notifications.models import Notification, NotificationEvent
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory
from tests.forum.discussions.test_query_counts import POST_CREATE_QUERIES, SAVEPOINT

pytestmark = pytest.mark.django_db

CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]
ALERT = NotificationEvent.Kind.COORDINATED_PUSH
COPY = "Rare earth separation outside China is finally getting the funding it needs."


@contextmanager
def freeze_time(moment: datetime) -> Iterator[None]:
    """`timezone.now()` answers `moment` (rows' created_at defaults keep the real time)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        yield


def fresh(count: int) -> list[User]:
    return [ReaderFactory() for _ in range(count)]


def seasoned(count: int, settings: Settings) -> list[User]:
    joined = timezone.now() - timedelta(days=settings.COORDINATED_PUSH_ACCOUNT_AGE_DAYS)
    return [ReaderFactory(date_joined=joined) for _ in range(count)]


def topics(count: int) -> list[Topic]:
    return [ArticleFactory().discussion for _ in range(count)]


def push(authors: list[User], body: Callable[[int], str]) -> list[Post]:
    """Each author posts `body(n)` under an article of their own."""
    return [
        post_create(topic=topic, author=author, body=body(n))
        for n, (author, topic) in enumerate(zip(authors, topics(len(authors)), strict=True))
    ]


def statuses(posts: list[Post]) -> list[str]:
    return [post.status for post in posts]


def test_fresh_accounts_pushing_one_ticker_hold_the_later_posts_with_one_alert() -> None:
    posts = push(fresh(5), lambda n: f"Comment {n}: $MP is the one to own.")

    assert statuses(posts) == ["visible", "visible", "pending", "pending", "pending"]
    assert {post.held_code for post in posts[2:]} == {HoldCode.COORDINATED}
    assert posts[2].held_reason == "3 accounts younger than 14 days named $MP within the hour."
    assert posts[4].held_reason.startswith("5 accounts")
    assert NotificationEvent.objects.filter(kind=ALERT).count() == 1
    holds = ModerationLogEntry.objects.filter(held_code=HoldCode.COORDINATED)
    assert holds.count() == 3


def test_dollar_exchange_and_suffix_forms_of_a_ticker_count_as_one() -> None:
    bodies = ["Buy $LYC now", "ASX: LYC is cheap", "Loading up on LYC.AX"]

    posts = push(fresh(3), lambda n: bodies[n])

    assert statuses(posts) == ["visible", "visible", "pending"]


def test_a_company_named_in_prose_is_no_push() -> None:
    """Lynas is among the companies the site knows (companies' seed), by name as by ticker."""
    posts = push(fresh(3), lambda n: f"Comment {n}: Lynas reports its quarter on Thursday.")

    assert statuses(posts) == ["visible", "visible", "visible"]


def test_the_alert_reaches_moderators_as_a_moderation_alert(
    django_capture_on_commit_callbacks: CaptureOnCommit, eager_tasks: None
) -> None:
    moderator = ModeratorFactory()

    with django_capture_on_commit_callbacks(execute=True):
        push(fresh(3), lambda n: f"Comment {n} about $MP.")

    notification = Notification.objects.get(recipient=moderator)
    assert notification.kind == NotificationKind.MODERATION_ALERT


def test_seasoned_accounts_naming_one_ticker_are_no_push(settings: Settings) -> None:
    posts = push(seasoned(5, settings), lambda n: f"Comment {n}: $MP reports on Thursday.")

    assert set(statuses(posts)) == {"visible"}
    assert not NotificationEvent.objects.filter(kind=ALERT).exists()


def test_posts_over_an_hour_apart_are_no_push() -> None:
    authors = fresh(3)
    start = timezone.now()
    posts = []
    for n, (author, topic) in enumerate(zip(authors, topics(3), strict=True)):
        with freeze_time(start + timedelta(minutes=31 * n)):
            posts.append(post_create(topic=topic, author=author, body=f"{n}: $MP"))

    assert statuses(posts) == ["visible", "visible", "visible"]


def test_the_number_of_accounts_is_a_setting(settings: Settings) -> None:
    settings.COORDINATED_PUSH_ACCOUNTS = 5

    posts = push(fresh(5), lambda n: f"Comment {n}: $MP.")

    assert statuses(posts) == ["visible"] * 4 + ["pending"]


def test_one_account_naming_a_ticker_again_and_again_is_no_push() -> None:
    (author,) = fresh(1)

    posts = [
        post_create(topic=topic, author=author, body=f"{n}: $MP")
        for n, topic in enumerate(topics(4))
    ]

    assert set(statuses(posts)) == {"visible"}


def test_the_same_text_from_two_accounts_holds_the_second(settings: Settings) -> None:
    first, second = push(seasoned(2, settings), lambda n: COPY)

    assert (first.status, second.status) == ("visible", "pending")
    assert second.held_code == HoldCode.COORDINATED
    assert second.held_reason == "The same text came from 2 accounts within the hour."
    assert NotificationEvent.objects.filter(kind=ALERT).count() == 1


def test_the_same_text_is_recognised_through_case_spacing_and_punctuation(
    settings: Settings,
) -> None:
    variants = [COPY, COPY.upper().replace(" ", "  "), COPY.replace(".", "!!!")]

    posts = push(seasoned(3, settings), lambda n: variants[n])

    assert statuses(posts) == ["visible", "pending", "pending"]
    assert NotificationEvent.objects.filter(kind=ALERT).count() == 1


def test_short_common_texts_from_many_accounts_are_no_push(settings: Settings) -> None:
    posts = push(seasoned(4, settings), lambda n: "Great article, thanks!")

    assert set(statuses(posts)) == {"visible"}
    assert text_key("Great article, thanks!") is None


def test_a_push_after_a_quiet_hour_raises_a_new_alert() -> None:
    start = timezone.now()
    with freeze_time(start):
        push(fresh(3), lambda n: f"{n}: $MP")
    with freeze_time(start + timedelta(minutes=30)):
        push(fresh(1), lambda n: "more $MP")  # the same push: no second alert
    assert NotificationEvent.objects.filter(kind=ALERT).count() == 1

    with freeze_time(start + timedelta(hours=3)):
        later = push(fresh(3), lambda n: f"{n}: $MP again")

    assert statuses(later) == ["visible", "visible", "pending"]
    assert NotificationEvent.objects.filter(kind=ALERT).count() == 2


def test_a_coordinated_hold_outranks_a_first_post_hold(settings: Settings) -> None:
    """A first post that is part of a push is not released with its author's first approval."""
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1

    posts = push(fresh(3), lambda n: f"{n}: $MP")

    assert [post.held_code for post in posts] == ["first_post", "first_post", "coordinated"]


def test_an_edit_is_not_weighed_as_a_new_post(settings: Settings) -> None:
    first, second = push(seasoned(2, settings), lambda n: f"Comment {n} on the export rules.")

    edited = post_edit(post=second, editor=second.author, body=COPY)
    copied = post_edit(post=first, editor=first.author, body=COPY)

    assert (edited.status, copied.status) == ("visible", "visible")
    assert not PushWatch.objects.exists()


def test_pruning_forgets_keys_idle_for_the_window() -> None:
    start = timezone.now()
    with freeze_time(start):
        push(fresh(1), lambda n: "$MP")
    with freeze_time(start + timedelta(minutes=90)):
        push(fresh(1), lambda n: "$LYC")
        assert push_watches_prune() == 1
    assert list(PushWatch.objects.values_list("key", flat=True)) == ["ticker:LYC"]


# Cost: a post naming a ticker and long enough to be compared adds three statements: its keys'
# rows made if new, locked and read, and written back. Posts short and naming no ticker, or
# by accounts with no ticker to count, add none (tests/forum/discussions/test_query_counts.py).
# (One more statement is not the rule's: a post naming tickers writes its PostTicker rows.)
TICKER_ROWS = 1


def test_the_rule_costs_a_post_three_statements(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    (author,) = fresh(1)
    (topic,) = topics(1)

    with django_assert_num_queries(POST_CREATE_QUERIES + SAVEPOINT + TICKER_ROWS + 3):
        post_create(topic=topic, author=author, body=f"$MP and $LYC: {COPY}")
