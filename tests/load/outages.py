"""Stopping the shared servers under a test, and always bringing them back.

These act on the machine's own PostgreSQL and Redis (we run as root, as CI does): every test
on this machine sees the outage. Whatever happens, each helper leaves its server running and
answering before it returns or raises.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kombu import pools

from config.celery import app

HOST, PG_PORT, REDIS_PORT = "127.0.0.1", "5432", "6379"
READY_SECONDS = 60.0


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed commands
        command, capture_output=True, text=True, timeout=READY_SECONDS, check=False
    )


def _cluster() -> tuple[str, ...]:
    """pg_ctlcluster's arguments for the machine's one cluster, e.g. ("15", "main")."""
    versions = sorted(path.name for path in Path("/etc/postgresql").iterdir())
    return versions[-1], "main"


def postgres_ready() -> bool:
    return _run("pg_isready", "-h", HOST, "-p", PG_PORT, "-q").returncode == 0


def redis_ready() -> bool:
    return _run("redis-cli", "-h", HOST, "-p", REDIS_PORT, "ping").stdout.strip() == "PONG"


def _wait_ready(ready: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} is not back within {READY_SECONDS:.0f} s")
        time.sleep(0.1)


def postgres_restart() -> None:
    """Restart PostgreSQL as an operator would (fast mode: sessions are ended, transactions
    in flight rolled back); return once it accepts connections again."""
    try:
        restarted = _run("pg_ctlcluster", "--skip-systemctl-redirect", *_cluster(), "restart")
        if restarted.returncode != 0:
            raise RuntimeError(f"pg_ctlcluster restart failed: {restarted.stderr}")
    finally:
        if not postgres_ready():
            _run("pg_ctlcluster", "--skip-systemctl-redirect", *_cluster(), "start")
        _wait_ready(postgres_ready, "PostgreSQL")


def _broker_pools_forget() -> None:
    """This process's broker connections went with the Redis that stopped; close them and drop
    the pools that hold them (kombu's, by broker URL, and Celery's), as Celery does after a
    fork, so the next use connects afresh."""
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def redis_stopped() -> Iterator[None]:
    """Redis down (shut down without saving: what was queued is lost, as in a crash) for the
    block; started again afterwards, with CI's options, and answering before this returns."""
    try:
        _run("redis-cli", "-h", HOST, "-p", REDIS_PORT, "shutdown", "nosave")
        deadline = time.monotonic() + READY_SECONDS
        while redis_ready():
            if time.monotonic() > deadline:
                raise RuntimeError("Redis did not stop")
            time.sleep(0.05)
        yield
    finally:
        if not redis_ready():
            _run(
                "redis-server", "--daemonize", "yes", "--bind", HOST, "--port", REDIS_PORT,
                "--save", "", "--appendonly", "no",
            )  # fmt: skip
        _wait_ready(redis_ready, "Redis")
        _broker_pools_forget()
