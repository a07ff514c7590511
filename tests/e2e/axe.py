"""axe-core, the accessibility engine, run in the pages of the browser tests.

axe-core comes from the npm registry, for the tests only: tests/e2e/package.json pins it and
package-lock.json fixes its checksum. `ensure_axe()` installs it with `npm ci` on first use (a
fresh clone, CI), so `make test` needs npm but nothing by hand; without npm it fails, saying so.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, and axe's best practices (landmarks, one h1, a skip link's target ...).
# Answered by the test (Page.route), never by the server.
AXE_URL = "/__tests__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def ensure_axe() -> Path:
    """axe.min.js, installed from tests/e2e/package-lock.json if it is not there yet."""
    if AXE_JS.is_file():
        return AXE_JS
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            "The browser tests need axe-core, installed with npm from tests/e2e/package.json, "
            "and npm is missing: apt-get install npm"
        )
    command = [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix", str(HERE)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode or not AXE_JS.is_file():
        raise RuntimeError(f"`{' '.join(command)}` failed:\n{done.stdout}\n{done.stderr}")
    return AXE_JS


def _describe(violation: dict[str, Any]) -> str:
    nodes = "\n".join(
        f"    {node['target']}: {node.get('failureSummary', '').strip()}"
        for node in violation["nodes"][:5]
    )
    return f"  {violation['id']} ({violation['impact']}): {violation['help']}\n{nodes}"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """What axe-core finds wrong in the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        # Injected by Playwright as a script of the site's own origin: the page's
        # Content-Security-Policy (script-src 'self') stays on, and refuses an inline one.
        page.route(AXE_URL, lambda route: route.fulfill(path=ensure_axe()), times=1)
        page.add_script_tag(url=AXE_URL)
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return list(result["violations"])


def assert_accessible(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core on {where} ({page.url}):\n" + "\n".join(
        _describe(violation) for violation in violations
    )
