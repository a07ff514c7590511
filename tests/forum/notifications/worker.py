"""Celery in tests: a real worker in a subprocess, a mail backend slow enough for a test to
kill the worker while it sends, and a broker that cannot be reached."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from uuid import uuid4

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend
from django.db import connection
from django.test import override_settings

from config.celery import app

ROOT = Path(__file__).resolve().parents[3]
CELERY = Path(sys.executable).parent / "celery"
UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1
READY_SECONDS = 30.0


def _broker_pools_forget() -> None:
    """Celery keeps its connection and producer pools on the broker it first used; drop them
    (as Celery does itself after a fork) so the next task goes to the broker now configured."""
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_unreachable() -> Iterator[None]:
    """Tasks leave this process for a broker that refuses every connection, as when Redis
    is down."""
    previous = app.conf.task_always_eager  # set there by tests.conftest's eager_tasks
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=UNREACHABLE_BROKER):
        app.conf.task_always_eager = False
        _broker_pools_forget()
        try:
            yield
        finally:
            app.conf.task_always_eager = previous
            _broker_pools_forget()


def wait_until(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    """Poll `condition` until it holds; fail after `seconds` saying `what` never happened."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Not within {seconds} s: {what}")
        time.sleep(0.1)


class SlowFileEmailBackend(FileEmailBackend):
    """Django's file backend, but each send first leaves a `.sending` file in the folder and
    waits TEST_EMAIL_DELAY_SECONDS before writing the mail: a test sees the send begin and can
    kill the worker before the mail exists."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        Path(self.file_path, f"{uuid4().hex}.sending").touch()
        time.sleep(float(os.environ.get("TEST_EMAIL_DELAY_SECONDS", "0")))
        return super().send_messages(email_messages)


def mails_in(folder: Path) -> list[Path]:
    """The mails the file backends wrote: one file per message sent."""
    return sorted(folder.glob("*.log"))


def _database_url() -> str:
    """The database this test process uses (the test database), as a DATABASE_URL."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


@dataclass
class Worker:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        """Warm shutdown, and a kill if that takes more than ten seconds."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL: the worker dies mid-task, acknowledging nothing."""
        self.process.kill()
        self.process.wait(timeout=10)

    def is_idle(self) -> bool:
        """Nothing waits in the queue and the worker answers (a solo worker answers only
        between tasks)."""
        with app.connection_for_write() as conn:
            _, waiting, _ = conn.default_channel.queue_declare(queue=app.conf.task_default_queue)
        return not waiting and bool(app.control.ping(destination=[self.name], timeout=1.0))


def worker_start(*, mail_folder: Path, log: Path, **environment: str) -> Worker:
    """A `celery worker` on this test's database and Redis, with the test settings (so not
    eager) and mail written to files in `mail_folder`; started and answering pings.

    `environment` adds variables, e.g. TEST_EMAIL_BACKEND or TEST_CELERY_VISIBILITY_TIMEOUT
    (see config/settings/test.py).
    """
    name = f"notify-test-{uuid4().hex[:8]}@{socket.gethostname()}"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "TEST_EMAIL_FILE_PATH": str(mail_folder),
        # So the worker imports this module's mail backend.
        "PYTHONPATH": str(ROOT),
        **environment,
    }
    command = [
        str(CELERY), "-A", "config", "worker", "--pool=solo", "--concurrency=1",
        "-l", "warning", "-n", name, "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    worker = Worker(name=name, process=process, log=log)
    deadline = time.monotonic() + READY_SECONDS
    while not app.control.ping(destination=[name], timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            worker.stop()
            raise AssertionError(f"The worker did not start:\n{worker.output()}")
    return worker
