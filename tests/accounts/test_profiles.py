"""The public profile page and the profile settings page, through the real views."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks, Settings

from accounts.avatars import AVATAR_MAX_BYTES, avatar_colour
from accounts.models import User
from accounts.services.profiles import user_profile_update
from articles.services import article_unpublish
from forum.discussions.models import Post
from forum.discussions.services.posting import post_delete
from tests.factories import ArticleFactory, ReaderFactory, UserFactory, comment, image_upload

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/settings/profile/"


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def save_profile(client: Client, **fields: object) -> object:
    data = {"display_name": "", "bio": ""} | fields
    return client.post(SETTINGS_URL, data)


def suspended(**kwargs: object) -> User:
    return UserFactory(
        state=User.State.SUSPENDED,
        suspended_until=timezone.now() + timedelta(days=3),
        state_reason="Repeated personal attacks.",
        **kwargs,
    )


def test_profile_detail_shows_name_handle_bio_joined_and_initials(client: Client) -> None:
    UserFactory(
        username="ann_r",
        display_name="Ann Reed",
        bio="Magnets & <mines>.\nSecond line.",
        date_joined=datetime(2024, 3, 5, tzinfo=UTC),
    )

    response = client.get("/u/ann_r/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Ann Reed</h1>" in html
    assert "@ann_r" in html
    assert "Magnets &amp; &lt;mines&gt;.<br>Second line." in html
    assert 'joined <time datetime="2024-03-05T00:00:00+00:00">March 2024</time>' in html
    assert f'<circle cx="50" cy="50" r="50" fill="{avatar_colour("ann_r")}"/>' in html
    assert ">AR</text>" in html


def test_profile_detail_finds_the_handle_in_any_case(client: Client) -> None:
    UserFactory(username="Ann_R")

    response = client.get("/u/aNN_r/", follow=True)

    assert response.redirect_chain == [("/u/Ann_R/", 301)]
    assert response.status_code == 200


@pytest.mark.parametrize("handle", ["ann_r", "nobody"])
def test_profile_detail_is_404_for_deleted_and_unknown_users(client: Client, handle: str) -> None:
    UserFactory(username="ann_r", state=User.State.DELETED)

    assert client.get(f"/u/{handle}/").status_code == 404


def test_profile_detail_shows_the_uploaded_avatar(client: Client) -> None:
    user = UserFactory(username="ann_r")
    user_profile_update(user=user, avatar=image_upload())

    html = client.get("/u/ann_r/").content.decode()

    assert f'<img class="avatar" src="/media/{user.avatar.name}"' in html
    assert "avatar-initials" not in html


def test_profile_detail_query_count_is_pinned(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    ann = ReaderFactory(username="ann_r", bio="Hello.")
    UserFactory.create_batch(10)
    topic = ArticleFactory().discussion
    for number in range(15):
        comment(topic, author=ann, body=f"Comment number {number}.")
        Post.objects.filter(author=ann).update(created_at=timezone.now() - timedelta(hours=1))

    # The profile, the count of visible comments, the recent ones.
    with django_assert_max_num_queries(3):
        assert client.get("/u/ann_r/").status_code == 200

    # Logged in: the session, the viewer, their address check for the account notice and
    # their unread notifications.
    logged_in(client, ReaderFactory())
    with django_assert_max_num_queries(7):
        assert client.get("/u/ann_r/").status_code == 200


def test_profile_detail_lists_recent_visible_comments_and_counts_them(client: Client) -> None:
    ann = ReaderFactory(username="ann_r")
    topic = ArticleFactory(title="Baotou plans").discussion
    shown = comment(topic, author=ann, body="Magnets matter.")
    post_delete(post=comment(topic, author=ann, body="A hasty remark."), by=ann)
    withdrawn = ArticleFactory(title="Withdrawn story")
    comment(withdrawn.discussion, author=ann, body="On a story since withdrawn.")
    article_unpublish(article=withdrawn)

    page = client.get("/u/ann_r/").content.decode()

    assert "1 comment" in page
    assert f'<a href="/forum/p/{shown.pk}/">Baotou plans</a>' in page
    assert "Magnets matter." in page
    assert "A hasty remark." not in page
    assert "On a story since withdrawn." not in page


def test_settings_profile_redirects_anonymous_users_to_login(client: Client) -> None:
    response = client.get(SETTINGS_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/settings/profile/")


def test_settings_profile_shows_the_current_values(client: Client) -> None:
    logged_in(client, UserFactory(display_name="Ann Reed", bio="Magnets."))

    html = client.get(SETTINGS_URL).content.decode()

    assert 'value="Ann Reed"' in html
    assert "Magnets.</textarea>" in html
    assert 'enctype="multipart/form-data"' in html
    assert "Remove my avatar" not in html  # nothing to remove yet


def test_settings_profile_saves_display_name_and_bio(client: Client) -> None:
    user = UserFactory()
    logged_in(client, user)

    response = save_profile(client, display_name="Ann Reed", bio="Line one.\r\nLine two.")

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Ann Reed"
    assert user.bio == "Line one.\nLine two."
    assert "Your profile is saved." in client.get(SETTINGS_URL).content.decode()


def test_settings_profile_counts_a_browser_line_break_as_one_character(client: Client) -> None:
    user = UserFactory()
    logged_in(client, user)

    save_profile(client, bio="x" * 498 + "\r\n" + "y")

    user.refresh_from_db()
    assert len(user.bio) == 500


def test_settings_profile_bio_over_500_characters_is_a_field_error_and_saves_nothing(
    client: Client,
) -> None:
    user = UserFactory(display_name="Old name")
    logged_in(client, user)

    response = save_profile(client, display_name="New name", bio="x" * 501)

    assert response.status_code == 400
    assert response.context["form"].errors["bio"] == [
        "Ensure this value has at most 500 characters (it has 501)."
    ]
    user.refresh_from_db()
    assert user.display_name == "Old name"
    assert user.bio == ""


def test_settings_profile_refuses_a_text_file_named_png(client: Client) -> None:
    user = UserFactory()
    logged_in(client, user)

    response = save_profile(client, avatar=SimpleUploadedFile("me.png", b"just some text"))

    assert response.context["form"].errors["avatar"] == [
        "Upload a JPEG, PNG, GIF or WebP image; this file is not one, or is damaged."
    ]
    user.refresh_from_db()
    assert not user.avatar


def test_settings_profile_refuses_an_avatar_over_2_mb(client: Client) -> None:
    user = UserFactory()
    logged_in(client, user)

    response = save_profile(client, avatar=image_upload(padding=AVATAR_MAX_BYTES))

    [error] = response.context["form"].errors["avatar"]
    assert "the most an avatar may be is 2.0\xa0MB" in error
    user.refresh_from_db()
    assert not user.avatar


def test_settings_profile_valid_bio_with_an_invalid_avatar_saves_nothing(
    client: Client, media_root: Path
) -> None:
    user = UserFactory()
    logged_in(client, user)

    response = save_profile(
        client,
        display_name="Ann Reed",
        bio="Fine bio.",
        avatar=image_upload(size=(4001, 4001), mode="1"),
    )

    assert "4001x4001 pixels" in response.context["form"].errors["avatar"][0]
    user.refresh_from_db()
    assert (user.display_name, user.bio, user.avatar.name) == ("", "", "")
    assert not list(media_root.rglob("*.png"))


@pytest.mark.parametrize(("fmt", "name"), [("PNG", "me.png"), ("JPEG", "me.jpg")])
def test_settings_profile_stores_the_avatar_as_a_256_square_png(
    client: Client, fmt: str, name: str
) -> None:
    user = UserFactory()
    logged_in(client, user)

    save_profile(client, avatar=image_upload(fmt=fmt, size=(1200, 800), name=name))

    user.refresh_from_db()
    assert user.avatar.name.startswith(f"avatars/{user.pk}-")
    assert user.avatar.name.endswith(".png")
    with Image.open(user.avatar.path) as image:
        assert (image.format, image.size) == ("PNG", (256, 256))


def test_settings_profile_replacing_the_avatar_deletes_the_old_file(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    user = UserFactory()
    logged_in(client, user)
    save_profile(client, avatar=image_upload())
    user.refresh_from_db()
    old_path = Path(user.avatar.path)

    with django_capture_on_commit_callbacks(execute=True):
        save_profile(client, avatar=image_upload(fmt="JPEG", name="new.jpg"))

    user.refresh_from_db()
    assert not old_path.exists()
    assert Path(user.avatar.path).exists()
    assert user.avatar.path != str(old_path)


def test_settings_profile_removes_the_avatar(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    user = UserFactory(display_name="Ann Reed")
    user_profile_update(user=user, avatar=image_upload())
    old_path = Path(user.avatar.path)
    logged_in(client, user)
    assert "Remove my avatar" in client.get(SETTINGS_URL).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        save_profile(client, display_name="Ann Reed", remove_avatar="on")

    user.refresh_from_db()
    assert not user.avatar
    assert not old_path.exists()
    assert ">AR</text>" in client.get(user.get_absolute_url()).content.decode()


def test_settings_profile_refuses_uploading_and_removing_at_once(client: Client) -> None:
    user = UserFactory()
    logged_in(client, user)

    response = save_profile(client, avatar=image_upload(), remove_avatar="on")

    assert response.context["form"].errors["avatar"] == [
        "Upload a new avatar or remove it, not both."
    ]
    user.refresh_from_db()
    assert not user.avatar


def test_settings_profile_refuses_suspended_users_with_the_reason(client: Client) -> None:
    user = suspended(display_name="Old name")
    logged_in(client, user)

    for response in (client.get(SETTINGS_URL), save_profile(client, display_name="New name")):
        html = response.content.decode()
        assert response.status_code == 403
        assert "Your account is suspended until" in html
        assert "Reason: Repeated personal attacks." in html
        assert '<form method="post" enctype' not in html
    user.refresh_from_db()
    assert user.display_name == "Old name"


def test_settings_profile_refuses_banned_users_with_the_reason(client: Client) -> None:
    user = UserFactory(state=User.State.BANNED, state_reason="Spam.")
    logged_in(client, user)

    response = save_profile(client, bio="Buy magnets cheap!")

    assert response.status_code == 403
    assert "Your account is banned. Reason: Spam." in response.content.decode()
    user.refresh_from_db()
    assert user.bio == ""


def test_settings_profile_lets_users_whose_suspension_has_ended_edit(client: Client) -> None:
    user = suspended()
    User.objects.filter(pk=user.pk).update(suspended_until=timezone.now() - timedelta(hours=1))
    logged_in(client, user)

    assert save_profile(client, bio="Back again.").status_code == 302


def test_user_profile_update_refuses_banned_users() -> None:
    user = UserFactory(state=User.State.BANNED)

    with pytest.raises(PermissionDenied, match=r"^Your account is banned\.$"):
        user_profile_update(user=user, bio="Hi.")


def test_user_profile_update_names_every_bad_field_at_once() -> None:
    user = UserFactory()

    with pytest.raises(ValidationError) as excinfo:
        user_profile_update(
            user=user,
            display_name="x" * 61,
            bio="x" * 501,
            avatar=SimpleUploadedFile("a.gif", b"GIF89a"),
        )

    assert set(excinfo.value.message_dict) == {"display_name", "bio", "avatar"}
    assert (user.display_name, user.bio) == ("", "")  # nor changed in memory
    user.refresh_from_db()
    assert (user.display_name, user.bio) == ("", "")
