"""Strict input types (config/web/api_input.py): a string field takes only a string, an id only a
JSON integer naming a row; anything else is a 400 with the field's message, never coerced."""

from __future__ import annotations

import importlib
import inspect
import json
from typing import Any

import pytest
from django.test import Client
from rest_framework import relations, serializers

from accounts.models import User
from articles.models import Article
from config.web.api_input import (
    IdRelatedField,
    QueryIntegerField,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
)
from forum.discussions.models import Post
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

AS_JSON = "application/json"
API_MODULES = [
    "accounts.api.serializers",
    "accounts.api.account_views",
    "articles.api.serializers",
    "forum.discussions.api.serializers",
    "forum.moderation.api.serializers",
    "forum.notifications.api.serializers",
]


def send(client: Client, method: str, url: str, data: Any) -> Any:
    return getattr(client, method)(url, json.dumps(data), content_type=AS_JSON)


@pytest.fixture
def reader(db: None) -> User:
    return ReaderFactory()


@pytest.fixture
def reader_client(client: Client, reader: User) -> Client:
    client.force_login(reader)
    return client


@pytest.fixture
def article(db: None) -> Article:
    return ArticleFactory()


@pytest.fixture
def parent(article: Article) -> Post:
    return comment(article.discussion)


@pytest.mark.parametrize("body", [123, 1.5, True, ["A fair point."], {"text": "A fair point."}])
def test_comment_api_refuses_a_body_that_is_not_a_string(
    reader_client: Client, article: Article, body: object
) -> None:
    url = f"/api/v1/articles/{article.slug}/comments/"

    response = send(reader_client, "post", url, {"body": body})

    assert response.status_code == 400
    assert response.json() == {"body": ["Not a valid string."]}
    assert not Post.objects.filter(topic=article.discussion).exists()


@pytest.mark.parametrize("kind", ["float", "string", "true", "list"])
def test_comment_api_refuses_a_parent_that_is_not_a_json_integer(
    reader_client: Client, article: Article, parent: Post, kind: str
) -> None:
    value = {"float": parent.pk + 0.5, "string": str(parent.pk), "true": True, "list": [parent.pk]}
    url = f"/api/v1/articles/{article.slug}/comments/"

    response = send(reader_client, "post", url, {"body": "A fair reply.", "parent": value[kind]})

    assert response.status_code == 400
    assert response.json() == {"parent": ["A comment is given by its id."]}
    assert not Post.objects.filter(reply_to=parent).exists()


@pytest.mark.parametrize("value", [0, -5, 2**63, 10**30])
def test_comment_api_refuses_a_parent_id_out_of_range_as_not_there(
    reader_client: Client, article: Article, value: int
) -> None:
    url = f"/api/v1/articles/{article.slug}/comments/"

    response = send(reader_client, "post", url, {"body": "A fair reply.", "parent": value})

    assert response.status_code == 400
    assert response.json() == {"parent": ["That comment does not exist."]}


def test_comment_api_still_takes_a_reply_by_its_id(
    reader_client: Client, article: Article, parent: Post
) -> None:
    url = f"/api/v1/articles/{article.slug}/comments/"

    response = send(reader_client, "post", url, {"body": "A fair reply.", "parent": parent.pk})

    assert response.status_code == 201
    assert response.json()["parent"] == parent.pk


@pytest.mark.parametrize("field", ["display_name", "bio"])
@pytest.mark.parametrize("value", [5, False, ["Ann"]])
def test_me_api_refuses_a_profile_field_that_is_not_a_string(
    reader_client: Client, reader: User, field: str, value: object
) -> None:
    response = send(reader_client, "patch", "/api/v1/me/", {field: value})

    assert response.status_code == 400
    assert response.json() == {field: ["Not a valid string."]}
    reader.refresh_from_db()
    assert getattr(reader, field) == ""


@pytest.mark.parametrize("days", ["3", 3.0, True])
def test_suspend_api_refuses_days_that_are_not_a_json_integer(
    client: Client, parent: Post, days: object
) -> None:
    client.force_login(ModeratorFactory())
    url = f"/api/v1/moderation/posts/{parent.pk}/suspend-author/"

    response = send(client, "post", url, {"days": days, "reason": "Cooling off."})

    assert response.status_code == 400
    assert response.json() == {"days": ["A valid integer is required."]}


def test_account_delete_api_refuses_a_password_that_is_not_a_string(
    reader_client: Client,
) -> None:
    response = send(reader_client, "post", "/api/v1/me/delete/", {"password": 12345678})

    assert response.status_code == 400
    assert response.json() == {"password": ["Not a valid string."]}


# Every input serializer declares its fields from config/web/api_input.py.

LAX = {
    serializers.CharField: StrictCharField,
    serializers.BooleanField: StrictBooleanField,
    serializers.IntegerField: StrictIntegerField,
    relations.PrimaryKeyRelatedField: IdRelatedField,
}
STRICT = (*LAX.values(), QueryIntegerField)


def _input_serializers() -> list[type[serializers.Serializer[Any]]]:
    found = []
    for name in API_MODULES:
        for _, cls in inspect.getmembers(importlib.import_module(name), inspect.isclass):
            if issubclass(cls, serializers.BaseSerializer) and cls.__name__.endswith(
                "InputSerializer"
            ):
                found.append(cls)
    return found


def test_input_serializers_are_all_found() -> None:
    names = {cls.__name__ for cls in _input_serializers()}

    assert {"PostCreateInputSerializer", "MeUpdateInputSerializer"} <= names
    assert "AccountDeleteInputSerializer" in names


@pytest.mark.parametrize("serializer", _input_serializers(), ids=lambda cls: cls.__name__)
def test_input_serializer_fields_are_strict(serializer: type[serializers.Serializer[Any]]) -> None:
    lax = [
        f"{name}: {type(field).__name__}, use {strict.__name__}"
        for name, field in serializer(context={"request": None}).fields.items()
        for base, strict in LAX.items()
        if isinstance(field, base) and not isinstance(field, STRICT)
    ]

    assert lax == []
