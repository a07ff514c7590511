"""`make run` on the embedded default: the command it serves with, started as it starts it,
with a var/ folder of the test's own and without Redis. Its own worker and scheduler mail a
watched topic's digest, /health/ answers, and Ctrl-C stops every process it started."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from forum.notifications.models import Delivery, Notification, TopicSubscription
from forum.notifications.services.subscriptions import topic_watch
from tests.factories import ArticleFactory, ReaderFactory, comment
from tests.forum.notifications.worker import _database_url as postgres_database_url
from tests.forum.notifications.worker import mails_in, wait_until

pytestmark = [
    # The server's processes read what this test commits. serialized_rollback: the flush
    # after the test empties the rows migrations made; this puts them back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("eager_tasks"),  # the fan-out, here; the digest is the worker's
]

ROOT = Path(__file__).resolve().parents[2]
MAKE_RUN_COMMAND = "runserver_with_worker"  # what `make run` serves with, after setting up
START_SECONDS = 120.0  # a cold start on a busy two-core machine takes most of a minute
STOP_SECONDS = 30.0


@dataclass
class Served:
    """`manage.py runserver_with_worker` in a process group of its own, as a terminal runs it."""

    process: subprocess.Popen[bytes]
    url: str
    var: Path
    log: Path

    def interrupt(self) -> None:
        """Ctrl-C: SIGINT to every process of the group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def group_is_gone(self) -> bool:
        self.process.poll()  # reaped, or it would stay in the group as a zombie
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return True
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_url(folder: Path) -> str:
    """This test's database for the server: PostgreSQL's test database itself, or SQLite's
    (in memory, out of another process's reach) copied to a file in `folder`."""
    if connection.vendor == "postgresql":
        return postgres_database_url()
    path = folder / "db.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{path}"


@pytest.fixture
def make_run(tmp_path: Path) -> Iterator[Callable[[], Served]]:
    """Starts what `make run` starts, on this test's database as it is then and a var/ folder
    of its own (mail in var/mail/), without Redis, the digest due every second. Killed at the
    end if it is still running, and the end of its output printed (pytest shows it when the
    test failed)."""
    started: list[Served] = []

    def start() -> Served:
        var, log, port = tmp_path / "var", tmp_path / "make-run.log", _free_port()
        env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_", "CELERY_"))
            and not name.startswith(("TEST_", "VAR_DIR", "NOTIFICATIONS_"))
        } | {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": _database_url(tmp_path),
            "VAR_DIR": str(var),
            "NOTIFICATIONS_DIGEST_EVERY_SECONDS": "1",
            "PYTHONUNBUFFERED": "1",
        }
        command = [sys.executable, "manage.py", MAKE_RUN_COMMAND, f"127.0.0.1:{port}"]
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
                command,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a process group, as a terminal's foreground job
            )
        started.append(Served(process=process, url=f"http://127.0.0.1:{port}", var=var, log=log))
        return started[-1]

    yield start
    for server in started:
        if not server.group_is_gone():
            os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=STOP_SECONDS)
        print(f"--- make run\n{server.log.read_text(errors='replace')[-20_000:]}")


def test_make_run_mails_a_watched_topic_digest_from_its_own_scheduler(
    make_run: Callable[[], Served],
) -> None:
    watcher, article = ReaderFactory(), ArticleFactory()
    topic_watch(
        user=watcher, topic_id=article.discussion.pk, level=TopicSubscription.Level.WATCHING
    )
    comment(article.discussion, body="Export licences are the real bottleneck.")
    [notice] = Notification.objects.filter(recipient=watcher)
    assert (notice.delivery, notice.digested_at) == (Delivery.DIGEST, None)  # due

    server = make_run()

    mail_folder = server.var / "mail"
    wait_until(
        lambda: mail_folder.exists() and bool(mails_in(mail_folder)),
        seconds=START_SECONDS,
        what="make run's scheduler mails the digest",
    )
    with urllib.request.urlopen(f"{server.url}/health/", timeout=10) as response:  # noqa: S310
        assert response.status == 200

    server.interrupt()

    wait_until(server.group_is_gone, seconds=STOP_SECONDS, what="Ctrl-C stops every process")
    [mail] = mails_in(mail_folder)
    assert f"To: {watcher.email}" in mail.read_text()
    assert "Your daily digest: 1 update" in mail.read_text()
