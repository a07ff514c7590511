"""The server side of a load run (bench/loadgen.py): gunicorn in a subprocess, a logged-in
session for each client, and a check that what the run stored adds up."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.test import Client

from accounts.models import User
from forum.discussions.models import Post, Topic, path_segment
from forum.notifications.models import NotificationEvent

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
READY_SECONDS = 30.0
READY_PATH = "/api/v1/forum/categories/"  # small, public, and through the database
PROBLEMS_SHOWN = 20


def free_port() -> int:
    """A port nothing listens on now (the kernel's pick), for the server to bind."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", READY_PATH)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@dataclass
class Gunicorn:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def address(self) -> tuple[str, int]:
        return "127.0.0.1", self.port

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def worker_pids(self) -> set[int]:
        """The master's children now: its workers (a worker it replaced has a new pid)."""
        children = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # gone meanwhile
            if int(fields[1]) == self.process.pid:
                children.add(int(stat.parent.name))
        return children

    def cpu_seconds(self) -> float:
        """CPU time (user and system) its workers have used so far: a run's share is the
        difference, as long as no worker was replaced meanwhile."""
        ticks = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Graceful shutdown (SIGTERM), and a kill if that takes more than ten seconds."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def gunicorn_start(
    *,
    log: Path,
    environment: dict[str, str],
    workers: int = 4,
    app: str = "config.wsgi:application",
) -> Gunicorn:
    """gunicorn serving `app` with `workers` sync workers on a free port of 127.0.0.1, its
    environment this process's with `environment` over it; returned once it answers."""
    port = free_port()
    command = [
        str(GUNICORN), app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--worker-class", "sync", "--timeout", "60", "--graceful-timeout", "5",
        "--log-level", "warning", "--error-logfile", "-",
    ]  # fmt: skip
    env = os.environ | {"PYTHONPATH": str(ROOT), **environment}
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    server = Gunicorn(process=process, port=port, log=log)
    deadline = time.monotonic() + READY_SECONDS
    while not _answers(port):
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"gunicorn did not start:\n{server.output()}")
        time.sleep(0.2)
    return server


def sessions_for(users: Iterable[User]) -> list[str]:
    """A session cookie for each user, as logging in leaves one (Django's own login, so its
    signals run), saved in the session store the server reads. allauth's login endpoint is not
    used: it allows 30 logins a minute from one address, and every client here is 127.0.0.1."""
    cookies = []
    for user in users:
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return cookies


class Row(NamedTuple):
    """What the checks read of a post."""

    pk: int
    topic_id: int
    parent_id: int | None
    reply_to_id: int | None
    root_id: int | None
    path: str
    depth: int
    status: str
    reply_count: int
    body_html: str


def discussion_problems(topic_ids: Sequence[int]) -> list[str]:
    """What does not add up in these discussions, as sentences; [] when every post is whole:

    - the topic's post_count is its visible posts (the opening post aside), recounted;
    - each post's reply_count is its visible children, recounted;
    - each post sits in the tree where its parent says: path = parent's path + its own
      segment, depth = parent's + 1, root = the parent's root (or the parent), same topic;
    - it answers its parent, or, past the deepest level, a post beside it under that parent;
    - it was written whole: rendered body, and its one outbox event if visible.
    """
    posts = Post.objects.filter(topic_id__in=topic_ids).values_list(*Row._fields)
    rows = {row.pk: row for row in (Row(*values) for values in posts)}
    visible = {pk for pk, row in rows.items() if row.status == Post.Status.VISIBLE}
    children = Counter(rows[pk].parent_id for pk in visible if rows[pk].parent_id)
    events = Counter(
        NotificationEvent.objects.filter(
            post_id__in=list(rows), kind=NotificationEvent.Kind.POST_PUBLISHED
        ).values_list("post_id", flat=True)
    )
    problems = []
    topics = Topic.objects.filter(pk__in=topic_ids).values_list("pk", "post_count", "opening_post")
    for topic_id, post_count, opening in topics:
        counted = sum(1 for pk in visible if rows[pk].topic_id == topic_id and pk != opening)
        if post_count != counted:
            problems.append(f"topic {topic_id}: post_count {post_count}, visible posts {counted}")
    for pk, row in rows.items():
        problems += [f"post {pk}: {problem}" for problem in _post_problems(row, rows)]
        if row.reply_count != children[pk]:
            problems.append(f"post {pk}: reply_count {row.reply_count}, replies {children[pk]}")
        if pk in visible and events[pk] != 1:
            problems.append(f"post {pk}: {events[pk]} outbox events, not 1")
    if len(problems) > PROBLEMS_SHOWN:
        problems = [*problems[:PROBLEMS_SHOWN], f"... and {len(problems) - PROBLEMS_SHOWN} more"]
    return problems


def _post_problems(row: Row, rows: dict[int, Row]) -> list[str]:
    parent = rows.get(row.parent_id) if row.parent_id else None
    if row.parent_id and parent is None:
        return [f"parent {row.parent_id} is in another topic or missing"]
    expected = {
        "path": (parent.path if parent else "") + path_segment(row.pk),
        "depth": parent.depth + 1 if parent else 0,
        "root_id": (parent.root_id or parent.pk) if parent else None,
        "topic_id": parent.topic_id if parent else row.topic_id,
    }
    problems = [
        f"{name} {getattr(row, name)!r}, expected {value!r}"
        for name, value in expected.items()
        if getattr(row, name) != value
    ]
    reply_to = rows.get(row.reply_to_id) if row.reply_to_id else None
    if (row.reply_to_id is None) != (parent is None):
        problems.append(f"reply_to {row.reply_to_id} with parent {row.parent_id}")
    elif reply_to is not None and reply_to.pk != row.parent_id:
        deepest = settings.FORUM_MAX_DEPTH - 1
        if reply_to.parent_id != row.parent_id or reply_to.depth != deepest:
            problems.append(f"answers {reply_to.pk}, not a post beside it at the deepest level")
    if not row.body_html:
        problems.append("no rendered body")
    return problems
