"""The site under load: gunicorn in a subprocess on this test's PostgreSQL database and Redis,
readers for its clients, and the article discussions they post into.

The server reads what the test commits, so these tests commit (django_db(transaction=True)).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import User
from articles.models import Article
from bench.load_server import Gunicorn, gunicorn_start
from tests.factories import ArticleFactory, ReaderFactory

CLIENTS = 50
DISCUSSIONS = 5  # posts in one discussion queue for its row lock; a few spread them
# Enough for any client here to post without hearing "too fast": the limit is tested elsewhere
# (tests/forum), and one reader posting 200 comments within minutes is the load here.
POSTS_PER_MINUTE = "1000000"


# How the server's workers hold their database connections: kept between requests and checked
# before reuse (the settings' default), or a new one per request (DATABASE_CONN_MAX_AGE=0).
KEPT = "kept-health-checked"
PER_REQUEST = "per-request"
CONNECTION_OPTIONS = {
    KEPT: {"conn_max_age": "60", "conn_health_checks": "true"},
    PER_REQUEST: {"conn_max_age": "0"},
}


def server_database_url(connections: str = KEPT) -> str:
    """This process's database (pytest-django's test database) as a DATABASE_URL, its
    connections held as `connections` says."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return (
        f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{quote(db['NAME'])}"
        f"?{urlencode(CONNECTION_OPTIONS[connections])}"
    )


@pytest.fixture
def site(
    request: pytest.FixtureRequest, empty_queue: None, transactional_db: None, tmp_path: Path
) -> Iterator[Gunicorn]:
    """gunicorn with four sync workers (two per core of a CI machine) serving the site with
    the test settings, on the test database and broker; its database connections KEPT or,
    parametrized indirectly, PER_REQUEST. Its log is printed at the end (pytest shows it when
    the test failed)."""
    server = gunicorn_start(
        log=tmp_path / "gunicorn.log",
        workers=4,
        environment={
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": server_database_url(getattr(request, "param", KEPT)),
            "REDIS_URL": settings.REDIS_URL,
            "FORUM_POSTS_PER_MINUTE": POSTS_PER_MINUTE,
        },
    )
    yield server
    server.stop()
    print(f"--- gunicorn\n{server.output()[-20_000:]}")


@pytest.fixture
def readers(transactional_db: None) -> list[User]:
    """Verified readers, one for each client."""
    return ReaderFactory.create_batch(CLIENTS)


@pytest.fixture
def articles(transactional_db: None) -> list[Article]:
    """Published articles, each with its discussion."""
    return ArticleFactory.create_batch(DISCUSSIONS)
