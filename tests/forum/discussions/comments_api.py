"""What the comments API tests share: the URL, a JSON POST, a logged-in client, thread ids."""

from __future__ import annotations

from typing import Any

from django.test import Client

from accounts.models import User
from articles.models import Article


def comments_url(article: Article) -> str:
    return f"/api/v1/articles/{article.slug}/comments/"


def post_json(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def ids(threads: list[dict[str, Any]]) -> list[int]:
    return [thread["id"] for thread in threads]
