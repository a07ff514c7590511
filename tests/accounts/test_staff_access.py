"""Readers never reach editor, administrator or moderator pages; editors never moderate.

Each row is one page or action; `{target}` in a path or value is the id of the account acted
on. Post-level moderation actions are tested for refusal in
tests/forum/moderation/test_pages_access.py and tests/forum/moderation/test_api_decisions.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from forum.moderation.models import AccountStateChange
from tests.factories import EditorFactory, ModeratorFactory, ReaderFactory

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"


@dataclass(frozen=True)
class Page:
    method: str
    path: str
    data: dict[str, str | list[str]] = field(default_factory=dict)

    def request(self, client: Client, target: User) -> object:
        def fill(value: str) -> str:
            return value.format(target=target.pk)

        data = {
            key: [fill(v) for v in value] if isinstance(value, list) else fill(value)
            for key, value in self.data.items()
        }
        return getattr(client, self.method)(fill(self.path), data)


EDITOR_PAGES = [
    pytest.param(Page("get", "/admin/"), id="admin-index"),
    pytest.param(Page("get", "/admin/articles/article/"), id="articles"),
    pytest.param(Page("get", "/admin/articles/article/add/"), id="article-add"),
    pytest.param(Page("get", "/admin/accounts/user/"), id="users"),
    pytest.param(Page("get", "/admin/accounts/user/{target}/change/"), id="user-change"),
]


def _state_action(action: str, **fields: str) -> Page:
    """A user-state action on the users changelist, confirmed with its reason."""
    data: dict[str, str | list[str]] = {
        "action": action,
        "_selected_action": ["{target}"],
        "apply": "yes",
        "reason": "No reason at all.",
        **fields,
    }
    return Page("post", "/admin/accounts/user/", data)


MODERATOR_PAGES = [
    pytest.param(_state_action("suspend_users", days="7"), id="suspend-action"),
    pytest.param(_state_action("ban_users"), id="ban-action"),
    pytest.param(_state_action("reinstate_users"), id="reinstate-action"),
    pytest.param(Page("get", "/admin/moderation/accountstatechange/"), id="state-history"),
    pytest.param(Page("get", "/moderation/"), id="queue-pending"),
    pytest.param(Page("get", "/moderation/?queue=reported"), id="queue-reported"),
    pytest.param(Page("get", "/moderation/?queue=history"), id="queue-history"),
    pytest.param(Page("get", "/moderation/log/"), id="moderation-log"),
    pytest.param(Page("get", "/admin/discussions/post/"), id="posts-admin"),
    pytest.param(Page("get", "/admin/moderation/moderationlogentry/"), id="log-admin"),
    pytest.param(Page("get", "/api/v1/moderation/queue/"), id="queue-api"),
    pytest.param(Page("get", "/api/v1/moderation/log/"), id="log-api"),
]


@pytest.fixture
def target() -> User:
    """Suspended, so that each state action, if it were allowed, would change something."""
    return ReaderFactory(
        state=User.State.SUSPENDED, suspended_until=timezone.now() + timedelta(days=1)
    )


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _assert_refused(response: object) -> None:
    if response.status_code == 302:
        assert response["Location"].startswith(ADMIN_LOGIN)
    else:
        assert response.status_code in (403, 404)


def _assert_untouched(target: User) -> None:
    state = target.state
    target.refresh_from_db()
    assert target.state == state
    assert not AccountStateChange.objects.exists()


@pytest.mark.parametrize("page", EDITOR_PAGES + MODERATOR_PAGES)
def test_staff_pages_refused_when_the_user_is_a_verified_reader(page: Page, target: User) -> None:
    response = page.request(_client_for(ReaderFactory()), target)

    _assert_refused(response)
    _assert_untouched(target)


@pytest.mark.parametrize("page", MODERATOR_PAGES)
def test_moderator_pages_refused_when_the_user_is_an_editor(page: Page, target: User) -> None:
    response = page.request(_client_for(EditorFactory()), target)

    assert response.status_code in (403, 404)
    _assert_untouched(target)


@pytest.mark.parametrize("page", MODERATOR_PAGES)
def test_moderator_pages_open_to_a_moderator(page: Page, target: User) -> None:
    """The rows above are refused for who is asking, not for being malformed."""
    response = page.request(_client_for(ModeratorFactory()), target)

    assert response.status_code in (200, 302)
    assert not response.get("Location", "").startswith(ADMIN_LOGIN)
    changes = 1 if page.method == "post" else 0
    assert AccountStateChange.objects.filter(user=target).count() == changes
