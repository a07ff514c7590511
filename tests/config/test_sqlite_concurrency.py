"""The embedded default's SQLite file, written by two processes at once (as the web server and
`make run`'s worker do): both transactions go through, one after the other."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.forum.notifications.worker import wait_until

ROOT = Path(__file__).resolve().parents[2]

# Reads, lingers, then writes, in one transaction: what a service does under
# transaction.atomic(). Without the write lock taken at BEGIN, the second of two such
# transactions to write fails at once with "database is locked".
WRITER = """
import sys, time
from pathlib import Path
import django
django.setup()
from django.db import connection, transaction
ready, go = Path(sys.argv[1]), Path(sys.argv[2])
ready.touch()
while not go.exists():
    time.sleep(0.01)
with transaction.atomic(), connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM tally")
    time.sleep(0.5)
    cursor.execute("INSERT INTO tally VALUES (1)")
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0])
"""


def test_sqlite_writers_in_two_processes_both_commit(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as setup:
        setup.execute("CREATE TABLE tally (n INTEGER)")
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
    } | {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": str(ROOT),
    }
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(2)]
    writers = [
        subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "-c", WRITER, str(flag), str(go)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for flag in ready
    ]
    try:
        wait_until(lambda: all(f.exists() for f in ready), seconds=60, what="both writers start")
        go.touch()  # both begin within milliseconds of each other
        outcomes = [writer.communicate(timeout=60) for writer in writers]
    finally:
        for writer in writers:
            writer.kill()

    assert [writer.returncode for writer in writers] == [0, 0], outcomes
    assert [out.strip() for out, _ in outcomes] == ["wal", "wal"]
    with sqlite3.connect(database) as check:
        assert check.execute("SELECT count(*) FROM tally").fetchone() == (2,)
