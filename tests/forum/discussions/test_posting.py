"""post_create: who may comment where, what a comment looks like, and what it moves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import User
from config.web.errors import RateLimited
from forum.discussions.models import Post, PostRevision, Reaction, Topic, path_segment
from forum.discussions.services.posting import author_locked, post_create
from forum.discussions.services.topics import topic_create
from forum.moderation.gate import RefusalCode
from forum.moderation.services.decisions import topic_close
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ModeratorFactory,
    ReaderFactory,
    UserFactory,
    comment,
    post_status_set,
)

pytestmark = pytest.mark.django_db


def _snapshot(topic: Topic) -> tuple[int, int, int, int, list[int]]:
    """What any refused post_create must leave exactly as it was."""
    topic.refresh_from_db()
    return (
        Post.objects.count(),
        PostRevision.objects.count(),
        Reaction.objects.count(),
        topic.post_count,
        list(Post.objects.order_by("pk").values_list("reply_count", flat=True)),
    )


def _refused(
    topic: Topic, create: Callable[[], object], error: type[Exception], message: str
) -> None:
    """`create` raises `error` carrying `message`, and nothing is written."""
    before = _snapshot(topic)
    last_activity = topic.last_activity_at

    with pytest.raises(error) as caught:
        create()

    assert message in str(caught.value)
    assert _snapshot(topic) == before
    assert topic.last_activity_at == last_activity


# --- The happy path -------------------------------------------------------------------------


def test_post_create_writes_a_visible_top_level_comment(topic: Topic, reader: User) -> None:
    before = timezone.now()

    post = post_create(topic=topic, author=reader, body="  Supply is tight.  ")

    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE
    assert post.body == "Supply is tight."
    assert post.body_html == "<p>Supply is tight.</p>\n"
    assert post.parent is None
    assert post.root is None
    assert post.reply_to is None
    assert post.depth == 0
    assert post.path == path_segment(post.pk)
    assert post.created_at >= before


def test_post_create_counts_the_comment_and_marks_the_topic_active(
    topic: Topic, reader: User
) -> None:
    Topic.objects.filter(pk=topic.pk).update(last_activity_at=timezone.now() - timedelta(days=3))
    before = timezone.now()

    post_create(topic=topic, author=reader, body="First!")
    post_create(topic=topic, author=ReaderFactory(), body="Second.")

    topic.refresh_from_db()
    assert topic.post_count == 2
    assert topic.last_activity_at >= before


@pytest.mark.parametrize(
    ("make", "verified", "staff"),
    [(ModeratorFactory, True, True), (ReaderFactory, True, False), (UserFactory, False, False)],
)
def test_author_locked_reads_the_address_and_the_staff_role_with_the_row(
    django_assert_num_queries: DjangoAssertNumQueries,
    make: Callable[[], User],
    verified: bool,
    staff: bool,
) -> None:
    """What posting checks of the author comes with their locked row, in the same statement:
    checking it costs no query, and the user is left as the ORM reads it."""
    pk = make().pk

    with django_assert_num_queries(1):
        author, checked = author_locked(pk)
        assert (checked.email_verified, checked.is_discussion_staff) == (verified, staff)

    assert checked.user is author
    assert author == User.objects.get(pk=pk)
    assert set(vars(author)) == set(vars(User.objects.get(pk=pk)))


def test_post_create_leaves_nothing_stamped_on_the_author_it_returns(topic: Topic) -> None:
    author = ModeratorFactory()

    post = post_create(topic=topic, author=author, body="Quite.", reply_to=comment(topic))

    assert set(vars(post.author)) == set(vars(User.objects.get(pk=author.pk)))


def test_post_create_reply_sits_under_its_parent_in_the_same_thread(topic: Topic) -> None:
    root = comment(topic)
    child = comment(topic, reply_to=root)

    grandchild = post_create(topic=topic, author=ReaderFactory(), body="Agreed.", reply_to=child)

    assert (child.parent_id, child.root_id, child.depth) == (root.pk, root.pk, 1)
    assert child.path == root.path + path_segment(child.pk)
    assert (grandchild.parent_id, grandchild.root_id, grandchild.depth) == (child.pk, root.pk, 2)
    assert grandchild.reply_to_id == child.pk
    assert grandchild.path == child.path + path_segment(grandchild.pk)


def test_post_create_reply_counts_on_its_parent_only(topic: Topic) -> None:
    root = comment(topic)
    child = comment(topic, reply_to=root)
    comment(topic, reply_to=child)
    comment(topic, reply_to=child)

    root.refresh_from_db()
    child.refresh_from_db()
    topic.refresh_from_db()
    assert root.reply_count == 1
    assert child.reply_count == 2
    assert topic.post_count == 4


def test_post_create_path_sorts_a_thread_depth_first(topic: Topic) -> None:
    first = comment(topic)
    second = comment(topic)
    under_first = comment(topic, reply_to=first)

    assert list(Post.objects.filter(topic=topic).order_by("path")) == [
        first,
        under_first,
        second,
    ]


def test_post_create_links_mentions_in_the_body(topic: Topic, reader: User) -> None:
    named = UserFactory(username="Dy_Trader")

    post = post_create(topic=topic, author=reader, body="What do you think, @dy_trader?")

    assert (
        f'<a href="{named.get_absolute_url()}" class="mention" rel="nofollow ugc noopener">'
        "@dy_trader</a>?"
    ) in post.body_html


def test_post_create_renders_markdown_into_body_html(topic: Topic, reader: User) -> None:
    post = post_create(topic=topic, author=reader, body="*Really* <b>now</b>")

    assert post.body_html == "<p><em>Really</em> &lt;b&gt;now&lt;/b&gt;</p>\n"


def test_post_create_mention_lookup_costs_one_query(topic: Topic, reader: User) -> None:
    UserFactory(username="one_user")
    UserFactory(username="two_user")
    with CaptureQueriesContext(connection) as plain:
        post_create(topic=topic, author=reader, body="plain text, no mentions")

    other = ReaderFactory()
    with CaptureQueriesContext(connection) as mentioning:
        post_create(topic=topic, author=other, body="@one_user and @two_user @x_nobody")

    assert len(mentioning.captured_queries) == len(plain.captured_queries) + 1


# --- The body -------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "x", "   x   ", "\n\t \n"])
def test_post_create_refuses_a_body_under_2_characters_after_strip(
    topic: Topic, reader: User, body: str
) -> None:
    _refused(
        topic,
        lambda: post_create(topic=topic, author=reader, body=body),
        ValidationError,
        "Write at least 2 characters.",
    )


def test_post_create_accepts_2_characters(topic: Topic, reader: User) -> None:
    assert post_create(topic=topic, author=reader, body=" ok ").body == "ok"


def test_post_create_accepts_10000_characters(topic: Topic, reader: User) -> None:
    body = "a" * 10_000

    assert post_create(topic=topic, author=reader, body=f"\n{body}\n").body == body


def test_post_create_refuses_a_body_over_10000_characters(topic: Topic, reader: User) -> None:
    _refused(
        topic,
        lambda: post_create(topic=topic, author=reader, body="a" * 10_001),
        ValidationError,
        "Keep it under 10,000 characters (this is 10,001).",
    )


def test_post_create_body_error_is_on_the_body_field(topic: Topic, reader: User) -> None:
    with pytest.raises(ValidationError) as caught:
        post_create(topic=topic, author=reader, body="x")

    assert caught.value.message_dict == {"body": ["Write at least 2 characters."]}


# --- Who may post ---------------------------------------------------------------------------


def test_post_create_refuses_anonymous(topic: Topic) -> None:
    _refused(
        topic,
        lambda: post_create(topic=topic, author=AnonymousUser(), body="Hello there"),
        PermissionDenied,
        "Log in to take part in the discussion.",
    )


def test_post_create_refuses_an_unverified_user(topic: Topic, unverified_user: User) -> None:
    _refused(
        topic,
        lambda: post_create(topic=topic, author=unverified_user, body="Hello there"),
        PermissionDenied,
        f"Verify your email address to post: follow the link we sent to {unverified_user.email}.",
    )


def test_post_create_refuses_a_suspended_reader(topic: Topic, suspended_reader: User) -> None:
    _refused(
        topic,
        lambda: post_create(topic=topic, author=suspended_reader, body="Hello there"),
        PermissionDenied,
        "Your account is suspended until",
    )


def test_post_create_refusal_for_a_suspension_gives_the_reason(
    topic: Topic, suspended_reader: User
) -> None:
    with pytest.raises(PermissionDenied, match=r"UTC\. Reason: Cooling off\."):
        post_create(topic=topic, author=suspended_reader, body="Hello there")


def test_post_create_refuses_a_banned_reader(topic: Topic, banned_reader: User) -> None:
    _refused(
        topic,
        lambda: post_create(topic=topic, author=banned_reader, body="Hello there"),
        PermissionDenied,
        "Your account is banned. Reason: Spam.",
    )


def test_post_create_refuses_an_inactive_account(topic: Topic) -> None:
    inactive = ReaderFactory(is_active=False)

    _refused(
        topic,
        lambda: post_create(topic=topic, author=inactive, body="Hello there"),
        PermissionDenied,
        "Log in to take part in the discussion.",
    )


def test_post_create_allows_a_reader_whose_suspension_has_ended(
    topic: Topic, suspended_reader: User
) -> None:
    User.objects.filter(pk=suspended_reader.pk).update(
        suspended_until=timezone.now() - timedelta(minutes=1)
    )
    suspended_reader.refresh_from_db()

    post = post_create(topic=topic, author=suspended_reader, body="I am back.")

    assert post.status == Post.Status.VISIBLE


def test_post_create_allows_moderators_and_administrators(topic: Topic) -> None:
    post_create(topic=topic, author=ModeratorFactory(), body="Please keep it civil.")

    topic.refresh_from_db()
    assert topic.post_count == 1


# --- Where one may post ---------------------------------------------------------------------


def test_post_create_refuses_a_closed_topic(topic: Topic, reader: User, moderator: User) -> None:
    topic = topic_close(topic=topic, moderator=moderator, closed=True)

    _refused(
        topic,
        lambda: post_create(topic=topic, author=reader, body="Hello there"),
        PermissionDenied,
        "This discussion is closed to new comments.",
    )


def test_post_create_refuses_a_closed_topic_even_for_a_reply(
    topic: Topic, reader: User, moderator: User
) -> None:
    root = comment(topic)
    topic = topic_close(topic=topic, moderator=moderator, closed=True)

    _refused(
        topic,
        lambda: post_create(topic=topic, author=reader, body="Hello there", reply_to=root),
        PermissionDenied,
        "This discussion is closed to new comments.",
    )


def test_post_create_refuses_an_article_with_comments_off(reader: User) -> None:
    topic = ArticleFactory(comments_open=False).discussion

    _refused(
        topic,
        lambda: post_create(topic=topic, author=reader, body="Hello there"),
        PermissionDenied,
        "Comments are closed on this article.",
    )


def test_post_create_refuses_a_parent_from_another_topic(topic: Topic, reader: User) -> None:
    elsewhere = comment(ArticleFactory().discussion)

    _refused(
        topic,
        lambda: post_create(topic=topic, author=reader, body="Hello there", reply_to=elsewhere),
        ValidationError,
        "That comment belongs to another discussion.",
    )


@pytest.mark.parametrize(
    "status", [Post.Status.REMOVED, Post.Status.DELETED, Post.Status.PENDING, Post.Status.REJECTED]
)
def test_post_create_refuses_a_reply_to_a_hidden_post(
    topic: Topic, reader: User, status: Post.Status
) -> None:
    parent = post_status_set(post=comment(topic), status=status)

    _refused(
        topic,
        lambda: post_create(topic=topic, author=reader, body="Hello there", reply_to=parent),
        ValidationError,
        "That comment can no longer be replied to.",
    )


def test_post_create_refuses_a_reply_to_a_parent_hidden_after_loading(
    topic: Topic, reader: User
) -> None:
    """The caller's copy of the parent may be stale: the service must look at the row."""
    parent = comment(topic)
    post_status_set(post=Post.objects.get(pk=parent.pk), status=Post.Status.REMOVED)

    with pytest.raises(ValidationError):
        post_create(topic=topic, author=reader, body="Hello there", reply_to=parent)


