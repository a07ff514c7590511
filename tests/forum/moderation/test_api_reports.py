"""Readers' reports through the API, POST /api/v1/posts/<id>/reports/: a report made, a post
hidden by reports, every refusal, the hourly limit, and the deprecated flags path."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from accounts.models import User
from forum.discussions.models import Post, Topic
from forum.moderation.models import Report
from tests.factories import comment
from tests.forum.moderation.helpers import logged_in, post_json, report

pytestmark = pytest.mark.django_db


def reports_url(post: Post) -> str:
    return f"/api/v1/posts/{post.pk}/reports/"


@pytest.fixture
def reader_client(client: Client, reader: User) -> Client:
    return logged_in(client, reader)


def test_post_report_create_api_reports_a_post(reader_client: Client, visible: Post) -> None:
    response = post_json(reader_client, reports_url(visible), {"reason": "abuse", "text": "Rude."})

    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in ("post", "reason", "text", "post_status")} == {
        "post": visible.pk,
        "reason": "abuse",
        "text": "Rude.",
        "post_status": "visible",
    }
    assert Report.objects.get().pk == body["id"]


def test_post_report_create_api_says_when_the_report_hid_the_post(
    reader_client: Client, visible: Post, settings: Settings
) -> None:
    report(visible, settings.FORUM_REPORT_THRESHOLD - 1)

    response = post_json(reader_client, reports_url(visible), {"reason": "spam"})

    assert response.status_code == 201
    assert response.json()["post_status"] == "pending"


@pytest.mark.parametrize(
    "who",
    [
        pytest.param("anonymous", id="anonymous"),
        pytest.param("unverified", id="unverified"),
        pytest.param("suspended", id="suspended"),
        pytest.param("banned", id="banned"),
        pytest.param("author", id="own-post"),
    ],
)
def test_post_report_create_api_refuses(
    who: str,
    client: Client,
    visible: Post,
    unverified_user: User,
    suspended_reader: User,
    banned_reader: User,
) -> None:
    user = {
        "anonymous": None,
        "unverified": unverified_user,
        "suspended": suspended_reader,
        "banned": banned_reader,
        "author": visible.author,
    }[who]
    if user is not None:
        client.force_login(user)

    response = post_json(client, reports_url(visible), {"reason": "spam"})

    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Report.objects.exists()


def test_post_report_create_api_refuses_a_second_report(
    reader_client: Client, visible: Post
) -> None:
    post_json(reader_client, reports_url(visible), {"reason": "spam"})

    response = post_json(reader_client, reports_url(visible), {"reason": "abuse"})

    assert response.status_code == 400
    assert response.json() == {"post": ["You already reported this comment."]}
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "reason"),
        ({"reason": "boring"}, "reason"),
        ({"reason": "other"}, "text"),
        ({"reason": "other", "text": "   "}, "text"),
        ({"reason": "other", "text": "x" * 501}, "text"),
    ],
)
def test_post_report_create_api_refuses_a_bad_report(
    reader_client: Client, visible: Post, data: dict[str, Any], field: str
) -> None:
    response = post_json(reader_client, reports_url(visible), data)

    assert response.status_code == 400
    assert set(response.json()) == {field}
    assert not Report.objects.exists()


def test_post_report_create_api_refuses_a_post_already_with_the_moderators(
    moderator_client: Client, held: Post
) -> None:
    response = post_json(moderator_client, reports_url(held), {"reason": "spam"})

    assert response.status_code == 400
    assert response.json() == {"post": ["This comment is already with the moderators."]}


def test_post_report_create_api_is_404_for_a_post_the_reader_cannot_see(
    reader_client: Client, held: Post
) -> None:
    response = post_json(reader_client, reports_url(held), {"reason": "spam"})

    assert response.status_code == 404
    assert not Report.objects.exists()


def test_post_report_create_api_is_404_for_an_unknown_post(reader_client: Client) -> None:
    response = post_json(reader_client, "/api/v1/posts/999999/reports/", {"reason": "spam"})

    assert response.status_code == 404


def test_post_report_create_api_answers_429_with_retry_after_over_the_hourly_limit(
    reader_client: Client, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_REPORTS_PER_HOUR = 2
    for _ in range(2):
        response = post_json(reader_client, reports_url(comment(topic)), {"reason": "spam"})
        assert response.status_code == 201

    response = post_json(reader_client, reports_url(comment(topic)), {"reason": "spam"})

    assert response.status_code == 429
    assert 3500 < int(response.headers["Retry-After"]) <= 3600
    assert "Try again in" in response.json()["detail"]
    assert Report.objects.count() == 2


def test_post_report_create_api_says_the_same_as_the_report_page_over_the_hourly_limit(
    reader_client: Client, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_REPORTS_PER_HOUR = 1
    post_json(reader_client, reports_url(comment(topic)), {"reason": "spam"})

    response = post_json(reader_client, reports_url(comment(topic)), {"reason": "spam"})

    assert response.status_code == 429
    assert response.json()["detail"] == (
        "You have reported many comments in the last hour. Try again in 60 minutes."
    )


def test_post_report_create_api_answers_at_the_deprecated_flags_path_too(
    reader_client: Client, visible: Post
) -> None:
    response = post_json(reader_client, f"/api/v1/posts/{visible.pk}/flags/", {"reason": "spam"})

    assert response.status_code == 201
    assert Report.objects.get().pk == response.json()["id"]
    assert reverse("api-post-flags", args=[visible.pk]) == f"/api/v1/posts/{visible.pk}/flags/"
