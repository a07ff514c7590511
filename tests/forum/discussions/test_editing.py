"""post_edit: authors within the window, moderators any time, a revision for every change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from accounts.viewer import Viewer
from forum.discussions.models import Post, PostRevision, Topic
from forum.discussions.permissions import can_edit_post
from forum.discussions.services.posting import post_create, post_delete, post_edit
from forum.moderation.services.account_states import user_suspend
from tests.factories import AdministratorFactory, ReaderFactory, UserFactory, post_status_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(topic: Topic, reader: User) -> Post:
    return post_create(topic=topic, author=reader, body="Prices *fell*.")


def _age(post: Post, minutes: float) -> Post:
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    post.refresh_from_db()
    return post


def test_post_edit_by_the_author_replaces_the_body_and_renders_it(post: Post, reader: User) -> None:
    edited = post_edit(post=post, editor=reader, body="Prices **rose**, @nobody_x.")

    edited.refresh_from_db()
    assert edited.body == "Prices **rose**, @nobody_x."
    assert edited.body_html == "<p>Prices <strong>rose</strong>, @nobody_x.</p>\n"


def test_post_edit_keeps_the_old_body_as_a_revision(post: Post, reader: User) -> None:
    post_edit(post=post, editor=reader, body="Second thoughts.")
    post_edit(post=post, editor=reader, body="Third thoughts.")

    revisions = list(post.revisions.order_by("id").values_list("body", "edited_by"))
    assert revisions == [("Prices *fell*.", reader.pk), ("Second thoughts.", reader.pk)]


def test_post_edit_sets_edited_at(post: Post, reader: User) -> None:
    assert post.edited_at is None
    before = timezone.now()

    post_edit(post=post, editor=reader, body="Second thoughts.")

    post.refresh_from_db()
    assert post.edited_at is not None
    assert post.edited_at >= before


def test_post_edit_links_new_mentions(post: Post, reader: User) -> None:
    named = UserFactory(username="ce_analyst")

    edited = post_edit(post=post, editor=reader, body="As @ce_analyst said.")

    assert f'href="{named.get_absolute_url()}" class="mention"' in edited.body_html


def test_post_edit_allows_the_author_just_inside_the_window(
    post: Post, reader: User, settings: Settings
) -> None:
    settings.FORUM_EDIT_WINDOW_MINUTES = 15
    _age(post, 14.5)

    assert post_edit(post=post, editor=reader, body="Just in time.").body == "Just in time."


def test_post_edit_refuses_the_author_after_the_window_naming_it(
    post: Post, reader: User, settings: Settings
) -> None:
    settings.FORUM_EDIT_WINDOW_MINUTES = 15
    _age(post, 16)

    with pytest.raises(PermissionDenied) as caught:
        post_edit(post=post, editor=reader, body="Too late.")

    assert str(caught.value) == "Comments can be edited for 15 minutes after posting."
    post.refresh_from_db()
    assert post.body == "Prices *fell*."
    assert post.edited_at is None
    assert not PostRevision.objects.exists()


def test_post_edit_window_follows_the_setting(post: Post, reader: User, settings: Settings) -> None:
    settings.FORUM_EDIT_WINDOW_MINUTES = 60
    _age(post, 30)

    post_edit(post=post, editor=reader, body="Still allowed.")

    settings.FORUM_EDIT_WINDOW_MINUTES = 5
    with pytest.raises(PermissionDenied, match="edited for 5 minutes"):
        post_edit(post=post, editor=reader, body="Not any more.")


@pytest.mark.parametrize("staff_factory", ["moderator", "administrator"])
def test_post_edit_by_staff_any_time(post: Post, moderator: User, staff_factory: str) -> None:
    editor = moderator if staff_factory == "moderator" else AdministratorFactory()
    _age(post, 60 * 24 * 30)

    edited = post_edit(post=post, editor=editor, body="Edited by staff: link removed.")

    assert edited.body == "Edited by staff: link removed."
    assert post.revisions.get().edited_by == editor


def test_post_edit_by_a_moderator_of_a_removed_post(post: Post, moderator: User) -> None:
    post = post_status_set(post=post, status=Post.Status.REMOVED)

    assert post_edit(post=post, editor=moderator, body="Redacted.").body == "Redacted."


def test_post_edit_refuses_another_reader(post: Post) -> None:
    with pytest.raises(PermissionDenied, match=r"You can only edit your own comments\."):
        post_edit(post=post, editor=ReaderFactory(), body="Not mine to change.")

    post.refresh_from_db()
    assert post.body == "Prices *fell*."
    assert not PostRevision.objects.exists()


def test_post_edit_refuses_anonymous(post: Post) -> None:
    with pytest.raises(PermissionDenied, match=r"You can only edit your own comments\."):
        post_edit(post=post, editor=AnonymousUser(), body="Who am I?")


def test_post_edit_refuses_a_suspended_author(post: Post, reader: User, moderator: User) -> None:
    user_suspend(
        user=reader, by=moderator, until=timezone.now() + timedelta(days=1), reason="Calm down."
    )
    reader.refresh_from_db()

    with pytest.raises(PermissionDenied, match="Your account is suspended until"):
        post_edit(post=post, editor=reader, body="Sneaky change.")


def test_post_edit_refuses_the_author_of_a_deleted_post(post: Post, reader: User) -> None:
    post = post_delete(post=post, by=reader)

    with pytest.raises(PermissionDenied, match=r"This comment can no longer be edited\."):
        post_edit(post=post, editor=reader, body="Back from the dead.")


def test_post_edit_refuses_a_moderator_on_a_deleted_post(
    post: Post, reader: User, moderator: User
) -> None:
    post = post_delete(post=post, by=reader)

    with pytest.raises(PermissionDenied):
        post_edit(post=post, editor=moderator, body="Back from the dead.")


@pytest.mark.parametrize("status", [Post.Status.REMOVED, Post.Status.REJECTED])
def test_post_edit_refuses_the_author_of_a_moderated_post(
    post: Post, reader: User, status: Post.Status
) -> None:
    post = post_status_set(post=post, status=status)

    with pytest.raises(PermissionDenied, match=r"This comment can no longer be edited\."):
        post_edit(post=post, editor=reader, body="Let me fix it.")


def test_post_edit_allows_the_author_of_a_pending_post(post: Post, reader: User) -> None:
    post = post_status_set(post=post, status=Post.Status.PENDING)

    assert post_edit(post=post, editor=reader, body="Clarified.").body == "Clarified."


def test_post_edit_with_an_unchanged_body_creates_no_revision(post: Post, reader: User) -> None:
    post_edit(post=post, editor=reader, body="  Prices *fell*.\n")

    post.refresh_from_db()
    assert not PostRevision.objects.exists()
    assert post.edited_at is None


def test_post_edit_refuses_a_too_short_body(post: Post, reader: User) -> None:
    with pytest.raises(ValidationError, match=r"Write at least 2 characters\."):
        post_edit(post=post, editor=reader, body=" x ")

    post.refresh_from_db()
    assert post.body == "Prices *fell*."


def test_post_edit_does_not_move_counters(topic: Topic, post: Post, reader: User) -> None:
    topic.refresh_from_db()
    count = topic.post_count

    post_edit(post=post, editor=reader, body="Second thoughts.")

    topic.refresh_from_db()
    assert topic.post_count == count


def test_can_edit_post_says_no_after_the_window_for_the_author_but_yes_for_staff(
    post: Post, reader: User, moderator: User
) -> None:
    assert can_edit_post(Viewer.of(reader), post)
    _age(post, 60)

    assert not can_edit_post(Viewer.of(reader), post)
    assert can_edit_post(Viewer.of(moderator), post)
