"""Every page is served with a Content-Security-Policy that allows no inline script, and no
page needs one."""

from __future__ import annotations

import re

import pytest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client, RequestFactory

from config.web.middleware import PrivateResponsesMiddleware
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
        "/api/docs/auth/",
    ]
    if viewer == "moderator":
        urls += ["/moderation/", "/moderation/log/"]

    for url in urls:
        response = client.get(url, follow=True)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert not INLINE_SCRIPT.search(page), url
        assert not EVENT_HANDLER.search(page), url


PERSONAL_PAGES = [
    "/settings/",
    "/settings/profile/",
    "/settings/notifications/",
    "/settings/delete/",
    "/settings/export/",
    "/notifications/",
    "/api/v1/me/",
    "/api/v1/me/export/",
    "/api/v1/me/notification-preferences/",
    "/api/v1/notifications/",
]


def _cache_control(response: HttpResponseBase) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("url", PERSONAL_PAGES)
def test_personal_page_is_kept_by_no_cache(client: Client, url: str) -> None:
    client.force_login(ReaderFactory())

    response = client.get(url)

    assert response.status_code == 200
    assert {"private", "no-store"} <= _cache_control(response)


@pytest.mark.parametrize("url", ["/settings/profile/", "/settings/notifications/"])
def test_personal_page_is_kept_by_no_cache_when_its_form_is_refused(
    client: Client, url: str
) -> None:
    client.force_login(ReaderFactory())

    response = client.post(url, {"display_name": "x" * 61, "reply": "pigeon"})

    assert response.status_code == 400
    assert {"private", "no-store"} <= _cache_control(response)


def test_public_page_is_kept_by_no_cache_for_a_logged_in_reader(client: Client) -> None:
    """It shows the reader's name and notifications in its header."""
    article = ArticleFactory()
    client.force_login(ReaderFactory())

    response = client.get(article.get_absolute_url())

    assert {"private", "no-store"} <= _cache_control(response)


def test_public_page_is_not_marked_private_for_anonymous_visitors(client: Client) -> None:
    response = client.get(ArticleFactory().get_absolute_url())

    assert "private" not in _cache_control(response)
    assert "no-store" not in _cache_control(response)


@pytest.mark.parametrize("url", ["/settings/", "/api/v1/me/"])
def test_personal_page_refuses_anonymous_visitors(client: Client, url: str) -> None:
    response = client.get(url)

    assert response.status_code in {302, 403}


def test_private_responses_keep_a_views_own_caching_but_make_it_private(rf: RequestFactory) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("cached a minute")
        response["Cache-Control"] = "public, max-age=60"
        return response

    request = rf.get("/")
    request.user = ReaderFactory()

    response = PrivateResponsesMiddleware(view)(request)

    assert _cache_control(response) == {"private", "max-age=60"}


@pytest.mark.parametrize("viewer", ["anonymous", "reader"])
@pytest.mark.parametrize("url", ["/", "/api/v1/articles/", "/no-such-page/", "/accounts/login/"])
def test_every_answer_denies_device_and_tracking_features(
    client: Client, viewer: str, url: str
) -> None:
    if viewer == "reader":
        client.force_login(ReaderFactory())

    policy = client.get(url)["Permissions-Policy"]

    features = dict(part.strip().split("=", 1) for part in policy.split(","))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"]:
        assert features[feature] == "()", feature


def test_answer_that_does_not_know_who_asked_is_left_cacheable(client: Client) -> None:
    ArticleFactory()
    client.force_login(ReaderFactory())

    response = client.get("/feed/")

    assert response.status_code == 200
    assert "no-store" not in _cache_control(response)
    assert "Cookie" not in response.get("Vary", "")


def test_private_responses_take_the_answer_as_personal_when_the_database_is_gone(
    rf: RequestFactory,
) -> None:
    """While PostgreSQL restarts, reading who asked fails again after the view answered: the
    answer (a 503) goes out, kept by no cache, instead of becoming a 500."""

    class Unreachable:
        @property
        def is_authenticated(self) -> bool:
            raise OperationalError("the database system is starting up")

    request = rf.post("/api/v1/articles/a/comments/")
    request.user = Unreachable()  # type: ignore[assignment]

    response = PrivateResponsesMiddleware(lambda request: HttpResponse(status=503))(request)

    assert response.status_code == 503
    assert "no-store" in _cache_control(response)
