"""Each decision through the queue's forms without htmx, followed to the page it leads to
and to the article page; and bulk decisions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.moderation.models import ModerationLogEntry, Report
from forum.moderation.services.decisions import post_reject, topic_close
from tests.factories import ModeratorFactory
from tests.forum.moderation.helpers import (
    QUEUE,
    Action,
    _action,
    _client_for,
    _decide,
    _held,
    _item,
    _page,
    _reload,
    _reported,
    _visible,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("premoderated")]


# --- Decisions, one at a time -------------------------------------------------------------------


def test_approve_shows_the_comment_on_the_article_page(
    mod_client: Client, topic: Topic, article_url: str
) -> None:
    post = _held(topic, body="Recycling magnets is the real story.")

    page = _decide(mod_client, post, "approve")

    assert "Approved ✓" in page
    assert f'id="item-{post.pk}"' not in page
    assert _reload(post).status == Post.Status.VISIBLE
    article = _page(Client(), article_url)
    assert '<h2 id="comments-title">1 Comment</h2>' in article
    assert "Recycling magnets is the real story." in article


def test_reject_with_a_reason_is_shown_to_the_author_on_the_article_page(
    mod_client: Client, topic: Topic, reader: User, article_url: str
) -> None:
    post = _held(topic, author=reader)

    page = _decide(
        mod_client, post, "reject", reason="off_topic", text="Please stay on rare earths."
    )

    assert "Rejected ✓" in page
    post = _reload(post)
    assert post.status == Post.Status.REJECTED
    assert post.moderation_reason == "Off-topic: Please stay on rare earths."
    author_view = _page(_client_for(reader), article_url)
    assert (
        "A moderator rejected this comment: Off-topic: Please stay on rare earths." in author_view
    )
    assert "Please stay on rare earths." not in _page(Client(), article_url)


def test_reject_with_an_unlisted_reason_changes_nothing_and_says_why(
    mod_client: Client, topic: Topic
) -> None:
    post = _held(topic)

    page = _decide(mod_client, post, "reject", reason="boring")

    assert "Select a valid choice. boring is not one of the available choices." in page
    assert _reload(post).status == Post.Status.PENDING


def test_remove_takes_a_visible_comment_down_with_its_reason(
    mod_client: Client, topic: Topic, article_url: str
) -> None:
    post = _visible(topic, body="Buy cheap magnets at my shop.")

    page = _decide(mod_client, post, "remove", reason="spam")

    assert "Removed ✓" in page
    post = _reload(post)
    assert post.status == Post.Status.REMOVED
    assert post.moderation_reason == "Spam or advertising"
    assert "Buy cheap magnets" not in _page(Client(), article_url)


def test_restore_shows_a_rejected_comment_again(
    mod_client: Client, moderator: User, topic: Topic
) -> None:
    post = post_reject(post=_held(topic), moderator=moderator, reason="Off-topic")

    page = _decide(mod_client, post, "restore")

    assert "Restored ✓" in page
    assert _reload(post).status == Post.Status.VISIBLE


def test_spam_rejects_the_comment_and_suspends_its_author(
    mod_client: Client, topic: Topic, reader: User
) -> None:
    post = _held(topic, author=reader)

    page = _decide(mod_client, post, "spam")

    assert "Marked as spam ✓" in page
    assert _reload(post).status == Post.Status.REJECTED
    reader.refresh_from_db()
    assert reader.effective_state == User.State.SUSPENDED
    assert ModerationLogEntry.objects.filter(action=Action.SPAM, post=post).exists()
    assert ModerationLogEntry.objects.filter(action=Action.SUSPEND, subject_user=reader).exists()


def test_dismiss_reports_closes_them_and_shows_a_comment_they_had_hidden(
    mod_client: Client, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_REPORT_THRESHOLD = 2
    post = _reported(topic, (Report.Reason.SPAM, ""), (Report.Reason.ABUSE, ""))
    assert post.reports.count() == 2
    assert _reload(post).status == Post.Status.PENDING

    page = _decide(mod_client, post, "dismiss")

    assert "Reports dismissed ✓" in page
    post = _reload(post)
    assert post.status == Post.Status.VISIBLE
    assert post.open_report_count == 0
    assert set(post.reports.values_list("status", flat=True)) == {Report.Status.DISMISSED}


def test_feature_and_unfeature_a_visible_comment(mod_client: Client, topic: Topic) -> None:
    post = _visible(topic)

    assert "Featured ✓" in _decide(mod_client, post, "feature")
    assert _reload(post).is_featured
    assert "No longer featured ✓" in _decide(mod_client, post, "unfeature")
    assert not _reload(post).is_featured


def test_suspend_author_for_the_chosen_days_with_a_reason(
    mod_client: Client, topic: Topic, reader: User
) -> None:
    post = _held(topic, author=reader)

    page = _decide(mod_client, post, "suspend-author", days="7", reason="Repeated insults.")

    assert f"{reader.public_name} suspended for 7 days ✓" in page
    reader.refresh_from_db()
    assert reader.state == User.State.SUSPENDED
    assert reader.state_reason == "Repeated insults."
    assert (
        timedelta(days=6, hours=23) < reader.suspended_until - timezone.now() <= timedelta(days=7)
    )
    assert _reload(post).status == Post.Status.PENDING  # the comment still waits


def test_suspend_author_without_a_reason_changes_nothing_and_says_why(
    mod_client: Client, topic: Topic, reader: User
) -> None:
    post = _held(topic, author=reader)

    page = _decide(mod_client, post, "suspend-author", days="7")

    assert "This field is required." in page
    reader.refresh_from_db()
    assert reader.state == User.State.ACTIVE


def test_ban_author_with_a_reason(mod_client: Client, topic: Topic, reader: User) -> None:
    post = _held(topic, author=reader)

    page = _decide(mod_client, post, "ban-author", reason="Spam account.")

    assert f"{reader.public_name} banned ✓" in page
    reader.refresh_from_db()
    assert reader.state == User.State.BANNED
    assert ModerationLogEntry.objects.filter(action=Action.BAN, subject_user=reader).exists()


def test_ban_author_already_banned_says_it_cannot(
    mod_client: Client, topic: Topic, reader: User
) -> None:
    post = _held(topic, author=reader)
    _decide(mod_client, post, "ban-author", reason="Spam account.")

    page = _decide(mod_client, post, "ban-author", reason="Spam account.")

    assert "This account is banned: it cannot be banned now." in page
    assert ModerationLogEntry.objects.filter(action=Action.BAN).count() == 1


def test_close_and_reopen_the_discussion(mod_client: Client, topic: Topic) -> None:
    post = _held(topic)

    assert "Discussion closed ✓" in _decide(mod_client, post, "close-topic")
    topic.refresh_from_db()
    assert topic.is_closed
    assert "Discussion reopened ✓" in _decide(mod_client, post, "reopen-topic")
    topic.refresh_from_db()
    assert not topic.is_closed


def test_queue_item_offers_reopen_for_a_closed_discussion(
    mod_client: Client, moderator: User, topic: Topic
) -> None:
    post = _held(topic)
    topic_close(topic=topic, moderator=moderator, closed=True)

    item = _item(_page(mod_client), post)

    assert ">Reopen discussion</button>" in item
    assert '<span class="badge">Discussion closed</span>' in item


def test_decision_returns_only_to_the_queue(mod_client: Client, topic: Topic) -> None:
    post = _held(topic)

    response = mod_client.post(_action(post, "approve"), {"next": "https://evil.example/"})

    assert response["Location"] == QUEUE


def test_unknown_action_is_not_found(mod_client: Client, topic: Topic) -> None:
    assert mod_client.post(_action(_held(topic), "promote")).status_code == 404


def test_action_refuses_get(mod_client: Client, topic: Topic) -> None:
    post = _held(topic)

    assert mod_client.get(_action(post, "approve")).status_code == 405
    assert _reload(post).status == Post.Status.PENDING


# --- Bulk decisions -------------------------------------------------------------------------------


def test_bulk_approve_reports_what_was_done_and_what_was_skipped(
    mod_client: Client, topic: Topic
) -> None:
    other = ModeratorFactory()
    posts = [_held(topic) for _ in range(3)]
    post_reject(post=posts[1], moderator=other, reason="Off-topic")

    response = mod_client.post(
        "/moderation/bulk/",
        {"post": [p.pk for p in posts], "decision": "approve", "reason": "other", "next": QUEUE},
        follow=True,
    )

    page = response.content.decode()
    assert "Approved 2 comments." in page
    assert (
        f"Skipped comment #{posts[1].pk}: This comment was already handled by "
        f"{other.public_name}: it is now rejected."
    ) in page
    assert [_reload(p).status for p in posts] == [
        Post.Status.VISIBLE,
        Post.Status.REJECTED,
        Post.Status.VISIBLE,
    ]


def test_bulk_reject_gives_every_author_the_reason(mod_client: Client, topic: Topic) -> None:
    posts = [_held(topic) for _ in range(2)]

    response = mod_client.post(
        "/moderation/bulk/",
        {"post": [p.pk for p in posts], "decision": "reject", "reason": "spam", "text": "Bots."},
        follow=True,
    )

    assert "Rejected 2 comments." in response.content.decode()
    for post in posts:
        post = _reload(post)
        assert post.status == Post.Status.REJECTED
        assert post.moderation_reason == "Spam or advertising: Bots."


def test_bulk_without_a_selection_says_so(mod_client: Client, topic: Topic) -> None:
    post = _held(topic)

    response = mod_client.post(
        "/moderation/bulk/", {"decision": "approve", "reason": "other"}, follow=True
    )

    assert "Select at least one comment." in response.content.decode()
    assert _reload(post).status == Post.Status.PENDING


def test_pending_tab_offers_bulk_reject_and_approve_only(mod_client: Client, topic: Topic) -> None:
    _held(topic)

    page = _page(mod_client, f"{QUEUE}?queue=pending")

    assert re.findall(r'name="decision" value="(\w+)"', page) == ["reject", "approve"]
    assert "Reason for rejecting" in page


def test_reported_tab_offers_bulk_remove_and_dismiss_as_its_items_do(
    mod_client: Client, topic: Topic
) -> None:
    _reported(topic, (Report.Reason.SPAM, ""))

    page = _page(mod_client, f"{QUEUE}?queue=reported")

    assert re.findall(r'name="decision" value="(\w+)"', page) == ["remove", "dismiss"]
    assert "Reason for removing" in page
    assert ">Remove selected</button>" in page
    assert ">Dismiss reports on selected</button>" in page
    assert 'class="mod-remove"' in page
    assert 'class="mod-dismiss"' in page
    assert "Approve selected" not in page


def test_bulk_remove_takes_the_posts_down_with_the_reason_and_upholds_their_reports(
    mod_client: Client, topic: Topic
) -> None:
    posts = [_reported(topic, (Report.Reason.SPAM, "")) for _ in range(2)]
    back = f"{QUEUE}?queue=reported"

    response = mod_client.post(
        "/moderation/bulk/",
        {"post": [p.pk for p in posts], "decision": "remove", "reason": "spam", "next": back},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == back
    assert "Removed 2 comments." in response.content.decode()
    for post in posts:
        post = _reload(post)
        assert post.status == Post.Status.REMOVED
        assert post.moderation_reason == "Spam or advertising"
        assert not post.reports.filter(status=Report.Status.OPEN).exists()
    assert ModerationLogEntry.objects.filter(action=ModerationLogEntry.Action.REMOVE).count() == 2


def test_bulk_dismiss_closes_the_reports_and_keeps_the_posts(
    mod_client: Client, topic: Topic
) -> None:
    posts = [_reported(topic, (Report.Reason.ABUSE, "Rude.")) for _ in range(2)]
    held = _held(topic)  # nothing to dismiss: skipped, saying why

    response = mod_client.post(
        "/moderation/bulk/",
        {"post": [*(p.pk for p in posts), held.pk], "decision": "dismiss", "reason": "other"},
        follow=True,
    )

    page = response.content.decode()
    assert "Dismissed the reports on 2 comments." in page
    assert f"Skipped comment #{held.pk}:" in page
    for post in posts:
        post = _reload(post)
        assert post.status == Post.Status.VISIBLE
        assert set(post.reports.values_list("status", flat=True)) == {Report.Status.DISMISSED}
    assert (
        ModerationLogEntry.objects.filter(action=ModerationLogEntry.Action.DISMISS_REPORTS).count()
        == 2
    )
