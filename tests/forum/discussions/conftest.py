"""Fixtures the discussions tests share."""

from __future__ import annotations

import pytest
from pytest_django import Settings


@pytest.fixture
def no_rate_limit(settings: Settings) -> None:
    settings.FORUM_POST_RATE = (10_000, 60)
