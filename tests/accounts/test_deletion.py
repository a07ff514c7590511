"""Deleting an account: only with the password, irreversible, and nothing personal left."""

from __future__ import annotations

from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from accounts.models import NotificationKind, NotificationPreference, User
from accounts.roles import Role
from accounts.services.deletion import account_delete
from forum.moderation.models import AccountStateChange
from tests.factories import ReaderFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def media_root(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def person(media_root: Path) -> User:
    """A reader with something in every personal field, two addresses and a preference."""
    user = ReaderFactory(
        username="ann_r",
        email="ann@example.com",
        first_name="Ann",
        last_name="Rhodes",
        display_name="Ann R.",
        bio="Magnets, mostly.",
    )
    user.avatar.save("ann.png", ContentFile(b"not really a png"))
    EmailAddress.objects.create(user=user, email="ann@work.example.com", verified=False)
    NotificationPreference.objects.create(user=user, kind=NotificationKind.REPLY, delivery="off")
    user.groups.add(Group.objects.get(name=Role.MODERATORS))
    return user


@pytest.fixture
def person_client(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _delete(client: Client, capture: DjangoCaptureOnCommitCallbacks, password: str) -> object:
    with capture(execute=True):
        return client.post("/settings/delete/", {"password": password})


def test_settings_delete_page_requires_login(client: Client) -> None:
    response = client.get("/settings/delete/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_settings_delete_page_explains_the_consequences(person_client: Client) -> None:
    page = person_client.get("/settings/delete/").content.decode()

    assert "cannot be undone" in page
    assert "deleted user" in page
    assert 'name="password"' in page
    assert 'href="/settings/export/"' in page


def test_settings_delete_refused_when_the_password_is_wrong_and_nothing_changes(
    person: User,
    person_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    response = _delete(person_client, django_capture_on_commit_callbacks, "wrong password")

    assert response.status_code == 400
    assert response.context["form"].errors == {"password": ["That is not your current password."]}
    refreshed = User.objects.get(pk=person.pk)
    assert (refreshed.username, refreshed.email, refreshed.state) == (
        "ann_r",
        "ann@example.com",
        User.State.ACTIVE,
    )
    assert refreshed.check_password(PASSWORD)
    assert EmailAddress.objects.filter(user=person).count() == 2
    assert not AccountStateChange.objects.exists()
    assert person_client.get("/settings/").status_code == 200


def test_settings_delete_stops_checking_passwords_after_many_wrong_tries(
    person: User,
    person_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    for _ in range(10):
        _delete(person_client, django_capture_on_commit_callbacks, "wrong password")

    response = _delete(person_client, django_capture_on_commit_callbacks, PASSWORD)

    assert response.context["form"].errors == {
        "password": ["Too many attempts. Wait a minute and try again."]
    }
    assert User.objects.get(pk=person.pk).state == User.State.ACTIVE


def test_settings_delete_anonymises_the_account_and_logs_out_everywhere(
    person: User,
    person_client: Client,
    media_root: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    other_device = Client()
    other_device.force_login(person)
    avatar_path = Path(person.avatar.path)
    assert avatar_path.exists()

    response = _delete(person_client, django_capture_on_commit_callbacks, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Your account is deleted. Thank you for taking part."
    ]
    user = User.objects.get(pk=person.pk)
    assert user.username == f"deleted_{person.pk}"
    assert user.public_name == "deleted user"
    assert str(user) == "deleted user"
    assert (user.email, user.first_name, user.last_name, user.display_name, user.bio) == (
        "",
        "",
        "",
        "",
        "",
    )
    assert not user.avatar
    assert not avatar_path.exists()
    assert not user.has_usable_password()
    assert not user.is_active
    assert user.state == User.State.DELETED
    assert not user.groups.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not NotificationPreference.objects.filter(user=user).exists()
    change = AccountStateChange.objects.get(user=user)
    assert (change.from_state, change.to_state, change.changed_by) == (
        User.State.ACTIVE,
        User.State.DELETED,
        user,
    )
    for client in (person_client, other_device):
        assert client.get("/settings/")["Location"].startswith("/accounts/login/")


def test_settings_delete_leaves_no_way_to_log_in_again(
    person: User,
    person_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _delete(person_client, django_capture_on_commit_callbacks, PASSWORD)

    anonymous = Client()
    assert not anonymous.login(username=f"deleted_{person.pk}", password=PASSWORD)
    for login in ("ann_r", "ann@example.com"):
        anonymous.post("/accounts/login/", {"login": login, "password": PASSWORD})
        assert anonymous.get("/settings/").status_code == 302


def test_account_delete_frees_the_handle_and_address_for_a_new_sign_up(
    person: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    account_delete(user=person)

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            "/accounts/signup/",
            {
                "email": "ann@example.com",
                "username": "ann_r",
                "password1": "a brand new passphrase 7",
                "password2": "a brand new passphrase 7",
            },
        )

    assert response.status_code == 302
    newcomer = User.objects.get(username="ann_r")
    assert newcomer.pk != person.pk
    assert newcomer.email == "ann@example.com"


def test_account_delete_suffixes_the_placeholder_when_someone_holds_it() -> None:
    user = UserFactory()
    UserFactory(username=f"Deleted_{user.pk}")

    deleted = account_delete(user=user)

    assert deleted.username.startswith(f"deleted_{user.pk}_")
    deleted.full_clean()


def test_account_delete_refused_when_already_deleted() -> None:
    user = account_delete(user=UserFactory())

    with pytest.raises(ValidationError, match="already deleted"):
        account_delete(user=user)

    assert AccountStateChange.objects.filter(user=user).count() == 1


def test_me_delete_api_deletes_and_ends_the_session(
    person: User,
    person_client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = person_client.post(
            "/api/v1/me/delete/", {"password": PASSWORD}, content_type="application/json"
        )

    assert response.status_code == 204
    assert User.objects.get(pk=person.pk).state == User.State.DELETED
    assert person_client.get("/api/v1/me/export/").status_code == 403


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"password": "wrong password"}, "That is not your current password."),
        ({}, "This field is required."),
    ],
    ids=["wrong", "missing"],
)
def test_me_delete_api_refused_with_a_field_message_when_the_password_is_not_given(
    body: dict[str, str], message: str, person: User, person_client: Client
) -> None:
    response = person_client.post("/api/v1/me/delete/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"password": [message]}
    assert User.objects.get(pk=person.pk).state == User.State.ACTIVE


def test_me_delete_api_refused_when_anonymous(client: Client) -> None:
    response = client.post(
        "/api/v1/me/delete/", {"password": PASSWORD}, content_type="application/json"
    )

    assert response.status_code == 403
