"""`manage.py runserver_with_worker [addrport]`, what `make run` serves with: Django's
development server and, on the embedded default's folder broker, a Celery worker with its
scheduler (beat) beside it, started and stopped together.

The two are child processes of this one. When either stops, the other is stopped too; so is
everything on Ctrl-C (the terminal interrupts all three) or SIGTERM to this process. The worker
stops warmly: a task under way finishes, and what it had not acknowledged goes back in the
queue. A few lines of subprocess rather than a process manager (honcho, supervisord): nothing
to install or configure, and the worker's command line is in one place, which
tests/config/test_make_run.py runs. With Redis the worker and scheduler are separate
programs (`make worker`, `make beat`), so this is the development server alone, as before.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

STOP_SECONDS = 15  # for a warm shutdown, before the process is killed


def worker_command() -> list[str]:
    """One worker process (SQLite takes one writer at a time) with the scheduler embedded;
    alone on its broker, so it neither waits for nor talks to other workers."""
    return [
        sys.executable, "-m", "celery", "--app=config", "worker", "--beat", "--pool=solo",
        "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _first_to_stop(processes: dict[str, subprocess.Popen[bytes]]) -> str:
    while True:
        for name, process in processes.items():
            if process.poll() is not None:
                return name
        time.sleep(0.2)


def _stop(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    """SIGTERM to each process still running (a warm shutdown for Celery), then SIGKILL to any
    still there after STOP_SECONDS."""
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes.values():
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Command(BaseCommand):
    help = "The development server, and a Celery worker with its scheduler on the folder broker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, addrport: str, **options: Any) -> None:
        if urlsplit(settings.CELERY_BROKER_URL).scheme != "filesystem":
            self.stdout.write(
                "Tasks go to the broker at REDIS_URL: run `make worker` and `make beat` beside "
                "this server."
                if settings.REDIS_URL
                else "Tasks run in the server's process, and nothing runs on a schedule."
            )
            call_command("runserver", addrport)
            return
        mail_folder = getattr(settings, "EMAIL_FILE_PATH", None)
        self.stdout.write(
            "Tasks and scheduled work (the outbox sweep, moderators' alerts and reminders, the "
            "daily digest) run in a Celery worker beside the server"
            + (f"; mail is written to {mail_folder}" if mail_folder else "")
            + ". Ctrl-C stops both."
        )
        manage = Path(settings.BASE_DIR) / "manage.py"
        processes: dict[str, subprocess.Popen[bytes]] = {}
        signal.signal(signal.SIGTERM, _interrupt)  # stop everything, as on Ctrl-C
        try:
            processes["worker"] = subprocess.Popen(worker_command())  # noqa: S603 - fixed arguments
            server: list[str | Path] = [sys.executable, manage, "runserver", addrport]
            processes["server"] = subprocess.Popen(server)  # noqa: S603 - fixed arguments
            stopped = _first_to_stop(processes)
        except KeyboardInterrupt:
            return
        finally:
            _stop(processes)
        raise CommandError(
            f"The {stopped} stopped (exit code {processes[stopped].returncode}), so everything did."
        )
