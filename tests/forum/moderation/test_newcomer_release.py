"""A newcomer's other first posts are released with the first a moderator approves, and a
moderator may approve and trust an author at once: through the pages, the API and the services.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.test import Client
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import HoldCode, Post, Topic
from forum.discussions.services.posting import post_create
from forum.moderation.models import ModerationLogEntry, WordRule
from forum.moderation.services.decisions import post_approve, post_approve_and_trust
from forum.moderation.services.trust import RELEASED
from forum.notifications.models import NotificationEvent
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, comment
from tests.forum.moderation.helpers import post_json

pytestmark = pytest.mark.django_db

CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]
Action = ModerationLogEntry.Action
COMMENTS = (
    "Does the new Malaysian plant separate heavy rare earths too?",
    "And where does its feedstock come from, Mt Weld alone?",
    "Thanks for the clear write-up on the export controls.",
)


def _ok(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response
    return response.content.decode()


def _form_actions(page: str, form_class: str) -> list[str]:
    return re.findall(rf'<form [^>]*class="{form_class}"[^>]* action="([^"]+)"', page)


@pytest.fixture
def first_posts_held(settings: Settings) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1


def test_approving_a_newcomers_first_comment_releases_the_others_through_the_pages(
    client: Client,
    first_posts_held: None,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    article_url = ArticleFactory().get_absolute_url()
    newcomer, visitor, moderator = Client(), client, Client()
    newcomer.force_login(ReaderFactory(username="nell_n"))
    moderator.force_login(ModeratorFactory())

    for body in COMMENTS:
        page = _ok(newcomer, article_url)
        (to,) = _form_actions(page, "comment-form")
        assert newcomer.post(to, {"body": body}).status_code == 302
    assert all(text not in _ok(visitor, article_url) for text in COMMENTS)

    queue = _ok(moderator, "/moderation/?queue=pending")
    assert queue.count("A first post: the author has 0 approved posts.") == 3
    first = _form_actions(queue, "mod-approve")[0]  # oldest first: the first comment
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator.post(first, {"next": "/moderation/"}, follow=True)
    assert "Approved ✓" in response.content.decode()
    assert "Nothing here: the queue is clear." in response.content.decode()

    public = _ok(visitor, article_url)
    assert '<h2 id="comments-title">3 Comments</h2>' in public
    assert all(text in public for text in COMMENTS)
    log = _ok(moderator, "/moderation/log/")
    assert log.count(RELEASED) == 2


def test_first_posts_released_are_logged_counted_and_told(
    topic: Topic,
    first_posts_held: None,
    django_capture_on_commit_callbacks: CaptureOnCommit,
    eager_tasks: None,
) -> None:
    newcomer, moderator = ReaderFactory(), ModeratorFactory()
    posts = [post_create(topic=topic, author=newcomer, body=body) for body in COMMENTS]

    with django_capture_on_commit_callbacks(execute=True):
        post_approve(post=posts[0], moderator=moderator)

    for post in posts:
        post.refresh_from_db()
        assert post.status == Post.Status.VISIBLE
    assert posts[1].moderated_by == moderator
    topic.refresh_from_db()
    assert topic.post_count == 3
    released = ModerationLogEntry.objects.filter(action=Action.APPROVE, reason=RELEASED)
    assert {entry.post_id for entry in released} == {posts[1].pk, posts[2].pk}
    assert all(entry.actor == moderator for entry in released)
    approved = NotificationEvent.objects.filter(kind=NotificationEvent.Kind.POST_APPROVED)
    assert set(approved.values_list("post_id", flat=True)) == {post.pk for post in posts}
    assert newcomer.notifications.count() == 3  # told of each, as for an approval


def test_approving_releases_no_post_held_for_another_reason(
    topic: Topic, first_posts_held: None
) -> None:
    WordRule.objects.create(phrase="moonshot", kind=WordRule.Kind.SUSPECT)
    newcomer, moderator = ReaderFactory(), ModeratorFactory()
    first = post_create(topic=topic, author=newcomer, body=COMMENTS[0])
    suspect = post_create(topic=topic, author=newcomer, body="A moonshot, this one.")
    assert suspect.held_code == HoldCode.SUSPECT_WORD

    post_approve(post=first, moderator=moderator)

    suspect.refresh_from_db()
    assert suspect.status == Post.Status.PENDING
    assert suspect.held_code == HoldCode.SUSPECT_WORD


def test_approving_holds_a_released_post_again_under_the_rule_that_now_holds_it(
    topic: Topic, first_posts_held: None
) -> None:
    """A first post was held before any later rule was asked: asked again, a link-heavy one
    stays held, under the links rule."""
    newcomer, moderator = ReaderFactory(), ModeratorFactory()
    first = post_create(topic=topic, author=newcomer, body=COMMENTS[0])
    links = post_create(
        topic=topic, author=newcomer, body="https://a.example https://b.example https://c.example"
    )
    assert links.held_code == HoldCode.FIRST_POST

    post_approve(post=first, moderator=moderator)

    links.refresh_from_db()
    assert (links.status, links.held_code) == (Post.Status.PENDING, HoldCode.MANY_LINKS)
    entry = ModerationLogEntry.objects.get(action=Action.HOLD, post=links, held_code="many_links")
    assert entry.reason == links.held_reason


def test_approving_releases_nothing_while_the_author_needs_more_approved_posts(
    topic: Topic, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 2
    newcomer, moderator = ReaderFactory(), ModeratorFactory()
    first, second = (post_create(topic=topic, author=newcomer, body=body) for body in COMMENTS[:2])

    post_approve(post=first, moderator=moderator)

    second.refresh_from_db()
    assert second.status == Post.Status.PENDING


def test_approve_and_trust_lets_the_author_post_unreviewed_and_is_logged(
    topic: Topic, settings: Settings, first_posts_held: None
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 3
    newcomer, moderator = ReaderFactory(), ModeratorFactory()
    first, second = (post_create(topic=topic, author=newcomer, body=body) for body in COMMENTS[:2])

    post_approve_and_trust(post=first, moderator=moderator)

    second.refresh_from_db()
    assert second.status == Post.Status.VISIBLE  # released, though 3 first posts are held
    later = post_create(topic=topic, author=newcomer, body=COMMENTS[2])
    assert later.status == Post.Status.VISIBLE
    newcomer.refresh_from_db()
    assert newcomer.trust_level_granted == settings.FORUM_TRUST_LEVEL_UNREVIEWED
    trusted = ModerationLogEntry.objects.get(action=Action.TRUST)
    assert (trusted.actor, trusted.subject_user) == (moderator, newcomer)


def test_approve_and_trust_grants_nothing_when_the_post_was_handled_already(
    topic: Topic, first_posts_held: None
) -> None:
    newcomer, moderator = ReaderFactory(), ModeratorFactory()
    post = post_create(topic=topic, author=newcomer, body=COMMENTS[0])
    post_approve(post=post, moderator=moderator)

    with pytest.raises(Exception, match="already handled"):
        post_approve_and_trust(post=post, moderator=moderator)

    newcomer.refresh_from_db()
    assert newcomer.trust_level_granted == 0
    assert not ModerationLogEntry.objects.filter(action=Action.TRUST).exists()


def test_approve_and_trust_is_refused_to_a_reader(topic: Topic, first_posts_held: None) -> None:
    post = post_create(topic=topic, author=ReaderFactory(), body=COMMENTS[0])

    with pytest.raises(Exception, match="Only moderators"):
        post_approve_and_trust(post=post, moderator=ReaderFactory())

    post.refresh_from_db()
    assert post.status == Post.Status.PENDING


def test_queue_page_offers_approve_and_trust_which_trusts_the_author(
    mod_client: Client, held: Post
) -> None:
    queue = _ok(mod_client, "/moderation/")
    (to,) = _form_actions(queue, "mod-approve-trust")
    assert "Approve and trust this author" in queue

    response = mod_client.post(to, {"next": "/moderation/"}, follow=True)

    assert "now posts without review" in response.content.decode()
    held.refresh_from_db()
    assert held.status == Post.Status.VISIBLE
    assert User.objects.get(pk=held.author_id).trust_level_granted == 1
    assert ModerationLogEntry.objects.filter(action=Action.TRUST).count() == 1


def test_moderation_api_approve_and_trust_trusts_the_author(
    moderator_client: Client, held: Post
) -> None:
    url = f"/api/v1/moderation/posts/{held.pk}/approve-and-trust/"

    body = post_json(moderator_client, url).json()

    assert body["status"] == "visible"
    assert User.objects.get(pk=held.author_id).trust_level_granted == 1


def test_moderation_api_approve_and_trust_is_refused_to_a_reader(
    client: Client, held: Post, topic: Topic
) -> None:
    client.force_login(comment(topic).author)
    url = f"/api/v1/moderation/posts/{held.pk}/approve-and-trust/"

    assert post_json(client, url).status_code == 403
    assert User.objects.get(pk=held.author_id).trust_level_granted == 0


def test_approving_a_newcomers_posts_together_approves_them_all_without_warnings(
    mod_client: Client, topic: Topic, first_posts_held: None
) -> None:
    """Ticked together, the first approved releases the others: they count as approved, not as
    skipped for having been handled already."""
    newcomer = ReaderFactory()
    posts = [post_create(topic=topic, author=newcomer, body=body) for body in COMMENTS]

    response = mod_client.post(
        "/moderation/bulk/",
        {"post": [post.pk for post in posts], "decision": "approve", "reason": "other"},
        follow=True,
    )

    page = response.content.decode()
    assert "Approved 3 comments." in page
    assert "Skipped" not in page
    assert Post.objects.filter(status=Post.Status.VISIBLE, author=newcomer).count() == 3


def test_approving_together_still_skips_a_post_another_moderator_approved(
    mod_client: Client, topic: Topic, first_posts_held: None
) -> None:
    post = post_create(topic=topic, author=ReaderFactory(), body=COMMENTS[0])
    post_approve(post=post, moderator=ModeratorFactory())

    response = mod_client.post(
        "/moderation/bulk/",
        {"post": [post.pk], "decision": "approve", "reason": "other"},
        follow=True,
    )

    assert f"Skipped comment #{post.pk}: This comment was already handled" in (
        response.content.decode()
    )
