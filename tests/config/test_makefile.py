"""What `make run` does, read from make's own dry run: every step says what it does and pip
shows its progress (the first install takes about a minute), then it serves with the command
that starts the worker and scheduler (tests/config/test_make_run.py runs that command)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def make_run_steps() -> list[str]:
    """The commands `make run` runs on a machine where nothing was installed yet."""
    result = subprocess.run(
        # --no-print-directory: run under `make test`, make would add "Entering directory"
        # lines of its own, as a make inside a make does.
        ["make", "--no-print-directory", "--dry-run", "--always-make", "run"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_make_run_shows_pip_progress_and_announces_each_step() -> None:
    steps = make_run_steps()
    slow = [n for n, step in enumerate(steps) if "pip install" in step or "manage.py" in step]

    assert len(slow) == 5  # pip, the project, migrate, import_seeds, the server
    for n in slow:
        assert steps[n - 1].startswith('echo "==> '), steps[n]
        assert "--quiet" not in steps[n].split()
        assert "-q" not in steps[n].split()


def test_make_run_serves_with_the_worker_and_scheduler_beside() -> None:
    assert make_run_steps()[-1] == ".venv/bin/python manage.py runserver_with_worker 127.0.0.1:8000"
