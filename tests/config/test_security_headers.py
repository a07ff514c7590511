"""Every page is served with a Content-Security-Policy that allows no inline script, and no
page needs one."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+=", re.IGNORECASE)


def _directives(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def test_pages_forbid_inline_script_and_framing(client: Client) -> None:
    directives = _directives(client.get("/"))

    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]


def test_pages_send_a_referrer_policy_and_refuse_framing(client: Client) -> None:
    response = client.get("/")

    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("viewer", ["anonymous", "reader", "moderator"])
def test_no_page_carries_inline_script_or_event_handlers(client: Client, viewer: str) -> None:
    article = ArticleFactory()
    comment(article.discussion, body="A comment with a [link](https://example.com).")
    if viewer == "reader":
        client.force_login(ReaderFactory())
    elif viewer == "moderator":
        client.force_login(ModeratorFactory())
    urls = [
        "/",
        article.get_absolute_url(),
        article.discussion.get_absolute_url(),
        "/forum/",
        "/accounts/login/",
        "/accounts/signup/",
        "/api/docs/",
    ]
    if viewer == "moderator":
        urls += ["/moderation/", "/moderation/log/"]

    for url in urls:
        response = client.get(url, follow=True)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert not INLINE_SCRIPT.search(page), url
        assert not EVENT_HANDLER.search(page), url
