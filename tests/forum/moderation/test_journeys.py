"""A newcomer's first comment, from sign-up to publication, through the HTML pages only."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.core import mail
from django.test import Client
from pytest_django import Settings

from tests.factories import ArticleFactory, ModeratorFactory

pytestmark = pytest.mark.django_db

CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]
PASSWORD = "rare earth magnets 42"
# No company named: a named company would be a link, and the text would not show as written.
COMMENT = "Does the new Malaysian plant separate heavy rare earths too?"


def _ok(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response
    return response.content.decode()


def _form_action(page: str, form_class: str) -> str:
    match = re.search(rf'<form [^>]*class="{form_class}"[^>]* action="([^"]+)"', page)
    assert match, f"no {form_class} form"
    return match.group(1)


def test_a_newcomers_first_comment_is_held_until_a_moderator_approves_it(
    settings: Settings, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    article_url = ArticleFactory().get_absolute_url()
    newcomer, visitor, moderator = Client(), Client(), Client()

    # Sign up and follow the link in the verification mail, which logs the newcomer in.
    assert 'name="username"' in _ok(newcomer, "/accounts/signup/")
    with django_capture_on_commit_callbacks(execute=True):
        response = newcomer.post(
            "/accounts/signup/",
            {
                "email": "nell@example.com",
                "username": "nell_n",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert response.status_code == 302
    link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body)
    assert link
    _ok(newcomer, link.group(1))
    assert newcomer.post(link.group(1)).status_code == 302

    # The first comment, through the form under the article: held.
    article = _ok(newcomer, article_url)
    response = newcomer.post(_form_action(article, "comment-form"), {"body": COMMENT}, follow=True)
    assert response.status_code == 200
    own_view = response.content.decode()
    assert "Your comment will appear once a moderator has approved it" in own_view
    assert COMMENT in own_view
    assert "Awaiting moderation" in own_view

    # Anyone else sees no comment yet.
    public = _ok(visitor, article_url)
    assert '<h2 id="comments-title">0 Comments</h2>' in public
    assert "No replies yet" in public
    assert COMMENT not in public

    # A moderator logs in, finds it in the queue and approves it.
    staff = ModeratorFactory()
    response = moderator.post(
        "/accounts/login/", {"login": staff.username, "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert '<span class="nav-count"' in _ok(moderator, article_url)
    queue = _ok(moderator, "/moderation/")
    assert COMMENT in queue
    assert "A first post: the author has 0 approved posts." in queue
    response = moderator.post(
        _form_action(queue, "mod-approve"), {"next": "/moderation/"}, follow=True
    )
    queue = response.content.decode()
    assert "Approved ✓" in queue
    assert COMMENT not in queue
    assert "Nothing here: the queue is clear." in queue

    # Now everyone reads it.
    public = _ok(visitor, article_url)
    assert '<h2 id="comments-title">1 Comment</h2>' in public
    assert COMMENT in public
    assert "Awaiting moderation" not in _ok(newcomer, article_url)
