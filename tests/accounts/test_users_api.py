"""The account API: /api/v1/me/, its avatar and notification preferences, and public users."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone
from PIL import Image
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks, Settings

from accounts.models import NotificationKind, User
from accounts.services.profiles import user_profile_update
from tests.factories import ModeratorFactory, ReaderFactory, UserFactory, image_upload

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
AVATAR = "/api/v1/me/avatar/"
PREFERENCES = "/api/v1/me/notification-preferences/"
NOT_LOGGED_IN = {"detail": "Authentication credentials were not provided."}


@pytest.fixture(autouse=True)
def media_root(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def patch_json(client: Client, url: str, data: object) -> object:
    return client.patch(url, data, content_type="application/json")


def put_avatar(client: Client, upload: SimpleUploadedFile) -> object:
    return client.put(
        AVATAR, encode_multipart(BOUNDARY, {"avatar": upload}), content_type=MULTIPART_CONTENT
    )


def suspended() -> User:
    return ReaderFactory(
        state=User.State.SUSPENDED,
        suspended_until=timezone.now() + timedelta(days=3),
        state_reason="Repeated personal attacks.",
    )


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", ME),
        ("patch", ME),
        ("put", AVATAR),
        ("delete", AVATAR),
        ("get", PREFERENCES),
        ("patch", PREFERENCES),
    ],
)
def test_me_endpoints_refuse_anonymous_users(client: Client, method: str, url: str) -> None:
    response = getattr(client, method)(url)

    assert response.status_code == 403
    assert response.json() == NOT_LOGGED_IN


def test_me_detail_api_returns_the_account(client: Client) -> None:
    reader = ReaderFactory(username="ann_r", display_name="Ann Reed", bio="Magnets.")
    logged_in(client, reader)

    body = client.get(ME).json()

    assert body == {
        "handle": "ann_r",
        "display_name": "Ann Reed",
        "bio": "Magnets.",
        "avatar_url": None,
        "date_joined": reader.date_joined.isoformat().replace("+00:00", "Z"),
        "post_count": 0,
        "email": "ann_r@example.com",
        "email_verified": True,
        "state": "active",
        "suspended_until": None,
        "roles": ["Readers"],
        "is_discussion_staff": False,
    }


def test_me_detail_api_shows_moderators_their_roles(client: Client) -> None:
    logged_in(client, ModeratorFactory())

    body = client.get(ME).json()

    assert body["roles"] == ["Readers", "Moderators"]
    assert body["is_discussion_staff"] is True


def test_me_detail_api_shows_an_unverified_address(client: Client) -> None:
    logged_in(client, UserFactory())

    assert client.get(ME).json()["email_verified"] is False


def test_me_detail_api_shows_a_suspension_in_force(client: Client) -> None:
    user = suspended()
    logged_in(client, user)

    body = client.get(ME).json()

    assert body["state"] == "suspended"
    assert body["suspended_until"] == user.suspended_until.isoformat().replace("+00:00", "Z")


def test_me_detail_api_shows_an_ended_suspension_as_active(client: Client) -> None:
    user = suspended()
    User.objects.filter(pk=user.pk).update(suspended_until=timezone.now() - timedelta(hours=1))
    logged_in(client, user)

    body = client.get(ME).json()

    assert (body["state"], body["suspended_until"]) == ("active", None)


def test_me_detail_api_query_count_is_pinned(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    logged_in(client, ModeratorFactory())
    UserFactory.create_batch(10)

    # Session, user, verified address, roles, the count of their visible comments.
    with django_assert_max_num_queries(5):
        assert client.get(ME).status_code == 200


def test_me_update_api_changes_display_name_and_bio(client: Client) -> None:
    user = ReaderFactory()
    logged_in(client, user)

    response = patch_json(client, ME, {"display_name": "Ann Reed", "bio": "Line one.\nTwo."})

    assert response.status_code == 200
    assert response.json()["display_name"] == "Ann Reed"
    user.refresh_from_db()
    assert (user.display_name, user.bio) == ("Ann Reed", "Line one.\nTwo.")


def test_me_update_api_leaves_fields_not_given(client: Client) -> None:
    user = ReaderFactory(display_name="Ann Reed", bio="Magnets.")
    logged_in(client, user)

    patch_json(client, ME, {"bio": ""})

    user.refresh_from_db()
    assert (user.display_name, user.bio) == ("Ann Reed", "")


def test_me_update_api_bio_over_500_characters_is_400_and_saves_nothing(client: Client) -> None:
    user = ReaderFactory()
    logged_in(client, user)

    response = patch_json(client, ME, {"display_name": "Ann Reed", "bio": "x" * 501})

    assert response.status_code == 400
    assert response.json() == {"bio": ["Ensure this field has no more than 500 characters."]}
    user.refresh_from_db()
    assert user.display_name == ""


@pytest.mark.parametrize("field", ["handle", "email", "username"])
def test_me_update_api_refuses_fields_that_cannot_be_changed_here(
    client: Client, field: str
) -> None:
    user = ReaderFactory(username="ann_r")
    logged_in(client, user)

    response = patch_json(client, ME, {"display_name": "Ann Reed", field: "someone_else"})

    assert response.status_code == 400
    assert response.json() == {
        field: ["Not a field you can change here; you can change display_name and bio."]
    }
    user.refresh_from_db()
    assert (user.username, user.email, user.display_name) == ("ann_r", "ann_r@example.com", "")


def test_me_update_api_refuses_suspended_users_with_the_reason(client: Client) -> None:
    user = suspended()
    logged_in(client, user)

    response = patch_json(client, ME, {"bio": "x" * 501})

    assert response.status_code == 403
    [detail] = response.json().values()
    assert detail.startswith("Your account is suspended until")
    assert detail.endswith("Reason: Repeated personal attacks.")


def test_me_update_api_refuses_banned_users_with_the_reason(client: Client) -> None:
    user = ReaderFactory(state=User.State.BANNED, state_reason="Spam.")
    logged_in(client, user)

    response = patch_json(client, ME, {"bio": "Buy magnets cheap!"})

    assert response.status_code == 403
    assert response.json() == {"detail": "Your account is banned. Reason: Spam."}
    user.refresh_from_db()
    assert user.bio == ""


def test_me_avatar_update_api_stores_a_256_square_png(client: Client) -> None:
    user = ReaderFactory()
    logged_in(client, user)

    response = put_avatar(client, image_upload(fmt="WEBP", name="me.webp", size=(300, 900)))

    assert response.status_code == 200
    user.refresh_from_db()
    assert response.json()["avatar_url"] == f"http://testserver/media/{user.avatar.name}"
    with Image.open(user.avatar.path) as image:
        assert (image.format, image.size) == ("PNG", (256, 256))


def test_me_avatar_update_api_refuses_a_file_that_is_not_an_image(client: Client) -> None:
    user = ReaderFactory()
    logged_in(client, user)

    response = put_avatar(client, SimpleUploadedFile("me.png", b"just some text"))

    assert response.status_code == 400
    assert response.json() == {
        "avatar": ["Upload a JPEG, PNG, GIF or WebP image; this file is not one, or is damaged."]
    }
    user.refresh_from_db()
    assert not user.avatar


def test_me_avatar_update_api_requires_a_file(client: Client) -> None:
    logged_in(client, ReaderFactory())

    response = client.put(AVATAR, encode_multipart(BOUNDARY, {}), content_type=MULTIPART_CONTENT)

    assert response.status_code == 400
    assert response.json() == {"avatar": ["No file was submitted."]}


def test_me_avatar_update_api_replacing_deletes_the_old_file(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    user = ReaderFactory()
    user_profile_update(user=user, avatar=image_upload())
    old_path = Path(user.avatar.path)
    logged_in(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        put_avatar(client, image_upload(fmt="GIF", mode="P", name="new.gif"))

    user.refresh_from_db()
    assert not old_path.exists()
    assert Path(user.avatar.path).exists()


def test_me_avatar_delete_api_removes_the_avatar(
    client: Client, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    user = ReaderFactory()
    user_profile_update(user=user, avatar=image_upload())
    old_path = Path(user.avatar.path)
    logged_in(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(AVATAR)

    assert response.status_code == 204
    assert not old_path.exists()
    assert client.get(ME).json()["avatar_url"] is None


def test_me_avatar_apis_refuse_suspended_users(client: Client) -> None:
    logged_in(client, suspended())

    for response in (put_avatar(client, image_upload()), client.delete(AVATAR)):
        assert response.status_code == 403
        assert "Reason: Repeated personal attacks." in response.json()["detail"]


def test_user_detail_api_returns_public_fields_only(client: Client) -> None:
    user = ReaderFactory(username="ann_r", display_name="Ann Reed", bio="Magnets.")
    user_profile_update(user=user, avatar=image_upload())

    response = client.get("/api/v1/users/ANN_R/")

    assert response.status_code == 200
    assert response.json() == {
        "handle": "ann_r",
        "display_name": "Ann Reed",
        "bio": "Magnets.",
        "avatar_url": f"http://testserver/media/{user.avatar.name}",
        "date_joined": user.date_joined.isoformat().replace("+00:00", "Z"),
        "post_count": 0,
    }
    assert "ann_r@example.com" not in response.content.decode()


@pytest.mark.parametrize("handle", ["ann_r", "nobody"])
def test_user_detail_api_is_404_for_deleted_and_unknown_users(client: Client, handle: str) -> None:
    UserFactory(username="ann_r", state=User.State.DELETED)

    response = client.get(f"/api/v1/users/{handle}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No such user."}


def test_notification_preferences_api_returns_the_readers_kinds_with_defaults(
    client: Client,
) -> None:
    logged_in(client, ReaderFactory())

    assert client.get(PREFERENCES).json() == {
        "reply": "email",
        "mention": "email",
        "watched_topic": "digest",
        "moderation_outcome": "email",
        "article_corrected": "email",
    }


def test_notification_preferences_api_returns_every_kind_to_moderators(client: Client) -> None:
    logged_in(client, ModeratorFactory())

    assert list(client.get(PREFERENCES).json()) == list(NotificationKind.values)


def test_notification_preferences_api_changes_the_kinds_given(client: Client) -> None:
    reader = ReaderFactory()
    logged_in(client, reader)

    response = patch_json(client, PREFERENCES, {"mention": "off", "reply": "in_app"})

    assert response.status_code == 200
    assert response.json() == {
        "reply": "in_app",
        "mention": "off",
        "watched_topic": "digest",
        "moderation_outcome": "email",
        "article_corrected": "email",
    }
    assert client.get(PREFERENCES).json() == response.json()


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"reply": "pigeon"}, {"reply": ['"pigeon" is not a valid choice.']}),
        ({"gossip": "email"}, {"gossip": ["Not a kind of notification."]}),
        (
            {"moderation_queue": "off"},
            {"moderation_queue": ["Only moderators receive this notification."]},
        ),
    ],
)
def test_notification_preferences_api_refuses_bad_input_with_400(
    client: Client, data: dict[str, str], errors: dict[str, list[str]]
) -> None:
    reader = ReaderFactory()
    logged_in(client, reader)

    response = patch_json(client, PREFERENCES, {"mention": "off"} | data)

    assert response.status_code == 400
    assert response.json() == errors
    assert not reader.notification_preferences.exists()


def test_notification_preferences_api_lets_moderators_set_moderation_kinds(
    client: Client,
) -> None:
    logged_in(client, ModeratorFactory())

    response = patch_json(client, PREFERENCES, {"moderation_reported": "digest"})

    assert response.json()["moderation_reported"] == "digest"


def test_api_schema_documents_the_account_endpoints(client: Client) -> None:
    schema = client.get("/api/schema/", {"format": "json"}).json()

    assert {
        "/api/v1/me/": {"get", "patch"},
        "/api/v1/me/avatar/": {"put", "delete"},
        "/api/v1/me/notification-preferences/": {"get", "patch"},
        "/api/v1/users/{handle}/": {"get"},
    }.items() <= {path: set(ops) - {"parameters"} for path, ops in schema["paths"].items()}.items()
    me = schema["components"]["schemas"]["MeOutput"]["properties"]
    assert {"email", "roles", "is_discussion_staff", "avatar_url"} <= set(me)
    public = schema["components"]["schemas"]["UserPublicOutput"]["properties"]
    assert set(public) == {
        "handle",
        "display_name",
        "bio",
        "avatar_url",
        "date_joined",
        "post_count",
    }
