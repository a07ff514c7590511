"""Run the benchmarks of the "Proof" issue, print their table and write bench/RESULTS.md.

    make bench                                                               # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ree_bench make bench     # PostgreSQL
    DATABASE_URL=... REDIS_URL=redis://127.0.0.1:6379/5 make bench           # and the load run

With REDIS_URL, bench_readers runs its 3-minute load (BENCH_LOAD_SECONDS shortens it) with
Redis as cache and broker; it clears that cache database and the broker's queue first, so
give it Redis databases of its own. The other benchmarks run without Redis.

Every run starts from an empty database: without DATABASE_URL a SQLite file of its own,
var/bench.sqlite3, made afresh; with it, a PostgreSQL database whose tables are all dropped
first, so its name must contain "bench". Benchmarks compare a code path with a baseline in the
same run: absolute times drift on shared machines, the ratios hold.

RESULTS.md keeps the last table for each database, with the machine it ran on; a run replaces
its own database's section and leaves the other's.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_FILE = ROOT / "var" / "bench.sqlite3"
RESULTS = ROOT / "bench" / "RESULTS.md"
BENCHMARKS = (
    "bench.bench_article_page",  # 1
    "bench.bench_throughput",  # 2
    "bench.bench_posting",  # 3
    "bench.bench_fanout",  # 4
    "bench.bench_moderation_queue",  # 5
    "bench.bench_load",  # load: 50 clients posting 200 comments each
    "bench.bench_import",  # issue 18: importing 10,000 comments, at least 2,000 a second
    # Before bench_peer, whose 226,000 comments stay in the table: searched too, they would
    # make the search's corpus three times the size its budget is set for.
    "bench.bench_search",  # issue 16: 1,000 articles and 200,000 comments, p95 at most 100 ms
    "bench.bench_peer",  # issue 14: our topic page against django-spirit's, at N up to 20,000
    "bench.bench_finance_gate",  # issue 15: the moderation rules, 3 ms on a comment at p95
    "bench.bench_readers",  # issue 14: readers polling, members reading and posting, for 3 min
)
# `make bench ONLY=bench_fanout,bench_posting` runs some of them; RESULTS.md is then left alone.
SECTIONS = ("SQLite", "PostgreSQL")  # in this order in RESULTS.md


def environment_configure() -> None:
    """The local settings, quiet and without first-post moderation, on the bench database; no
    Redis, so the cache is local memory, and the broker in memory (not var/'s folder, which
    `make run`'s worker would later drain of tasks for rows it does not have)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["DJANGO_DEBUG"] = "false"  # no query log growing through the run
    os.environ["FORUM_PREMODERATE_FIRST_POSTS"] = "0"
    for name in ("REDIS_URL", "REDIS_CACHE_URL"):
        # Kept aside for bench_readers, whose server, cache and worker use Redis.
        if os.environ.get(name):
            os.environ[f"BENCH_{name}"] = os.environ[name]
        os.environ.pop(name, None)
    if not os.environ.get("DATABASE_URL"):
        SQLITE_FILE.parent.mkdir(exist_ok=True)
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{SQLITE_FILE}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_FILE}"
    sys.path.insert(0, str(ROOT))


def database_reset() -> None:
    """On PostgreSQL, drop every table so the run starts as empty as a new SQLite file."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    name = connection.settings_dict["NAME"]
    if "bench" not in name:
        sys.exit(
            f"bench: refusing to drop the tables of {name!r}; name a database for benchmarks "
            "(e.g. ree_bench, made with `createdb -h 127.0.0.1 -U postgres ree_bench`)"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [connection.ops.quote_name(row[0]) for row in cursor.fetchall()]
        if tables:
            cursor.execute(f"DROP TABLE {', '.join(tables)} CASCADE")


def database_label() -> tuple[str, str]:
    """The section name and the server's version, e.g. ("PostgreSQL", "PostgreSQL 15.20")."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
        return "PostgreSQL", f"PostgreSQL {version}"
    if connection.vendor == "sqlite":
        return "SQLite", f"SQLite {connection.Database.sqlite_version}"
    return connection.display_name, connection.display_name


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {cores} cores ({usable} usable), {platform.system()} {platform.release()}, "
        f"load average {load:.2f} at the start"
    )


def section_write(name: str, text: str) -> None:
    """Replace this database's section of RESULTS.md, keeping the others."""
    sections: dict[str, str] = {}
    if RESULTS.exists():
        for chunk in RESULTS.read_text().split("\n## ")[1:]:
            sections[chunk.split("\n", 1)[0].strip()] = "## " + chunk.strip() + "\n"
    sections[name] = text
    ordered = [sections.pop(known) for known in SECTIONS if known in sections]
    ordered += sections.values()
    RESULTS.write_text(
        "# Benchmark results\n\n"
        "Written by `make bench` (`bench/run.py`): the last run on each database. Each row "
        "times a code path and its baseline side by side in one run; compare the ratios, as "
        "absolute times depend on the machine and its load.\n\n" + "\n".join(ordered)
    )


def main() -> None:
    started = time.perf_counter()
    environment_configure()

    import django
    from django.core.management import call_command
    from django.utils import timezone

    django.setup()
    database_reset()
    call_command("migrate", verbosity=0, interactive=False)
    name, database = database_label()
    ran_on = (
        f"{timezone.now():%Y-%m-%d %H:%M} UTC on {machine()}; Python "
        f"{platform.python_version()}, Django {django.get_version()}, {database}"
    )
    print(f"bench: {ran_on}\n")

    from bench.measure import table

    only = [name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()]
    modules = [m for m in BENCHMARKS if not only or m.rsplit(".", 1)[1] in only]
    comparisons = []
    for module in modules:
        # A benchmark returns its Comparison, or a list of them (one per row of the table).
        result = importlib.import_module(module).run()
        comparisons += result if isinstance(result, list) else [result]
        print()

    summary = table(comparisons)
    print(f"{database}\n{summary}\n")
    if only:
        print(f"bench: ran {', '.join(modules)} only; {RESULTS.relative_to(ROOT)} left as it was")
        return
    lines = [f"## {name}", "", f"Run {ran_on}.", "", summary, ""]
    for comparison in comparisons:
        lines.append(f"{comparison.title}:")
        lines += [f"- {note}" for note in comparison.notes]
        if comparison.profile:
            lines += ["- missed; what bounds it (cProfile, top 10 by cumulative time):", ""]
            lines += ["  ```text", *[f"  {line}" for line in comparison.profile], "  ```"]
        lines.append("")
    section_write(name, "\n".join(lines))
    print(f"bench: wrote {RESULTS.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
