"""/health/ for load balancers: 200 when the database, the cache and the Celery broker answer,
503 naming the one that does not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import Client, override_settings

from config.celery import app
from tests.config.test_settings import _manage
from tests.forum.notifications.worker import _broker_pools_forget, broker_unreachable

pytestmark = pytest.mark.django_db

DATABASE = "Database(alias='default')"
CACHE = "Cache(alias='default')"
BROKER = "Broker()"


def health(client: Client) -> tuple[int, dict[str, str]]:
    """The status code, and what each check said (as JSON: the page a balancer gets is HTML)."""
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    return response.status_code, response.json()


@pytest.fixture
def broker_folder_gone(tmp_path: Path) -> Iterator[None]:
    """The embedded default's folder broker, its folder missing."""
    missing = str(tmp_path / "gone")
    options = {"data_folder_in": missing, "data_folder_out": missing}
    with override_settings(
        CELERY_BROKER_URL="filesystem://localhost/", CELERY_BROKER_TRANSPORT_OPTIONS=options
    ):
        _broker_pools_forget()
        try:
            yield
        finally:
            _broker_pools_forget()


def test_health_answers_200_when_database_cache_and_broker_answer(client: Client) -> None:
    assert health(client) == (200, {DATABASE: "OK", CACHE: "OK", BROKER: "OK"})


def test_health_answers_200_in_html_to_a_balancer_that_accepts_anything(client: Client) -> None:
    response = client.get("/health/", HTTP_ACCEPT="*/*")

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")


def test_health_answers_503_naming_the_database_when_it_is_down(client: Client) -> None:
    refused = OperationalError('connection to server at "db" failed: Connection refused')
    # On the class: the check opens its connection in a thread of its own.
    with mock.patch.object(type(connections["default"]), "cursor", side_effect=refused):
        status, checks = health(client)

    assert status == 503
    assert checks[DATABASE].startswith("Unavailable: connection to server at")
    assert (checks[CACHE], checks[BROKER]) == ("OK", "OK")


def test_health_answers_503_naming_the_cache_when_it_is_down(client: Client) -> None:
    unreachable = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/1",  # nothing listens on port 1
    }
    with override_settings(CACHES={"default": unreachable}):
        status, checks = health(client)

    assert status == 503
    assert checks[CACHE] == "Unexpected Result: Connection Error"
    assert (checks[DATABASE], checks[BROKER]) == ("OK", "OK")


def test_health_answers_503_naming_the_broker_when_redis_is_down(client: Client) -> None:
    with broker_unreachable():
        status, checks = health(client)

    assert status == 503
    assert checks[BROKER] == "Unavailable: OperationalError"
    assert (checks[DATABASE], checks[CACHE]) == ("OK", "OK")


def test_health_answers_503_naming_the_broker_when_its_folder_is_gone(
    client: Client, broker_folder_gone: None
) -> None:
    assert app.conf.broker_url == "filesystem://localhost/"

    status, checks = health(client)

    assert status == 503
    assert checks[BROKER] == "Unavailable: FileNotFoundError"
    assert (checks[DATABASE], checks[CACHE]) == ("OK", "OK")


def test_health_is_answered_over_plain_http_by_production_settings() -> None:
    """A balancer probes the server itself, over HTTP: not redirected to HTTPS."""
    probe = (
        "from django.test import Client; "
        "r = Client().get('/health/', HTTP_HOST='rareearthexchanges.example'); "
        "print(r.status_code)"
    )
    result = _manage(
        "shell",
        "-c",
        probe,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x7!kq2-" * 10,
        DJANGO_ALLOWED_HOSTS="rareearthexchanges.example",
        DATABASE_URL="sqlite://:memory:",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "200"