# --- Depth ----------------------------------------------------------------------------------


def _chain(topic: Topic, length: int) -> list[Post]:
    posts = [comment(topic)]
    for _ in range(length - 1):
        posts.append(comment(topic, reply_to=posts[-1]))
    return posts


def test_post_create_nests_replies_down_to_the_deepest_visible_level(
    topic: Topic, settings: Settings
) -> None:
    settings.FORUM_MAX_DEPTH = 4

    chain = _chain(topic, 4)

    assert [post.depth for post in chain] == [0, 1, 2, 3]
    assert chain[3].parent_id == chain[2].pk


def test_post_create_reply_past_max_depth_sits_beside_the_post_it_answers(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_MAX_DEPTH = 4
    root, _, depth2, depth3 = _chain(topic, 4)

    reply = post_create(topic=topic, author=reader, body="Deep down.", reply_to=depth3)

    assert reply.depth == 3
    assert reply.parent_id == depth2.pk
    assert reply.reply_to_id == depth3.pk
    assert reply.root_id == root.pk
    assert reply.path == depth2.path + path_segment(reply.pk)


def test_post_create_reply_past_max_depth_counts_on_the_post_it_sits_under(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_MAX_DEPTH = 4
    _, _, depth2, depth3 = _chain(topic, 4)

    post_create(topic=topic, author=reader, body="Deep down.", reply_to=depth3)

    depth2.refresh_from_db()
    depth3.refresh_from_db()
    assert depth2.reply_count == 2
    assert depth3.reply_count == 0


def test_post_create_follows_the_max_depth_setting(
    topic: Topic, reader: User, settings: Settings
) -> None:
    settings.FORUM_MAX_DEPTH = 2
    root, depth1 = _chain(topic, 2)

    reply = post_create(topic=topic, author=reader, body="Beside.", reply_to=depth1)

    assert (reply.depth, reply.parent_id, reply.reply_to_id) == (1, root.pk, depth1.pk)


# --- The rate limit -------------------------------------------------------------------------


@pytest.fixture
def three_a_minute(settings: Settings) -> None:
    settings.FORUM_POST_RATE = (3, 60)


@pytest.mark.usefixtures("three_a_minute")
def test_post_create_refuses_the_post_over_the_rate_with_retry_after(
    topic: Topic, reader: User
) -> None:
    for n in range(3):
        post_create(topic=topic, author=reader, body=f"Post {n}")

    _refused(
        topic,
        lambda: post_create(topic=topic, author=reader, body="One too many"),
        RateLimited,
        "You are posting too quickly. Try again in",
    )
    with pytest.raises(RateLimited) as caught:
        post_create(topic=topic, author=reader, body="One too many")
    assert 55 <= caught.value.retry_after <= 60
    assert caught.value.code == RefusalCode.RATE_LIMITED


@pytest.mark.usefixtures("three_a_minute")
def test_post_create_retry_after_counts_from_the_oldest_post_in_the_window(
    topic: Topic, reader: User
) -> None:
    for n in range(3):
        post_create(topic=topic, author=reader, body=f"Post {n}")
    oldest = Post.objects.filter(author=reader).order_by("pk").first()
    Post.objects.filter(pk=oldest.pk).update(created_at=timezone.now() - timedelta(seconds=50))

    with pytest.raises(RateLimited) as caught:
        post_create(topic=topic, author=reader, body="One too many")

    assert 8 <= caught.value.retry_after <= 10
    assert f"Try again in {caught.value.retry_after} seconds." in str(caught.value)


@pytest.mark.usefixtures("three_a_minute")
def test_post_create_allows_posting_again_after_the_window(topic: Topic, reader: User) -> None:
    for n in range(3):
        post_create(topic=topic, author=reader, body=f"Post {n}")
    with pytest.raises(RateLimited):
        post_create(topic=topic, author=reader, body="One too many")

    Post.objects.filter(author=reader).update(created_at=timezone.now() - timedelta(seconds=61))

    assert post_create(topic=topic, author=reader, body="Patience paid").status == "visible"


@pytest.mark.usefixtures("three_a_minute")
def test_post_create_rate_is_per_author(topic: Topic, reader: User) -> None:
    for n in range(3):
        post_create(topic=topic, author=reader, body=f"Post {n}")

    assert post_create(topic=topic, author=ReaderFactory(), body="Me too").pk


@pytest.mark.usefixtures("three_a_minute")
def test_post_create_rate_counts_posts_across_topics(topic: Topic, reader: User) -> None:
    other = ArticleFactory().discussion
    for n in range(3):
        post_create(topic=other, author=reader, body=f"Post {n}")

    with pytest.raises(RateLimited):
        post_create(topic=topic, author=reader, body="Elsewhere now")


# --- Forum topics ---------------------------------------------------------------------------


def test_topic_create_does_not_count_the_opening_post(reader: User) -> None:
    topic = topic_create(
        category=CategoryFactory(), author=reader, title="Magnet prices", body="Where next?"
    )

    topic.refresh_from_db()
    assert topic.post_count == 0
    assert topic.opening_post.body == "Where next?"
    assert topic.opening_post.depth == 0


def test_topic_create_counts_replies_to_the_topic(reader: User) -> None:
    topic = topic_create(
        category=CategoryFactory(), author=reader, title="Magnet prices", body="Where next?"
    )

    comment(topic)
    comment(topic)

    topic.refresh_from_db()
    assert topic.post_count == 2


def test_post_create_refuses_a_reply_to_the_opening_post(reader: User) -> None:
    """The opening post heads the topic page; replies go to the topic, not under it."""
    topic = topic_create(
        category=CategoryFactory(), author=ReaderFactory(), title="Magnet prices", body="Hm?"
    )

    _refused(
        topic,
        lambda: post_create(
            topic=topic, author=reader, body="Hello there", reply_to=topic.opening_post
        ),
        ValidationError,
        "That comment can no longer be replied to.",
    )
