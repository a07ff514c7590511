"""Compiled rules kept per process until their rows change: compiled once, again after a change
commits, and again whenever the cache forgot the version."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from pytest_django import DjangoCaptureOnCommitCallbacks

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
