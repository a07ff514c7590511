"""Real-browser journeys: Playwright's sync API drives Debian's Chromium against the live server.

The browser is never downloaded: it is /usr/bin/chromium (`apt-get install chromium`); without
it these tests skip (tests/conftest.py, marker `browser`), and with CI=true that is an error.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest
from django.db import connections
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    expect,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from tests.e2e.axe import ensure_axe

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Every step (a click, a navigation, an expectation) gets this long; none should need it.
STEP_TIMEOUT_MS = 5_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

expect.set_options(timeout=STEP_TIMEOUT_MS)


@pytest.fixture(scope="package")
def chromium() -> Iterator[Browser]:
    """One Chromium for the journeys; each test opens contexts (separate people) of its own.

    Between its calls Playwright's sync API leaves its event loop marked as running in this
    thread. Django takes that for async code: its async-safety check refuses the ORM, and its
    connection handler opens a second set of connections for the "async" side of the thread,
    without what the test database was set up with (the rows serialized_rollback puts back)
    and left open afterwards (a PostgreSQL session would block dropping the test database).
    Nothing runs concurrently here (the live server has a thread of its own), so while the
    browser is up the check is lifted and the thread's own connections serve both sides.
    """
    thread_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for alias, connection in thread_connections.items():
                connections[alias] = connection
            yield browser
            browser.close()
            for alias in thread_connections:
                del connections[alias]


@pytest.fixture(autouse=True)
def _eager(eager_tasks: None) -> None:
    """Tasks run in the live server's thread, as they are queued, even when REDIS_URL is set:
    nobody runs a worker here, and the mail must reach the in-memory outbox."""


@dataclass
class Browsing:
    """Opens pages for the people of a journey, each in a browser context of its own (cookies
    and all), and keeps every console error and uncaught exception the pages produce."""

    browser: Browser
    base_url: str
    errors: list[str] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)

    def page(
        self,
        viewport: dict[str, int] | None = None,
        color_scheme: Literal["light", "dark"] = "light",
    ) -> Page:
        context = self.browser.new_context(
            base_url=self.base_url, viewport=viewport or DESKTOP, color_scheme=color_scheme
        )
        context.set_default_timeout(STEP_TIMEOUT_MS)
        context.set_default_navigation_timeout(STEP_TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", self._console(page))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        return page

    def _console(self, page: Page) -> Callable[[ConsoleMessage], None]:
        def record(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.errors.append(f"{page.url}: {message.text} ({message.location})")

        return record

    def close(self) -> None:
        for context in self.contexts:
            # Already gone if the browser crashed; the test's own failure says why.
            with contextlib.suppress(Error):
                context.close()


@pytest.fixture
def browsing(chromium: Browser, live_server: LiveServer) -> Iterator[Browsing]:
    """Pages on the live server. A Content-Security-Policy is active (script-src 'self'), so an
    inline script, a blocked resource or a script error shows up as a console error: after the
    test, there must be none on any page it visited."""
    browsing = Browsing(browser=chromium, base_url=live_server.url)
    yield browsing
    browsing.close()
    assert not browsing.errors, "errors in the browser console:\n" + "\n".join(browsing.errors)


@pytest.fixture(scope="session")
def axe_installed() -> Path:
    """axe-core for the accessibility checks (tests/e2e/axe.py), installed once if missing. An
    install that cannot happen (no npm) fails the tests that need it, with CI=true or not."""
    try:
        return ensure_axe()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
