"""Things compiled from database rows (pattern lists, lookup tables) kept in each process until
the rows change: a shared version in the cache says when.

A writer calls `changed()` when its rows change (after the commit, so no process recompiles
from rows about to be rolled back or not yet visible); every process compares the version in
the cache with the one it compiled at, one cache read per use, and compiles again when they
differ. A cache emptied or evicted hands out a new version, so it errs towards compiling again,
never towards keeping stale rules. A cache that does not answer (Redis down) leaves each
process with what it compiled last, and one that has compiled nothing compiles: posting goes
on through an outage, with the rules as they were when it began.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Compiled(Generic[T]):
    """`compile()`'s result, compiled again only when `changed()` was called since."""

    def __init__(self, key: str, compile: Callable[[], T]) -> None:
        self.key = f"compiled:{key}"
        self._compile = compile
        self._lock = threading.Lock()
        self._held: tuple[str, T] | None = None

    def _version(self) -> str | None:
        """The shared version, or None when the cache does not answer."""
        try:
            version = cache.get(self.key)
            if version is None:
                cache.add(self.key, uuid.uuid4().hex, timeout=None)
                version = cache.get(self.key) or ""
        except RedisError as error:
            logger.warning("%s: the cache did not answer (%s)", self.key, error)
            return None
        return str(version)

    def get(self) -> T:
        version = self._version()
        held = self._held
        if held is not None and (version is None or held[0] == version):
            return held[1]
        with self._lock:
            value = self._compile()
            self._held = (version or "", value)
        return value

    def changed(self) -> None:
        """The rows changed: every process compiles again at its next use, once the current
        transaction (if any) commits."""
        transaction.on_commit(lambda: cache.set(self.key, uuid.uuid4().hex, timeout=None))


class RecompiledOnSave:
    """A ModelAdmin mixin: saving or deleting rows in the admin (one or in bulk) tells each of
    `recompiles` that its rows changed."""

    recompiles: tuple[Compiled[Any], ...] = ()

    def _changed(self) -> None:
        for compiled in self.recompiles:
            compiled.changed()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        self._changed()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)  # type: ignore[misc]
        self._changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)  # type: ignore[misc]
        self._changed()
