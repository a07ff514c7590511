"""Moderators editing others' comments: who may, and that the edit is shown as a moderator's,
logged with the text before and after, and told to the author. Through the API and the pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import NotificationKind, User
from forum.discussions.models import Post, PostRevision, Topic
from forum.discussions.services.posting import post_delete
from forum.moderation.models import ModerationLogEntry
from forum.notifications.messages import notification_text
from forum.notifications.models import Notification
from tests.factories import AdministratorFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

Edit = ModerationLogEntry.Action.EDIT


@pytest.fixture(autouse=True)
def _eager(eager_tasks: None) -> None:
    """The notification tasks run as they are queued."""


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def old_post(topic: Topic, reader: User) -> Post:
    """A reader's comment, long past the author's edit window."""
    post = comment(topic, author=reader, body="Prices fell, said the idiot.")
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(days=400))
    post.refresh_from_db()
    return post


def patch(client: Client, post: Post, data: dict[str, Any]) -> Any:
    return client.patch(f"/api/v1/posts/{post.pk}/", data, content_type="application/json")


def _unchanged(post: Post, body: str) -> None:
    post.refresh_from_db()
    assert post.body == body
    assert post.moderator_edited_at is None
    assert not ModerationLogEntry.objects.filter(action=Edit).exists()
    assert not PostRevision.objects.filter(post=post).exists()


# Who may edit another's comment


def test_post_detail_api_patch_by_a_moderator_edits_an_old_readers_comment(
    client: Client, old_post: Post, moderator: User
) -> None:
    client.force_login(moderator)

    response = patch(client, old_post, {"body": "Prices fell."})

    assert response.status_code == 200
    assert response.json()["body"] == "Prices fell."
    assert response.json()["edited_by_moderator"] is True


def test_post_detail_api_patch_refuses_a_moderator_on_an_administrators_comment(
    client: Client, topic: Topic, moderator: User
) -> None:
    post = comment(topic, author=AdministratorFactory(), body="House rules, from the admin.")
    client.force_login(moderator)

    response = patch(client, post, {"body": "Rewritten by a moderator."})

    assert response.status_code == 403
    assert response.json() == {"detail": "Moderators cannot edit an administrator's comment."}
    _unchanged(post, "House rules, from the admin.")


def test_post_detail_api_patch_by_a_moderator_who_is_an_administrator_edits_an_administrators(
    client: Client, topic: Topic
) -> None:
    post = comment(topic, author=AdministratorFactory(), body="House rules, from the admin.")
    both = ModeratorFactory()
    both.groups.add(*AdministratorFactory().groups.all())
    client.force_login(both)

    response = patch(client, post, {"body": "House rules, tidied."})

    assert response.status_code == 200
    assert response.json()["edited_by_moderator"] is True


def test_post_detail_api_patch_by_an_administrator_edits_another_administrators_comment(
    client: Client, topic: Topic
) -> None:
    post = comment(topic, author=AdministratorFactory(), body="House rules, from the admin.")
    client.force_login(AdministratorFactory())

    response = patch(client, post, {"body": "House rules, tidied."})

    assert response.status_code == 200
    post.refresh_from_db()
    assert post.body == "House rules, tidied."
    assert post.moderator_edited_at is not None


def test_post_detail_api_patch_by_an_administrator_edits_a_moderators_comment(
    client: Client, topic: Topic, moderator: User
) -> None:
    post = comment(topic, author=moderator, body="A moderator's note.")
    client.force_login(AdministratorFactory())

    assert patch(client, post, {"body": "A moderator's note, tidied."}).status_code == 200


def test_post_detail_api_patch_refuses_a_moderator_on_a_deleted_comment(
    client: Client, old_post: Post, reader: User, moderator: User
) -> None:
    post_delete(post=old_post, by=reader)
    client.force_login(moderator)

    response = patch(client, old_post, {"body": "Back from the dead."})

    assert response.status_code == 404  # a deleted comment is nobody's to see
    old_post.refresh_from_db()
    assert old_post.body == "Prices fell, said the idiot."


def test_post_detail_api_patch_refuses_a_reader_on_anothers_comment(
    client: Client, old_post: Post
) -> None:
    client.force_login(ReaderFactory())

    response = patch(client, old_post, {"body": "Mine now."})

    assert response.status_code == 403
    assert response.json() == {"detail": "You can only edit your own comments."}
    _unchanged(old_post, "Prices fell, said the idiot.")


def test_post_detail_api_patch_refuses_the_author_after_the_window(
    client: Client, old_post: Post, reader: User
) -> None:
    client.force_login(reader)

    response = patch(client, old_post, {"body": "Second thoughts."})

    assert response.status_code == 403
    assert "can be edited for" in response.json()["detail"]


# What an edit by a moderator leaves


def test_post_edit_by_a_moderator_is_logged_with_before_after_and_reason(
    client: Client, old_post: Post, moderator: User, reader: User
) -> None:
    client.force_login(moderator)

    patch(client, old_post, {"body": "Prices fell.", "reason": "Name-calling removed."})

    [entry] = ModerationLogEntry.objects.filter(action=Edit)
    assert (entry.actor, entry.post, entry.subject_user, entry.topic_id) == (
        moderator,
        old_post,
        reader,
        old_post.topic_id,
    )
    assert entry.body_before == "Prices fell, said the idiot."
    assert entry.body_after == "Prices fell."
    assert entry.reason == "Name-calling removed."


def test_post_edit_by_a_moderator_tells_the_author_with_the_reason(
    client: Client,
    committed: Callable[[], Any],
    old_post: Post,
    moderator: User,
    reader: User,
) -> None:
    client.force_login(moderator)

    with committed():
        patch(client, old_post, {"body": "Prices fell.", "reason": "Name-calling removed."})

    [told] = Notification.objects.all()
    assert (told.recipient, told.kind, told.post) == (
        reader,
        NotificationKind.MODERATION_OUTCOME,
        old_post,
    )
    assert notification_text(told) == (
        f"A moderator edited your comment in “{old_post.topic.title}”. "
        "Reason: Name-calling removed."
    )
    assert [message.to for message in mail.outbox] == [[reader.email]]


def test_post_edit_by_a_moderator_of_their_own_comment_tells_and_logs_nothing(
    client: Client, committed: Callable[[], Any], topic: Topic, moderator: User
) -> None:
    post = comment(topic, author=moderator, body="A moderator's note.")
    client.force_login(moderator)

    with committed():
        response = patch(client, post, {"body": "A moderator's note, fixed."})

    assert response.status_code == 200
    assert response.json()["edited_by_moderator"] is False
    assert not Notification.objects.exists()
    assert not ModerationLogEntry.objects.filter(action=Edit).exists()


def test_post_edit_by_the_author_is_not_shown_as_a_moderators(
    client: Client, topic: Topic, reader: User
) -> None:
    post = comment(topic, author=reader, body="Prices fell.")
    client.force_login(reader)

    response = patch(client, post, {"body": "Prices fell again."})

    assert response.json()["edited_by_moderator"] is False
    assert response.json()["edited_at"] is not None


def test_comments_show_edited_by_a_moderator_after_a_moderators_edit(
    client: Client, old_post: Post, moderator: User, article_url: str
) -> None:
    client.force_login(moderator)
    patch(client, old_post, {"body": "Prices fell."})
    client.logout()

    page = client.get(article_url).content.decode()
    comments = client.get(f"/api/v1/articles/{old_post.topic.article.slug}/comments/").json()

    assert "edited by a moderator" in page  # the cached rendering moved with the edit
    assert "Prices fell." in page
    assert comments["results"][0]["edited_by_moderator"] is True


def test_comments_show_plain_edited_after_the_authors_edit(
    client: Client, topic: Topic, reader: User, article_url: str
) -> None:
    post = comment(topic, author=reader, body="Prices fell.")
    client.force_login(reader)
    patch(client, post, {"body": "Prices fell again."})
    client.logout()

    page = client.get(article_url).content.decode()

    assert ">edited</span>" in page
    assert "edited by a moderator" not in page


def test_moderation_log_page_shows_an_edits_before_and_after(
    client: Client, old_post: Post, moderator: User
) -> None:
    client.force_login(moderator)
    patch(client, old_post, {"body": "Prices fell.", "reason": "Name-calling removed."})

    page = client.get("/moderation/log/?action=edit").content.decode()
    api = client.get("/api/v1/moderation/log/?action=edit").json()

    assert "Edited" in page
    assert "Prices fell, said the idiot." in page
    assert "Name-calling removed." in page
    [entry] = api["results"]
    assert (entry["action"], entry["body_before"], entry["body_after"]) == (
        "edit",
        "Prices fell, said the idiot.",
        "Prices fell.",
    )


def test_moderation_log_admin_shows_an_edits_before_and_after(
    client: Client, old_post: Post, moderator: User
) -> None:
    client.force_login(moderator)
    patch(client, old_post, {"body": "Prices fell."})
    entry = ModerationLogEntry.objects.get(action=Edit)
    client.force_login(AdministratorFactory(is_superuser=True))

    page = client.get(f"/admin/moderation/moderationlogentry/{entry.pk}/change/").content.decode()

    assert "Prices fell, said the idiot." in page
    assert "Prices fell." in page


# The edit page


def test_post_edit_page_by_a_moderator_edits_with_a_reason(
    client: Client, committed: Callable[[], Any], old_post: Post, moderator: User
) -> None:
    client.force_login(moderator)

    form = client.get(f"/forum/p/{old_post.pk}/edit/")
    with committed():
        response = client.post(
            f"/forum/p/{old_post.pk}/edit/", {"body": "Prices fell.", "reason": "Tone."}
        )

    assert form.status_code == 200
    assert 'name="reason"' in form.content.decode()
    assert response.status_code == 302
    entry = ModerationLogEntry.objects.get(action=Edit)
    assert (entry.body_after, entry.reason) == ("Prices fell.", "Tone.")
    assert notification_text(Notification.objects.get()).endswith("Reason: Tone.")


def test_post_edit_page_refuses_a_moderator_on_an_administrators_comment(
    client: Client, topic: Topic, moderator: User
) -> None:
    post = comment(topic, author=AdministratorFactory(), body="House rules, from the admin.")
    client.force_login(moderator)

    form = client.get(f"/forum/p/{post.pk}/edit/")
    sent = client.post(f"/forum/p/{post.pk}/edit/", {"body": "Rewritten."})

    assert form.status_code == 403
    assert "House rules, from the admin." not in form.content.decode()
    assert sent.status_code == 403
    _unchanged(post, "House rules, from the admin.")


def test_comment_edit_link_shows_for_a_moderator_but_not_on_an_administrators_comment(
    client: Client, topic: Topic, old_post: Post, moderator: User, article_url: str
) -> None:
    admins = comment(topic, author=AdministratorFactory(), body="House rules, from the admin.")
    client.force_login(moderator)

    page = client.get(article_url).content.decode()

    assert f'href="/forum/p/{old_post.pk}/edit/"' in page
    assert f'href="/forum/p/{admins.pk}/edit/"' not in page
