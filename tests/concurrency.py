"""Running jobs at the same moment, each in its own thread and database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def run_at_once(jobs: list[Callable[[], T]]) -> tuple[list[T], list[BaseException]]:
    """Start every job at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(jobs))
    results: list[T] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(job: Callable[[], T]) -> None:
        try:
            barrier.wait(timeout=30)
            result = job()
            with lock:
                results.append(result)
        except BaseException as error:  # collected and asserted on by the test
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return results, errors
