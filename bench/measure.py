"""What every benchmark shares: timing, statistics, the comparison it reports, profiles."""

from __future__ import annotations

import cProfile
import gc
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent.parent
DRIVER_CALLS = ("_execute", "_executemany")
STDLIB = f"/lib/python{sys.version_info.major}.{sys.version_info.minor}/"


def peer_python(venv: Path, requirements: tuple[str, ...]) -> Path:
    """A peer's interpreter, in a virtualenv of its own (bench/.venv-<peer>), made (again)
    unless it holds exactly `requirements` already."""
    python = venv / "bin" / "python"
    stamp = venv / "bench-requirements.txt"
    wanted = "\n".join(requirements) + "\n"
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    print(f"  making {venv.relative_to(ROOT)} with {', '.join(requirements)}")
    base = shutil.which("python3.11") or sys.executable
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    for command in ([base, "-m", "venv", "--clear", str(venv)], [*pip, *requirements]):
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode:
            sys.exit(f"bench: {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    stamp.write_text(wanted)
    return python


class PeerProcess:
    """A peer's script run by its own interpreter (peer_python), answering each JSON command
    line on its stdin with one JSON line on its stdout, its first line saying it is ready."""

    def __init__(self, python: Path, script: Path, *args: str, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own script, in our own venv
            [str(python), str(script), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "settings", **env},
        )
        self.ready = self.read()

    def read(self) -> dict[str, Any]:
        assert self.process.stdout is not None  # noqa: S101
        line = self.process.stdout.readline()
        if not line:
            sys.exit(f"bench: the peer's process ended (exit {self.process.wait()}); see above")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def ask(self, command: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None  # noqa: S101
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self.read()

    def close(self) -> None:
        if self.process.poll() is None and self.process.stdin is not None:
            self.process.stdin.write('{"cmd": "quit"}\n')
            self.process.stdin.flush()
            self.process.wait(timeout=120)


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call of `fn` takes, on the monotonic high-resolution clock."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median(times: list[float]) -> float:
    return statistics.median(times)


def p90(times: list[float]) -> float:
    """The 90th percentile, interpolated within the measurements (never beyond the slowest)."""
    if len(times) < 2:
        return times[0]
    return statistics.quantiles(times, n=10, method="inclusive")[-1]


def p95(times: list[float]) -> float:
    """The 95th percentile, interpolated within the measurements (never beyond the slowest):
    what a budget is held to, one request in twenty being slower."""
    if len(times) < 2:
        return times[0]
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def human(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 0.1:
        return f"{seconds * 1e3:.2f} ms"
    if seconds < 1:
        return f"{seconds * 1e3:.0f} ms"
    return f"{seconds:.2f} s"


def settle() -> None:
    """Between timed rounds: collect garbage now, so a collection does not land in a round."""
    gc.collect()


@dataclass
class Comparison:
    """One benchmark: a code path against a baseline doing the same writes, side by side.

    `ratio` is median against median; the target is met when it is at most `max_ratio`. A
    time budget is a Budget, below.
    """

    title: str
    measured: str
    baseline: str
    unit: str
    measured_times: list[float]
    baseline_times: list[float]
    max_ratio: float
    target: str
    notes: list[str] = field(default_factory=list)
    profile: list[str] = field(default_factory=list)  # what bounds it, on a miss

    @property
    def ratio(self) -> float:
        return median(self.measured_times) / median(self.baseline_times)

    @property
    def met(self) -> bool:
        return self.ratio <= self.max_ratio

    @property
    def verdict(self) -> str:
        return "PASS" if self.met else "MISS"

    def report(self) -> str:
        """The lines a benchmark prints about itself."""
        width = max(len(self.measured), len(self.baseline))
        lines = [
            f"  {label:<{width}}  median {human(median(times)):>9}  "
            f"p90 {human(p90(times)):>9}  ({len(times)} x {self.unit})"
            for label, times in (
                (self.measured, self.measured_times),
                (self.baseline, self.baseline_times),
            )
        ]
        ratio_p90 = p90(self.measured_times) / p90(self.baseline_times)
        lines.append(
            f"  ratio {self.ratio:.2f}x at the median ({ratio_p90:.2f}x at p90); "
            f"target {self.target} (<= {self.max_ratio:g}x): {self.verdict}"
        )
        return "\n".join(lines)


@dataclass
class Budget(Comparison):
    """A budget people feel: the p95 of the measured series against a fixed time, not a ratio
    against a baseline run beside it. `baseline_times` holds the budget itself (one figure per
    measurement, so the table's columns read the same); `ratio` is p95 against the budget.

    For a rate (import: comments a second) the series are seconds per batch and the budget
    the seconds the batch may take at that rate.
    """

    @classmethod
    def of(
        cls, *, title: str, measured: str, unit: str, times: list[float], budget: float,
        target: str, notes: list[str] | None = None,
    ) -> Budget:  # fmt: skip
        return cls(
            title=title, measured=measured, baseline="budget", unit=unit,
            measured_times=times, baseline_times=[budget] * len(times), max_ratio=1.0,
            target=target, notes=notes or [],
        )  # fmt: skip

    @property
    def budget(self) -> float:
        return self.baseline_times[0]

    @property
    def ratio(self) -> float:
        return p95(self.measured_times) / self.budget

    def report(self) -> str:
        times = self.measured_times
        return (
            f"  {self.measured}  median {human(median(times))}  p95 {human(p95(times))}  "
            f"({len(times)} x {self.unit}); budget {human(self.budget)} at p95, "
            f"{self.ratio:.2f}x of it: {self.verdict}"
        )


TABLE_HEAD = (
    "| benchmark | measured | median | p90 | baseline | median | p90 | ratio | target | result |\n"
    "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | --- | --- |"
)


def table(comparisons: list[Comparison]) -> str:
    """Ratio rows first, then the budgets, each with its p95 (and the budget in the baseline's
    columns)."""
    rows = [
        f"| {c.title} | `{c.measured}` | {human(median(c.measured_times))} | "
        f"{human(p90(c.measured_times))} | `{c.baseline}` | {human(median(c.baseline_times))} | "
        f"{human(p90(c.baseline_times))} | {c.ratio:.2f}x | {c.target} | **{c.verdict}** |"
        for c in comparisons
        if not isinstance(c, Budget)
    ]
    budgets = [c for c in comparisons if isinstance(c, Budget)]
    if not budgets:
        return "\n".join([TABLE_HEAD, *rows])
    head = [TABLE_HEAD, *rows, ""] if rows else []
    budget_rows = [
        f"| {c.title} | `{c.measured}` | {human(median(c.measured_times))} | "
        f"{human(p95(c.measured_times))} | {len(c.measured_times)} | {human(c.budget)} | "
        f"{c.ratio:.2f}x | {c.target} | **{c.verdict}** |"
        for c in budgets
    ]
    return "\n".join([*head, BUDGET_HEAD, *budget_rows])


BUDGET_HEAD = (
    "| budget | measured | median | p95 | n | budget | p95 / budget | target | result |\n"
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
)


def _where(filename: str, line: int, name: str) -> str:
    """A profile entry's place, short: relative to the project or to site-packages."""
    if filename == "~":
        return name  # a built-in
    path = filename
    for anchor in ("site-packages/", str(ROOT) + "/", STDLIB):
        if anchor in path:
            path = path.split(anchor, 1)[1]
    return f"{path}:{line}({name})"


def profile_top(
    fn: Callable[[], object], *, stages: dict[str, str] | None = None, limit: int = 10
) -> list[str]:
    """Run `fn` once under cProfile and describe what bounds it: the top entries by cumulative
    time (the benchmark's own frames left out), the share of each of `stages` (a label for
    each `path/to/module.py:function`), and the share spent in the database driver."""
    profiler = cProfile.Profile()
    profiler.runcall(fn)
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    total = max(cumtime for (_cc, _nc, _tt, cumtime, _callers) in entries.values())
    rows = sorted(
        (
            (cumtime, tottime, ncalls, key)
            for key, (_cc, ncalls, tottime, cumtime, _callers) in entries.items()
            if "/bench/" not in key[0] and "cProfile" not in key[2] and "disable" not in key[2]
        ),
        reverse=True,
    )
    lines = [f"  {'cumulative':>10}  {'own':>9}  {'calls':>6}  function"]
    lines += [
        f"  {human(cumtime):>10}  {human(tottime):>9}  {ncalls:>6}  {_where(*key)}"
        for cumtime, tottime, ncalls, key in rows[:limit]
    ]
    # Django hands every statement to the driver in `_execute(many)` and every commit in
    # `_commit`: their cumulative time is the database's share (the driver's work included).
    in_driver = sum(
        cumtime
        for key, (_cc, _nc, _tt, cumtime, _callers) in entries.items()
        if (key[0].endswith("django/db/backends/utils.py") and key[2] in DRIVER_CALLS)
        or (key[0].endswith("django/db/backends/base/base.py") and key[2] == "_commit")
    )
    for label, where in (stages or {}).items():
        path, name = where.split(":")
        spent = sum(
            cumtime
            for key, (_cc, _nc, _tt, cumtime, _callers) in entries.items()
            if key[0].endswith(path) and key[2] == name
        )
        lines.append(f"  {spent / total:>10.0%}  {label} ({where})")
    lines.append(
        f"  in the database driver (statements, commits): {in_driver / total:.0%} of "
        f"{human(total)} profiled; the rest is Python (which the profiler inflates)"
    )
    return lines


def query_mix(fn: Callable[[], object]) -> str:
    """How many statements one call of `fn` sends, by kind: e.g. `21 (SELECT 12, INSERT 4)`."""
    with CaptureQueriesContext(connection) as captured:
        fn()
    kinds = Counter(query["sql"].split(None, 1)[0].upper() for query in captured.captured_queries)
    mix = ", ".join(f"{kind} {count}" for kind, count in kinds.most_common())
    return f"{len(captured.captured_queries)} ({mix})"


def statement_time(
    make_call: Callable[[], Callable[[], object]], count: int
) -> tuple[float, float]:
    """Without the profiler: the median time of a call, and of the statements a call sends as
    Django's own per-statement timer counts them (executing, fetching, committing). Calls take
    turns, timed plain and with the statements captured, so the capture's cost stays out of
    the first figure."""
    walls, in_statements = [], []
    for _ in range(count):
        walls.append(timed(make_call()))
        with CaptureQueriesContext(connection) as captured:
            make_call()()
        in_statements.append(sum(float(query["time"]) for query in captured.captured_queries))
    return median(walls), median(in_statements)
