"""Random JSON against every write: each POST, PUT, PATCH and DELETE in the OpenAPI schema,
and allauth's headless endpoints (not in our schema), gets JSON of random shapes and sizes,
nested thousands deep, holding numbers no float or bigint holds, or longer than the API reads,
from a moderator (who may do everything there), and must answer it without a 5xx.

test_schema_fuzz.py sends what the schema describes, valid or not, field by field; this sends
what no schema describes: the input layer's limits (config/web/json_input.py,
config/web/api_input.py) are what it exercises. Runs are reproducible and bounded:
derandomized, no example database, EXAMPLES examples per endpoint (about 20 s in all on SQLite)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django import Settings

from config.web.json_input import MAX_JSON_BYTES, MAX_JSON_DEPTH
from forum.discussions.services.topics import topic_create
from forum.notifications.models import Notification
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ModeratorFactory,
    ReaderFactory,
    comment,
)

pytestmark = pytest.mark.django_db

EXAMPLES = 25
WRITES = ("post", "put", "patch", "delete")
HEADLESS = [
    f"/_allauth/{client}/v1/{path}"
    for client in ("app", "browser")
    for path in (
        "auth/login",
        "auth/signup",
        "auth/password/request",
        "auth/password/reset",
        "auth/email/verify",
        "auth/reauthenticate",
        "account/email",
        "account/password/change",
    )
]


def _write_operations() -> list[tuple[str, str, list[str]]]:
    """(method, path template, the body's field names) of every write in the schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in WRITES:
                continue
            body = operation.get("requestBody", {}).get("content", {})
            ref = body.get("application/json", {}).get("schema", {}).get("$ref", "")
            fields = list(components.get(ref.rpartition("/")[2], {}).get("properties", {}))
            found.append((method, path, fields))
    return found


WRITE_OPERATIONS = _write_operations()

# Any JSON value, with integers past a bigint and floats of every size.
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
# What json.dumps never writes: numbers no float holds, the non-standard constants, an integer
# of more digits than Python reads.
RAW_NUMBERS = ["1e400", "-1e400", "NaN", "Infinity", "9" * 30, "9" * 5000, "1.5", "-0"]


@st.composite
def json_bodies(draw: st.DrawFn, fields: list[str]) -> str:
    """A body: an object of the operation's fields (and others) with random values, some value
    replaced by a raw number or nested deep, or the whole of it padded past the size limit."""
    keys = st.sampled_from(fields) | st.text(max_size=8) if fields else st.text(max_size=8)
    document: Any = draw(st.dictionaries(keys, VALUES, max_size=5) | VALUES, label="document")
    text = json.dumps(document)
    key = json.dumps(draw(keys, label="key"))
    shape = draw(st.sampled_from(["as is", "raw number", "deep", "too large"]), label="shape")
    if shape == "raw number":
        text = f"{{{key}: {draw(st.sampled_from(RAW_NUMBERS), label='number')}}}"
    elif shape == "deep":
        depth = draw(st.sampled_from([MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH, 1000, 20_000]))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a": ', "}")]), label="nest")
        text = f"{{{key}: {opener * depth}{text}{closer * depth}}}"
    elif shape == "too large":
        text += " " * (MAX_JSON_BYTES + 1 - len(text))
    return text


@pytest.fixture
def moderator_client(client: Client, settings: Settings) -> Client:
    settings.FORUM_POST_RATE = (10_000, 60)  # past the rate limit, to the fields
    client.raise_request_exception = False  # a 500 is an answer to assert on
    client.force_login(ModeratorFactory())
    return client


@pytest.fixture
def real_values(db: None) -> dict[str, list[Any]]:
    """What path parameters name: real rows, and some that are not."""
    article = ArticleFactory()
    reader = ReaderFactory()
    root = comment(article.discussion, author=reader)
    reply = comment(article.discussion, reply_to=root)
    category = CategoryFactory()
    topic = topic_create(category=category, author=reader, title="Magnet prices", body="Up.")
    notifications = list(Notification.objects.values_list("pk", flat=True))
    return {
        "id": [root.pk, reply.pk, article.discussion.pk, topic.pk, *notifications, 0],
        "slug": [article.slug, category.slug, "nothing"],
    }


def _path(template: str, values: dict[str, list[Any]], data: st.DataObject) -> str:
    for name, choices in values.items():
        if f"{{{name}}}" in template:
            template = template.replace(f"{{{name}}}", str(data.draw(st.sampled_from(choices))))
    return template


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # One seeded database per endpoint, not per example; big bodies are the point.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@pytest.mark.parametrize(
    ("method", "template", "fields"),
    WRITE_OPERATIONS,
    ids=[f"{method.upper()} {template}" for method, template, _ in WRITE_OPERATIONS],
)
@FUZZ
@given(data=st.data())
def test_api_write_answers_random_json_without_a_server_error(
    moderator_client: Client,
    real_values: dict[str, list[Any]],
    method: str,
    template: str,
    fields: list[str],
    data: st.DataObject,
) -> None:
    path = _path(template, real_values, data)
    body = data.draw(json_bodies(fields), label="body")

    response = moderator_client.generic(method.upper(), path, body, "application/json")

    assert response.status_code < 500, (method, path, body[:300], response.content[:300])


def test_write_operations_are_all_found() -> None:
    assert len(WRITE_OPERATIONS) >= 25
    assert (
        "post",
        "/api/v1/articles/{slug}/comments/",
        ["body", "parent", "disclosure"],
    ) in WRITE_OPERATIONS


@pytest.mark.parametrize("path", HEADLESS)
@FUZZ
@given(data=st.data())
def test_headless_write_answers_random_json_without_a_server_error(
    moderator_client: Client, path: str, data: st.DataObject
) -> None:
    fields = ["email", "username", "password", "password1", "key", "current_password"]
    body = data.draw(json_bodies(fields), label="body")

    response = moderator_client.post(path, body, "application/json")

    assert response.status_code < 500, (path, body[:300], response.content[:300])
