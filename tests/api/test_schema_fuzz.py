"""Hostile input against the API's own OpenAPI schema: Schemathesis generates requests from
/api/schema/ (valid and invalid ones) for every operation, sends them to the WSGI app in this
process as an anonymous visitor, a verified reader (a browser: session cookie and CSRF token)
and a moderator (an app: allauth's session token), and checks that nothing is a server error
and that every answer is one the schema documents (status, content type, body).

Runs are reproducible: Hypothesis is derandomized and keeps no example database, so the same
code answers the same requests. Each operation and caller is one test on its own database
state, seeded with an article and its comments, a forum topic, a held post, a reported post
and notifications; path parameters name those real objects three times in four. The examples
of one test share that state: a post deleted by one is gone for the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import User
from forum.discussions.models import Post
from forum.discussions.services.topics import topic_create
from forum.moderation.models import Report
from forum.moderation.services.reports import report_create
from forum.notifications.models import Notification
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ModeratorFactory,
    ReaderFactory,
    comment,
)

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 20  # per operation and caller: 135 tests, about 2,700 requests

schema = schemathesis.openapi.from_wsgi(
    "/api/schema/",
    get_wsgi_application(),
    # Schemathesis derives each operation's seed from this one; left out, it picks one per run.
    # Callers send their own credentials (Seeded): made-up ones, which Schemathesis would add to
    # every operation that requires logging in, could only ever be refused.
    config=schemathesis.Config.from_dict(
        {"seed": 20_250_917, "generation": {"with-security-parameters": False}}
    ),
).exclude(path_regex=r"^/api/(schema|docs)/")

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _connection_kept_open() -> Iterator[None]:
    """Calls go straight to the WSGI app, not through Django's test client, so do what the
    client does: keep the start and end of a request from closing the test's connection."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@dataclass(frozen=True)
class Seeded:
    """What the database holds for the fuzzer to find, and who calls."""

    headers: dict[str, str]
    cookies: dict[str, str]
    # Path parameters that name something real, by the path up to the parameter.
    real_values: dict[str, list[Any]]


@pytest.fixture
def seeded(
    request: pytest.FixtureRequest,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> Seeded:
    settings.CELERY_TASK_ALWAYS_EAGER = True  # notifications are made here even with REDIS_URL
    reader = ReaderFactory(username="fuzz_reader", password="fuzz-reader-password")
    moderator = ModeratorFactory(username="fuzz_moderator", password="fuzz-moderator-password")
    others = [ReaderFactory() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(slug="magnet-prices-rise")
        root = comment(article.discussion, author=reader)
        reply = comment(article.discussion, author=others[0], reply_to=root)
        mention = comment(
            article.discussion, author=others[1], reply_to=reply, body="Quite so, @fuzz_reader."
        )
        category = CategoryFactory(slug="market-talk")
        topic = topic_create(
            category=category, author=others[0], title="Magnet prices", body="Up again."
        )
        forum_post = comment(topic, author=reader)
        settings.FORUM_PREMODERATE_FIRST_POSTS = 1
        held = comment(article.discussion, author=ReaderFactory(), reply_to=root)
        settings.FORUM_PREMODERATE_FIRST_POSTS = 0
        report_create(post=mention, reporter=others[2], reason=Report.Reason.SPAM)
    assert held.status == Post.Status.PENDING
    notifications = list(Notification.objects.values_list("pk", flat=True))
    assert Notification.objects.filter(recipient=reader).exists()  # the reply and the mention
    headers, cookies = {
        "anonymous": lambda: ({}, {}),
        "reader": lambda: browser_credentials(reader),
        "moderator": lambda: app_credentials(moderator.email, "fuzz-moderator-password"),
    }[request.param]()
    posts = [root.pk, reply.pk, mention.pk, forum_post.pk, held.pk]
    return Seeded(
        headers=headers,
        cookies=cookies,
        real_values={
            "/api/v1/articles/{slug}": [article.slug],
            "/api/v1/forum/categories/{slug}": [category.slug],
            "/api/v1/forum/topics/{id}": [topic.pk, article.discussion.pk],
            "/api/v1/posts/{id}": posts,
            "/api/v1/moderation/posts/{id}": posts,
            "/api/v1/notifications/{id}": notifications,
            "/api/v1/users/{handle}": [reader.username, moderator.username, "FUZZ_READER"],
        },
    )


def browser_credentials(user: User) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and cookies of a logged-in browser: the session, and a CSRF token (session
    authentication refuses unsafe methods without it)."""
    client = Client()
    client.force_login(user)
    token = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}
    return {"X-CSRFToken": token}, cookies


def app_credentials(email: str, password: str) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and cookies of a logged-in app: the session token of allauth's app login, no
    cookie at all."""
    response = Client().post(
        "/_allauth/app/v1/auth/login",
        {"email": email, "password": password},
        content_type="application/json",
    )
    return {"X-Session-Token": response.json()["meta"]["session_token"]}, {}


@pytest.mark.parametrize("seeded", ["anonymous", "reader", "moderator"], indirect=True)
@schema.parametrize()
@schema.given(data=st.data())
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # The seeded database is a function-scoped fixture on purpose: one per operation and
    # caller, not one per example. Request bodies are big and slow to generate by design.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_as_its_schema_says(case: schemathesis.Case, data: Any, seeded: Seeded) -> None:
    path = case.operation.path
    for name in case.path_parameters or {}:
        values = seeded.real_values.get(path[: path.index(f"{{{name}}}") + len(name) + 2])
        # Three times in four something real, so that requests get past the lookup.
        if values and data.draw(st.integers(0, 3), label=f"real {name}"):
            case.path_parameters[name] = data.draw(st.sampled_from(values), label=name)
    headers = dict(seeded.headers)
    multipart = (case.media_type or "").startswith("multipart/")
    if multipart and isinstance(case.body, str | bytes):
        # A malformed multipart body goes in-process with no Content-Type at all (Schemathesis
        # has no boundary to name), which DRF answers 415; the request it reports, and a client
        # would send, declares multipart.
        headers["Content-Type"] = case.media_type
    case.call_and_validate(headers=headers, cookies=seeded.cookies, checks=CHECKS)
