"""Who may use the moderation pages: readers and editors refused with 403 and anonymous
visitors sent to log in, nothing changed either way; and which author actions a moderator
is offered and allowed."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.moderation.models import ModerationLogEntry, Report
from forum.moderation.services.reports import report_create
from forum.moderation.views.queue import POST_ACTIONS
from tests.factories import (
    AdministratorFactory,
    EditorFactory,
    ModeratorFactory,
    ReaderFactory,
    UserFactory,
    comment,
)
from tests.forum.moderation.helpers import (
    LOG,
    QUEUE,
    Action,
    _action,
    _client_for,
    _held,
    _item,
    _page,
    _reload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("premoderated")]


PAGES = [
    pytest.param("get", QUEUE, id="queue"),
    pytest.param("get", f"{QUEUE}?queue=reported", id="reported"),
    pytest.param("get", f"{QUEUE}?queue=history", id="history"),
    pytest.param("get", LOG, id="log"),
    pytest.param("post", "/moderation/bulk/", id="bulk"),
    *(
        pytest.param("post", f"/moderation/p/{{post}}/{action}/", id=action)
        for action in POST_ACTIONS
    ),
]

ACTION_DATA = {
    "post": "{post}",
    "decision": "approve",
    "reason": "spam",
    "days": "7",
    "next": QUEUE,
}


def _request(client: Client, method: str, url: str, post: Post) -> object:
    data = {key: value.format(post=post.pk) for key, value in ACTION_DATA.items()}
    if method == "get":
        return client.get(url)
    return client.post(url.format(post=post.pk), data)


def _assert_untouched(post: Post, author: User, topic: Topic) -> None:
    post = _reload(post)
    assert post.status == Post.Status.PENDING
    assert not post.is_featured
    author.refresh_from_db()
    assert author.state == User.State.ACTIVE
    topic.refresh_from_db()
    assert not topic.is_closed
    assert not ModerationLogEntry.objects.exclude(action=Action.HOLD).exists()


@pytest.mark.parametrize("who", [ReaderFactory, EditorFactory], ids=["reader", "editor"])
@pytest.mark.parametrize(("method", "url"), PAGES)
def test_moderation_refused_with_403_when_the_user_is_not_discussion_staff(
    topic: Topic, reader: User, who: type[UserFactory], method: str, url: str
) -> None:
    post = _held(topic, author=reader)

    response = _request(_client_for(who()), method, url, post)

    assert response.status_code == 403
    _assert_untouched(post, reader, topic)


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_moderation_sends_anonymous_visitors_to_log_in(
    client: Client, topic: Topic, reader: User, method: str, url: str
) -> None:
    post = _held(topic, author=reader)

    response = _request(client, method, url, post)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/moderation/")
    _assert_untouched(post, reader, topic)


def test_moderator_sees_no_suspend_or_ban_for_an_administrators_post(
    mod_client: Client, topic: Topic
) -> None:
    post = comment(topic, author=AdministratorFactory())
    report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.ABUSE)

    item = _item(_page(mod_client, f"{QUEUE}?queue=reported"), post)

    assert "Suspend author" not in item
    assert "Ban author" not in item
    assert ">Remove</button>" in item


@pytest.mark.parametrize(
    ("action", "data"),
    [("suspend-author", {"days": "7", "reason": "No."}), ("ban-author", {"reason": "No."})],
)
def test_moderator_is_refused_suspending_or_banning_an_administrator(
    mod_client: Client, topic: Topic, action: str, data: dict[str, str]
) -> None:
    administrator = AdministratorFactory()
    post = comment(topic, author=administrator)

    response = mod_client.post(_action(post, action), data)

    assert response.status_code == 403
    assert "You may not change the state of this account." in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.state == User.State.ACTIVE


def test_administrator_sees_suspend_and_ban_for_a_moderators_post(
    client: Client, topic: Topic
) -> None:
    post = comment(topic, author=ModeratorFactory())
    report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.ABUSE)
    client.force_login(AdministratorFactory())

    item = _item(_page(client, f"{QUEUE}?queue=reported"), post)

    assert ">Suspend author</button>" in item
    assert ">Ban author</button>" in item


def test_moderator_sees_no_suspend_or_ban_for_their_own_post(
    mod_client: Client, moderator: User, topic: Topic
) -> None:
    post = comment(topic, author=moderator)
    report_create(post=post, reporter=ReaderFactory(), reason=Report.Reason.ABUSE)

    item = _item(_page(mod_client, f"{QUEUE}?queue=reported"), post)

    assert "Suspend author" not in item
