"""The site as bench_readers's gunicorn serves it: the real settings (Redis for the cache and
the broker, a Celery worker running the tasks), each response carrying how many statements it
sent to the database in `X-Bench-Statements` and the time the server spent on it in
`X-Bench-Seconds`, so the load run can tell a poll answered from the
cache (0) from one that read the database, and count the web's statements per second.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection

from config.wsgi import application as django_application

HEADER = "X-Bench-Statements"
SECONDS_HEADER = "X-Bench-Seconds"  # from the request reaching Django to its response starting


class _Counter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Django's WSGI application, counting statements until it starts the response (Django
    has done the view's work by then; no view here streams)."""
    counter = _Counter()
    started = time.perf_counter()

    def counted_start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
        took = f"{time.perf_counter() - started:.6f}"
        added = [(HEADER, str(counter.count)), (SECONDS_HEADER, took)]
        return start_response(status, [*headers, *added], *args)

    with connection.execute_wrapper(counter):
        return django_application(environ, counted_start)
