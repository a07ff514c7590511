from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from pytest_django import Settings

from config.celery import app as celery_app
from tests.forum.notifications.worker import Worker, worker_start

IN_CI = os.environ.get("CI") == "true"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; tests/e2e drives it, never a downloaded one


def _missing_servers() -> dict[str, str]:
    """The server markers (and `browser`) whose server or program is missing, with why."""
    missing = {}
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        missing["postgres"] = "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if not settings.REDIS_URL:
        missing["redis"] = "needs Redis: set REDIS_URL=redis://..."
    if not CHROMIUM.exists():
        missing["browser"] = "needs Chromium: apt-get install chromium"
    return missing


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests whose server or browser is missing, saying why; with CI=true that is an error."""
    missing = _missing_servers()
    for item in items:
        for marker, reason in missing.items():
            if item.get_closest_marker(marker) is None:
                continue
            if IN_CI:
                raise pytest.UsageError(f"CI=true but {item.nodeid} {reason}")
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def eager_tasks(settings: Settings) -> Iterator[None]:
    """Tasks run in this process as they are queued, even where REDIS_URL names a real broker
    (as in CI). Set in the Celery app's configuration too: once it has been read, a change to
    the settings alone no longer reaches it, so which test ran first would decide otherwise."""
    previous = celery_app.conf.task_always_eager  # read first: reading loads the settings
    settings.CELERY_TASK_ALWAYS_EAGER = True
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def empty_queue() -> Iterator[None]:
    """For tests with real workers: tasks earlier tests queued (for rows long gone) are
    dropped, and so are this test's, which no worker may have run."""
    celery_app.control.purge()
    yield
    celery_app.control.purge()


@pytest.fixture
def mail_folder(tmp_path: Path) -> Path:
    """Where a worker's file mail backend writes."""
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def start_worker(
    empty_queue: None, tmp_path: Path, mail_folder: Path
) -> Iterator[Callable[..., Worker]]:
    """Start Celery workers on this test's database and broker, mail to `mail_folder`; every
    one is stopped at the end and the end of its log printed (pytest shows it when the test
    failed)."""
    started: list[Worker] = []

    def start(**environment: str) -> Worker:
        log = tmp_path / f"worker-{len(started)}.log"
        worker = worker_start(mail_folder=mail_folder, log=log, **environment)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
        print(f"--- {worker.name}\n{worker.output()[-20_000:]}")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache, so rate limits and cached pages do not leak."""
    cache.clear()


@pytest.fixture(autouse=True)
def _rules_compiled(request: pytest.FixtureRequest, _fresh_cache: None) -> None:
    """Tests with a database start with the company list and the finance rules compiled, as a
    running server has them after its first post: a test's query counts are its own. A test
    that changes those rows says so (`changed()`), as the admin does."""
    names = set(request.fixturenames)
    if "transactional_db" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    elif request.node.get_closest_marker("django_db") is None:
        return
    from companies.tickers import directory
    from forum.moderation.finance.config import finance_config

    directory.get()
    finance_config.get()
