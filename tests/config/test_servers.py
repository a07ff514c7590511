"""With DATABASE_URL and REDIS_URL set, the suite runs on the production engines."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.db import connection

from config.celery import app


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_is_postgresql_when_configured() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


@pytest.mark.redis
def test_cache_round_trips_through_redis_when_configured() -> None:
    key = f"test-{uuid.uuid4()}"
    cache.set(key, {"ok": True}, timeout=30)

    assert cache.get(key) == {"ok": True}
    cache.delete(key)


@pytest.mark.redis
def test_celery_reaches_the_redis_broker_when_configured() -> None:
    assert not app.conf.task_always_eager
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
        assert conn.connected
