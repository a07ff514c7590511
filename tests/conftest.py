from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

IN_CI = os.environ.get("CI") == "true"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; tests/e2e drives it, never a downloaded one


def _missing_servers() -> dict[str, str]:
    """The server markers (and `browser`) whose server or program is missing, with why."""
    missing = {}
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        missing["postgres"] = "needs PostgreSQL: set DATABASE_URL=postgres://..."
    if not settings.REDIS_URL:
        missing["redis"] = "needs Redis: set REDIS_URL=redis://..."
    if not CHROMIUM.exists():
        missing["browser"] = "needs Chromium: apt-get install chromium"
    return missing


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests whose server or browser is missing, saying why; with CI=true that is an error."""
    missing = _missing_servers()
    for item in items:
        for marker, reason in missing.items():
            if item.get_closest_marker(marker) is None:
                continue
            if IN_CI:
                raise pytest.UsageError(f"CI=true but {item.nodeid} {reason}")
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache, so rate limits and cached pages do not leak."""
    cache.clear()
