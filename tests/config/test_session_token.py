"""Apps call the API with allauth's app session token (config/web/session_token.py): signed up,
verified and logged in through `/_allauth/app/v1/`, they take part with the token alone, and
are refused what a browser session of the same person is refused."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from forum.discussions.models import Post, Reaction
from forum.moderation.models import Report
from forum.moderation.services.account_states import user_ban, user_suspend
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the factories' password
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], None]]]]


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def app_login(email: str, password: str = PASSWORD) -> str:
    """The session token allauth's app login gives."""
    response = _post(
        Client(), "/_allauth/app/v1/auth/login", {"email": email, "password": password}
    )
    assert response.status_code == 200, response.json()
    return str(response.json()["meta"]["session_token"])


def app(token: str) -> Client:
    """An app: no cookies, the token on every request, and CSRF checked as a browser's is."""
    return Client(enforce_csrf_checks=True, headers={"X-Session-Token": token})


def browser(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_app_session_token_signs_up_verifies_logs_in_and_takes_part(
    django_capture_on_commit_callbacks: CaptureOnCommit, eager_tasks: None
) -> None:
    article = ArticleFactory()
    someone_elses = comment(article.discussion)
    signup = {"email": "ann@example.com", "username": "ann_r", "password": "neodymium 42 magnets"}
    with django_capture_on_commit_callbacks(execute=True):
        signed_up = _post(Client(), "/_allauth/app/v1/auth/signup", signup)
    assert signed_up.status_code == 401  # the address is still to verify
    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[-1].body)
    assert key
    with django_capture_on_commit_callbacks(execute=True):
        verified = app(signed_up.json()["meta"]["session_token"]).post(
            "/_allauth/app/v1/auth/email/verify",
            {"key": key.group(1)},
            content_type="application/json",
        )
    assert verified.status_code == 200
    assert verified.json()["meta"]["is_authenticated"] is True

    ann = app(app_login("ann@example.com", "neodymium 42 magnets"))
    me = ann.get("/api/v1/me/")
    with django_capture_on_commit_callbacks(execute=True):
        posted = _post(ann, f"/api/v1/articles/{article.slug}/comments/", {"body": "Up again."})
        liked = _post(ann, f"/api/v1/posts/{someone_elses.pk}/reactions/")
        reported = _post(ann, f"/api/v1/posts/{someone_elses.pk}/reports/", {"reason": "spam"})
        comment(article.discussion, reply_to=Post.objects.get(pk=posted.json()["id"]))
    inbox = ann.get("/api/v1/notifications/").json()
    marked = _post(ann, f"/api/v1/notifications/{inbox['results'][0]['id']}/read/")

    assert me.json()["handle"] == "ann_r"
    assert posted.status_code == 201
    assert Post.objects.get(pk=posted.json()["id"]).author.username == "ann_r"
    assert (liked.status_code, liked.json()) == (201, {"like_count": 1, "liked": True})
    assert reported.status_code == 201
    assert Report.objects.get().reporter.username == "ann_r"
    assert (inbox["count"], inbox["unread_count"]) == (1, 1)
    assert inbox["results"][0]["kind"] == "reply"
    assert marked.status_code == 200
    assert ann.get("/api/v1/notifications/").json()["unread_count"] == 0


def test_session_token_authentication_refuses_an_unknown_token_with_a_json_401() -> None:
    article = ArticleFactory()
    client = app("no-such-session")

    reading = client.get("/api/v1/articles/")
    posting = _post(client, f"/api/v1/articles/{article.slug}/comments/", {"body": "Hello."})

    for response in (reading, posting):
        assert response.status_code == 401
        assert response["Content-Type"] == "application/json"
        assert response["WWW-Authenticate"] == "X-Session-Token"
        assert response.json() == {"detail": "The session token is not valid: log in again."}
    assert not Post.objects.exists()


