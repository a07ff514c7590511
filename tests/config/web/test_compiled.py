"""Compiled rules kept per process until their rows change: compiled once, again after a change
commits, and again whenever the cache forgot the version."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from pytest_django import DjangoCaptureOnCommitCallbacks
from redis.exceptions import RedisError

from config.web.compiled import Compiled


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def test_compiled_once_until_changed() -> None:
    compile = Counter()
    compiled = Compiled("test.once", compile)

    assert [compiled.get(), compiled.get(), compiled.get()] == [1, 1, 1]
    assert compile.calls == 1


@pytest.mark.django_db
def test_compiled_again_once_a_change_commits(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    compiled = Compiled("test.change", Counter())
    compiled.get()

    with django_capture_on_commit_callbacks(execute=True):  # the test's transaction commits
        compiled.changed()
        assert compiled.get() == 1  # not before the commit

    assert compiled.get() == 2


def test_compiled_again_when_the_cache_forgot_the_version() -> None:
    compiled = Compiled("test.forgot", Counter())
    compiled.get()

    cache.clear()

    assert compiled.get() == 2


def test_a_cache_that_does_not_answer_keeps_what_was_compiled_and_compiles_once_it_is_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compiled = Compiled("test.outage", Counter())
    assert compiled.get() == 1

    class Down:
        def get(self, *args: object, **kwargs: object) -> None:
            raise RedisError("Connection refused")

    monkeypatch.setattr("config.web.compiled.cache", Down())
    assert [compiled.get(), compiled.get()] == [1, 1]  # posting goes on with the rules it had
    fresh = Compiled("test.outage.fresh", Counter())
    assert fresh.get() == 1  # nothing held: compiled, not an error

    monkeypatch.undo()
    assert fresh.get() == 2  # back: the version it compiled under ("") is not the cache's
