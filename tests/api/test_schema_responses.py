"""The answers the schema fuzzing (test_schema_fuzz.py) found undocumented or in HTML, pinned
one by one: each request gets the status it got, and the schema now lists that status for the
operation, in JSON."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from accounts.models import User
from tests.factories import ModeratorFactory, ReaderFactory

pytestmark = pytest.mark.django_db

AS_JSON = "application/json"


def documented_statuses(client: Client, path: str, method: str) -> set[str]:
    paths: dict[str, Any] = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    return set(paths[path][method]["responses"])


def caller(role: str) -> User | None:
    return {"anonymous": lambda: None, "reader": ReaderFactory, "moderator": ModeratorFactory}[
        role
    ]()


@pytest.mark.parametrize(
    ("role", "method", "url", "body", "template", "status"),
    [
        # Pages past the last, and things that are not there.
        ("anonymous", "get", "/api/v1/articles/?page=99", None, "/api/v1/articles/", 404),
        ("anonymous", "get", "/api/v1/articles/nothing/", None, "/api/v1/articles/{slug}/", 404),
        ("anonymous", "get", "/api/v1/users/nobody/", None, "/api/v1/users/{handle}/", 404),
        (
            "anonymous",
            "get",
            "/api/v1/forum/categories/nothing/topics/",
            None,
            "/api/v1/forum/categories/{slug}/topics/",
            404,
        ),
        ("reader", "get", "/api/v1/notifications/?page=99", None, "/api/v1/notifications/", 404),
        (
            "moderator",
            "get",
            "/api/v1/moderation/log/?page=99",
            None,
            "/api/v1/moderation/log/",
            404,
        ),
        # Endpoints for the logged in, called by someone who is not.
        ("anonymous", "get", "/api/v1/me/", None, "/api/v1/me/", 403),
        ("anonymous", "patch", "/api/v1/me/", {}, "/api/v1/me/", 403),
        ("anonymous", "put", "/api/v1/me/avatar/", None, "/api/v1/me/avatar/", 403),
        ("anonymous", "delete", "/api/v1/me/avatar/", None, "/api/v1/me/avatar/", 403),
        ("anonymous", "post", "/api/v1/me/delete/", {}, "/api/v1/me/delete/", 403),
        ("anonymous", "get", "/api/v1/me/export/", None, "/api/v1/me/export/", 403),
        (
            "anonymous",
            "get",
            "/api/v1/me/notification-preferences/",
            None,
            "/api/v1/me/notification-preferences/",
            403,
        ),
        (
            "anonymous",
            "patch",
            "/api/v1/me/notification-preferences/",
            {},
            "/api/v1/me/notification-preferences/",
            403,
        ),
        # Input refused.
        ("reader", "patch", "/api/v1/me/", {"email": "x@example.com"}, "/api/v1/me/", 400),
        (
            "reader",
            "patch",
            "/api/v1/me/notification-preferences/",
            {"reply": "by carrier pigeon"},
            "/api/v1/me/notification-preferences/",
            400,
        ),
    ],
)
def test_api_answers_a_status_its_schema_documents(
    client: Client,
    role: str,
    method: str,
    url: str,
    body: dict[str, str] | None,
    template: str,
    status: int,
) -> None:
    if (user := caller(role)) is not None:
        client.force_login(user)
    kwargs: dict[str, Any] = {"content_type": AS_JSON} if body is not None else {}

    response = getattr(client, method)(url, body, **kwargs)

    assert response.status_code == status
    assert response["Content-Type"] == AS_JSON
    assert str(status) in documented_statuses(client, template, method)


def test_avatar_api_documents_its_400(client: Client) -> None:
    client.force_login(ReaderFactory())

    response = client.put(
        "/api/v1/me/avatar/",
        encode_multipart(BOUNDARY, {"avatar": "not a file"}),
        content_type=MULTIPART_CONTENT,
    )

    assert response.status_code == 400
    assert "400" in documented_statuses(client, "/api/v1/me/avatar/", "put")


def test_a_body_in_a_type_the_operation_does_not_take_is_a_documented_415(
    client: Client,
) -> None:
    client.force_login(ReaderFactory())

    response = client.patch("/api/v1/me/", "display_name=Ada", content_type="text/plain")

    assert response.status_code == 415
    assert response["Content-Type"] == AS_JSON
    assert "415" in documented_statuses(client, "/api/v1/me/", "patch")


def test_every_operation_documents_the_503_of_a_database_outage(client: Client) -> None:
    paths: dict[str, Any] = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    undocumented = [
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method, operation in operations.items()
        if "503" not in operation["responses"]
    ]

    assert not undocumented


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/posts/abc/"),  # an id that is not a number
        ("delete", "/api/v1/posts/-1/"),
        ("post", "/api/v1/posts/1.5/reactions/"),
        ("get", "/api/v1/articles/not%20a%20slug/comments/"),  # a slug with a space
        ("post", "/api/v1/forum/categories/%C3%A9t%C3%A9/topics/"),
        ("get", "/api/v1/forum/topics/true/subscription/"),
        ("post", "/api/v1/notifications/1e9/read/"),
        ("get", "/api/v1/nothing/here/"),
        ("get", "/api/v1/"),
    ],
)
def test_api_url_that_names_nothing_is_a_json_404(client: Client, method: str, url: str) -> None:
    client.force_login(ReaderFactory())

    response = getattr(client, method)(url)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_api_url_without_its_slash_is_still_redirected_to_it(client: Client) -> None:
    response = client.get("/api/v1/articles")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/articles/"


def test_api_json_404_still_refuses_a_logged_in_post_without_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(ReaderFactory())

    response = client.post("/api/v1/posts/abc/reactions/")

    assert response.status_code == 403
    assert response["Content-Type"] == AS_JSON