def test_session_token_authentication_refuses_an_expired_token() -> None:
    reader = ReaderFactory()
    token = app_login(reader.email)
    Session.objects.filter(session_key=token).update(expire_date=timezone.now())

    response = app(token).get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json() == {"detail": "The session token is not valid: log in again."}


def test_session_token_authentication_refuses_a_token_logged_out() -> None:
    token = app_login(ReaderFactory().email)
    app(token).delete("/_allauth/app/v1/auth/session")

    assert app(token).get("/api/v1/me/").status_code == 401


def test_session_token_authentication_refuses_the_token_of_a_deleted_account() -> None:
    reader = ReaderFactory()
    token = app_login(reader.email)

    deleted = _post(app(token), "/api/v1/me/delete/", {"password": PASSWORD})

    assert deleted.status_code == 204
    assert User.objects.get(pk=reader.pk).state == User.State.DELETED
    assert app(token).get("/api/v1/me/").status_code == 401


def test_session_token_authentication_refuses_the_token_of_an_account_banned_since() -> None:
    reader = ReaderFactory()
    token = app_login(reader.email)

    user_ban(user=reader, by=ModeratorFactory(), reason="Spam.")

    assert app(token).get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize("state", ["suspended", "banned"])
def test_session_token_holder_gets_the_refusals_a_session_gets_when_restricted(state: str) -> None:
    reader = ReaderFactory()
    if state == "suspended":
        until = timezone.now() + timedelta(days=1)
        user_suspend(user=reader, by=ModeratorFactory(), until=until, reason="Cooling off.")
    else:
        user_ban(user=reader, by=ModeratorFactory(), reason="Spam.")
    article = ArticleFactory()
    target = comment(article.discussion)
    writes = [
        (f"/api/v1/articles/{article.slug}/comments/", {"body": "Let me in."}),
        (f"/api/v1/posts/{target.pk}/reactions/", {}),
        (f"/api/v1/posts/{target.pk}/reports/", {"reason": "spam"}),
    ]
    token_client, session_client = app(app_login(reader.email)), browser(reader)

    for url, body in writes:
        by_token = _post(token_client, url, body)
        by_session = _post(session_client, url, body)
        assert by_token.status_code == by_session.status_code == 403, url
        assert by_token.json() == by_session.json(), url
        assert by_token.json()["detail"].startswith(f"Your account is {state}"), url
    assert Post.objects.count() == 1
    assert not Reaction.objects.exists()
    assert not Report.objects.exists()


def test_session_token_request_needs_no_csrf_token() -> None:
    article = ArticleFactory()

    response = _post(
        app(app_login(ReaderFactory().email)),
        f"/api/v1/articles/{article.slug}/comments/",
        {"body": "From the app."},
    )

    assert response.status_code == 201


def test_session_request_still_needs_a_csrf_token() -> None:
    article = ArticleFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(ReaderFactory())

    response = _post(client, f"/api/v1/articles/{article.slug}/comments/", {"body": "Forged."})

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Post.objects.exists()


def test_session_token_authentication_leaves_anonymous_refusals_as_they_were() -> None:
    article = ArticleFactory()

    response = _post(Client(), f"/api/v1/articles/{article.slug}/comments/", {"body": "Hi."})

    assert response.status_code == 403
    assert response.json() == {"detail": "Log in to take part in the discussion."}
    assert not response.has_header("WWW-Authenticate")


def test_session_token_answer_is_kept_by_no_cache() -> None:
    response = app(app_login(ReaderFactory().email)).get("/api/v1/me/")

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control


def test_api_schema_describes_the_session_token_and_its_refusal(client: Client) -> None:
    schema = client.get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/articles/{slug}/comments/"]["post"]
    assert schema["components"]["securitySchemes"]["sessionToken"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-Session-Token",
        "description": schema["components"]["securitySchemes"]["sessionToken"]["description"],
    }
    assert {"sessionToken": []} in operation["security"]
    assert {"cookieAuth": []} in operation["security"]
    assert operation["responses"]["401"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOutput"
    }
    assert "X-Session-Token" in schema["info"]["description"]
