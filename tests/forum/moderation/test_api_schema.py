"""The API schema's account of the moderation endpoints: their paths, parameters and
answers, and which old paths it marks deprecated."""

from __future__ import annotations

import pytest
from django.test import Client

from forum.moderation.api.views.decisions import (
    DEPRECATED_POST_MODERATION_APIS,
    POST_MODERATION_APIS,
)
from tests.schema import own_statuses

pytestmark = pytest.mark.django_db


def test_api_schema_describes_the_moderation_endpoints(client: Client) -> None:
    response = client.get("/api/schema/", {"format": "json"})

    paths = response.json()["paths"]
    decisions = {f"/api/v1/moderation/posts/{{id}}/{action}/" for action in POST_MODERATION_APIS}
    assert {
        "/api/v1/moderation/queue/",
        "/api/v1/moderation/log/",
        "/api/v1/posts/{id}/reports/",
        *decisions,
    } <= set(paths)
    assert not any("{action}" in path for path in paths)
    queue = paths["/api/v1/moderation/queue/"]["get"]
    assert {p["name"] for p in queue["parameters"]} >= {"status", "order", "offset"}
    assert own_statuses(queue) == {"200", "400", "403"}
    for path in decisions:
        assert own_statuses(paths[path]["post"]) == {"200", "400", "403", "404", "409"}
    assert "requestBody" in paths["/api/v1/moderation/posts/{id}/reject/"]["post"]
    create = paths["/api/v1/posts/{id}/reports/"]["post"]
    assert own_statuses(create) == {"201", "400", "403", "404", "429"}
    assert "Retry-After" in create["responses"]["429"]["headers"]
    assert not create.get("deprecated")
    log = paths["/api/v1/moderation/log/"]["get"]
    assert {p["name"] for p in log["parameters"]} >= {"action", "actor", "subject", "since"}


def test_api_schema_marks_the_old_flags_paths_deprecated(client: Client) -> None:
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    old = [
        "/api/v1/posts/{id}/flags/",
        *(
            f"/api/v1/moderation/posts/{{id}}/{action}/"
            for action in DEPRECATED_POST_MODERATION_APIS
        ),
    ]
    assert [paths[path]["post"].get("deprecated") for path in old] == [True] * len(old)
    assert own_statuses(paths["/api/v1/posts/{id}/flags/"]["post"]) == own_statuses(
        paths["/api/v1/posts/{id}/reports/"]["post"]
    )
    assert not paths["/api/v1/moderation/posts/{id}/dismiss-reports/"]["post"].get("deprecated")
