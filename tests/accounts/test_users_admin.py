"""The users admin: state actions with a reason, a read-only history, roles that give access."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from accounts.roles import Role
from accounts.services.roles import user_set_roles
from forum.moderation.models import AccountStateChange
from forum.moderation.services.account_states import user_ban
from tests.factories import (
    AdministratorFactory,
    EditorFactory,
    ModeratorFactory,
    ReaderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"
HISTORY = "/admin/moderation/accountstatechange/"


@pytest.fixture
def administrator() -> User:
    return AdministratorFactory()


@pytest.fixture
def administrator_client(administrator: User) -> Client:
    client = Client()
    client.force_login(administrator)
    return client


@pytest.fixture
def reader() -> User:
    return ReaderFactory()


def _action(client: Client, action: str, users: Sequence[User], **fields: str) -> object:
    return client.post(
        USERS, {"action": action, "_selected_action": [user.pk for user in users], **fields}
    )


def _messages(response: object) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_ban_action_asks_for_a_reason_before_banning(
    administrator_client: Client, reader: User
) -> None:
    response = _action(administrator_client, "ban_users", [reader])

    assert response.status_code == 200
    assert response.templates[0].name == "admin/accounts/user/change_state.html"
    page = response.content.decode()
    assert f"@{reader.username}" in page
    assert 'name="reason"' in page
    assert f'name="_selected_action" value="{reader.pk}"' in page
    reader.refresh_from_db()
    assert reader.state == User.State.ACTIVE


def test_ban_action_bans_and_records_the_reason_once_given(
    administrator_client: Client, administrator: User, reader: User
) -> None:
    response = _action(
        administrator_client, "ban_users", [reader], apply="Ban", reason="Spam links."
    )

    assert response.status_code == 302
    assert _messages(response) == ["1 account banned."]
    reader.refresh_from_db()
    assert (reader.state, reader.state_reason) == (User.State.BANNED, "Spam links.")
    change = AccountStateChange.objects.get(user=reader)
    assert (change.to_state, change.reason, change.changed_by) == (
        User.State.BANNED,
        "Spam links.",
        administrator,
    )


def test_ban_action_shows_the_form_again_when_the_reason_is_blank(
    administrator_client: Client, reader: User
) -> None:
    response = _action(administrator_client, "ban_users", [reader], apply="Ban", reason="")

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert not AccountStateChange.objects.exists()


def test_suspend_action_suspends_for_the_days_given(
    administrator_client: Client, reader: User
) -> None:
    before = timezone.now()

    _action(
        administrator_client, "suspend_users", [reader], apply="Suspend", reason="Heat.", days="3"
    )

    reader.refresh_from_db()
    assert reader.state == User.State.SUSPENDED
    assert before + timedelta(days=3) <= reader.suspended_until
    assert reader.suspended_until <= timezone.now() + timedelta(days=3)


def test_suspend_action_offers_seven_days(administrator_client: Client, reader: User) -> None:
    response = _action(administrator_client, "suspend_users", [reader])

    assert response.context["form"]["days"].value() == 7


def test_reinstate_action_reinstates(
    administrator_client: Client, administrator: User, reader: User
) -> None:
    user_ban(user=reader, by=administrator, reason="Spam.")

    _action(administrator_client, "reinstate_users", [reader], apply="Reinstate", reason="Appeal.")

    reader.refresh_from_db()
    assert reader.state == User.State.ACTIVE


def test_ban_action_names_each_account_refused_and_bans_the_rest(reader: User) -> None:
    moderator = ModeratorFactory()
    administrator = AdministratorFactory()
    client = Client()
    client.force_login(moderator)

    response = _action(
        client, "ban_users", [reader, administrator, moderator], apply="Ban", reason="Spam."
    )

    assert sorted(_messages(response)) == sorted(
        [
            f"@{administrator.username} was not banned: "
            "You may not change the state of this account.",
            f"@{moderator.username} was not banned: You may not change the state of this account.",
            "1 account banned.",
        ]
    )
    assert list(AccountStateChange.objects.values_list("user", flat=True)) == [reader.pk]


def test_user_change_form_shows_the_state_read_only(
    administrator_client: Client, reader: User
) -> None:
    response = administrator_client.get(f"{USERS}{reader.pk}/change/")

    form = response.context["adminform"].form
    assert response.status_code == 200
    for field in ("state", "suspended_until", "state_reason", "is_staff", "is_superuser"):
        assert field not in form.fields
    assert "groups" in form.fields


def test_user_change_form_shows_the_trust_inputs_read_only(
    administrator_client: Client, reader: User
) -> None:
    """Trust is granted in the moderation queue, where the log records it; visits and upheld
    reports are counted, never typed in."""
    User.objects.filter(pk=reader.pk).update(visit_days=17, upheld_reports=2)

    response = administrator_client.get(f"{USERS}{reader.pk}/change/")

    form = response.context["adminform"].form
    for field in ("trust_level_granted", "visit_days", "last_visit_on", "upheld_reports"):
        assert field not in form.fields
    page = response.content.decode()
    assert "Trust" in page
    assert '<div class="readonly">17</div>' in page


def _change_form_data(user: User, **fields: object) -> dict[str, object]:
    """What the change form posts for `user`, with no history rows in its inline."""
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "display_name": user.display_name,
        "bio": user.bio,
        "groups": [],
        "state_changes-TOTAL_FORMS": "0",
        "state_changes-INITIAL_FORMS": "0",
        "state_changes-MIN_NUM_FORMS": "0",
        "state_changes-MAX_NUM_FORMS": "0",
        **fields,
    }


def test_user_change_form_ignores_a_posted_state(
    administrator_client: Client, reader: User
) -> None:
    response = administrator_client.post(
        f"{USERS}{reader.pk}/change/",
        _change_form_data(reader, state="banned", state_reason="raw edit", is_staff="on"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    reader.refresh_from_db()
    assert (reader.state, reader.state_reason, reader.is_staff) == (User.State.ACTIVE, "", False)


def test_user_change_form_makes_an_editor_staff_when_given_the_role(
    administrator_client: Client, reader: User
) -> None:
    editors = Group.objects.get(name=Role.EDITORS)

    response = administrator_client.post(
        f"{USERS}{reader.pk}/change/", _change_form_data(reader, groups=[editors.pk])
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    reader.refresh_from_db()
    assert reader.is_staff
    assert list(reader.groups.all()) == [editors]
    editor_client = Client()
    editor_client.force_login(reader)
    assert editor_client.get("/admin/articles/article/").status_code == 200


def test_user_change_form_takes_staff_away_with_the_last_staff_role(
    administrator_client: Client,
) -> None:
    editor = EditorFactory()
    readers = Group.objects.get(name=Role.READERS)

    administrator_client.post(
        f"{USERS}{editor.pk}/change/", _change_form_data(editor, groups=[readers.pk])
    )

    editor.refresh_from_db()
    assert not editor.is_staff
    assert list(editor.groups.all()) == [readers]


@pytest.mark.parametrize(
    ("role", "staff"),
    [
        (Role.READERS, False),
        (Role.MODERATORS, True),
        (Role.EDITORS, True),
        (Role.ADMINISTRATORS, True),
    ],
)
def test_user_set_roles_grants_staff_with_the_roles_that_work_in_the_admin(
    role: Role, staff: bool, administrator: User, reader: User
) -> None:
    user = user_set_roles(user=reader, roles=Group.objects.filter(name=role), by=administrator)

    assert user.is_staff is staff


def test_user_set_roles_keeps_a_superuser_staff(administrator: User) -> None:
    superuser = UserFactory(is_superuser=True, is_staff=True)

    user = user_set_roles(user=superuser, roles=[], by=administrator)

    assert user.is_staff


def test_user_set_roles_refused_when_the_actor_may_not_change_users(reader: User) -> None:
    moderator = ModeratorFactory()

    with pytest.raises(PermissionDenied):
        user_set_roles(user=reader, roles=Group.objects.filter(name=Role.EDITORS), by=moderator)

    assert not reader.groups.filter(name=Role.EDITORS).exists()


def test_users_admin_refuses_deleting_a_user(administrator_client: Client, reader: User) -> None:
    assert administrator_client.get(f"{USERS}{reader.pk}/delete/").status_code == 403
    actions = administrator_client.get(USERS).context["action_form"].fields["action"].choices
    assert [name for name, _ in actions] == ["", "suspend_users", "ban_users", "reinstate_users"]


def test_users_changelist_reads_a_fixed_number_of_queries(
    administrator_client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    ReaderFactory.create_batch(30)

    with django_assert_max_num_queries(12):
        response = administrator_client.get(USERS)

    assert response.status_code == 200


def test_user_change_page_shows_the_history_read_only_to_a_moderator(reader: User) -> None:
    moderator = ModeratorFactory()
    user_ban(user=reader, by=moderator, reason="Spam links.")
    client = Client()
    client.force_login(moderator)

    response = client.get(f"{USERS}{reader.pk}/change/")

    assert response.status_code == 200
    assert "Spam links." in response.content.decode()
    assert 'name="state_changes-0-reason"' not in response.content.decode()


@pytest.fixture
def change(administrator: User, reader: User) -> AccountStateChange:
    user_ban(user=reader, by=administrator, reason="Spam.")
    return AccountStateChange.objects.get(user=reader)


def test_account_state_change_admin_shows_and_filters_the_history(
    administrator_client: Client, change: AccountStateChange
) -> None:
    banned = administrator_client.get(HISTORY, {"to_state": "banned"})
    suspended = administrator_client.get(HISTORY, {"to_state": "suspended"})

    assert list(banned.context["cl"].result_list) == [change]
    assert list(suspended.context["cl"].result_list) == []
    assert administrator_client.get(f"{HISTORY}{change.pk}/change/").status_code == 200


def test_account_state_change_admin_refuses_adding_changing_and_deleting(
    administrator_client: Client, change: AccountStateChange
) -> None:
    edit = administrator_client.post(
        f"{HISTORY}{change.pk}/change/", {"reason": "rewritten", "to_state": "active"}
    )

    assert edit.status_code == 403
    assert administrator_client.get(f"{HISTORY}{change.pk}/delete/").status_code == 403
    assert (
        administrator_client.post(f"{HISTORY}{change.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert administrator_client.get(f"{HISTORY}add/").status_code == 403
    assert administrator_client.get(HISTORY).context["action_form"] is None
    change.refresh_from_db()
    assert (change.reason, change.to_state) == ("Spam.", User.State.BANNED)
