"""Preparing threads for writing (plan.py: converting each comment's HTML, rendering and
sanitising it, placing it in the tree): pure computation, and most of an import's time. On a
long import it runs in worker processes while this one writes the threads already prepared.

Workers are forked: they start at once with everything loaded, and touch no database (the
connections they inherit are the parent's, never used, and never closed by them: a worker
ends with os._exit). Threads go out a few at a time and come back in their order, so what
waits in memory stays small however long the export.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial

from companies.tickers import directory
from forum.discussions.importing.plan import ThreadPlan, thread_plan
from forum.discussions.importing.sources import SourceThread

PARALLEL_MIN_COMMENTS = 1000
"""An import with fewer comments is prepared here: starting workers would cost more."""
AHEAD_PER_WORKER = 2


def usable_cores() -> int:
    """The cores this process may run on (all of them where the system cannot say)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def threads_prepared(
    threads: list[SourceThread], *, hidden_too: bool, max_depth: int, workers: int
) -> Iterator[ThreadPlan]:
    """Each thread's plan, in the threads' order: by `workers` processes when there are more
    than one and enough comments to be worth it, else here."""
    # Read here, as the workers touch no database (nor the cache that says it changed).
    companies = directory.get()
    prepare = partial(thread_plan, hidden_too=hidden_too, max_depth=max_depth, companies=companies)
    if workers < 2 or sum(len(thread.posts) for thread in threads) < PARALLEL_MIN_COMMENTS:
        yield from map(prepare, threads)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from _in_order(pool, prepare, threads, ahead=workers * AHEAD_PER_WORKER)


def _in_order(
    pool: ProcessPoolExecutor,
    prepare: partial[ThreadPlan],
    threads: Iterable[SourceThread],
    *,
    ahead: int,
) -> Iterator[ThreadPlan]:
    """Results in submission order, with at most `ahead` threads out at once."""
    pending: deque[Future[ThreadPlan]] = deque()
    for thread in threads:
        pending.append(pool.submit(prepare, thread))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
