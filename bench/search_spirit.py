"""Spirit's search beside ours, on the same texts (issue 16: where the peer forum of the
performance issue has search, compare with it too).

django-spirit 0.14.3 searches with django-haystack and Whoosh, one document per topic (its
title and all its comments), and lists topics: bench/spirit/search.py builds that forum from
bench/search_corpus.py, as bench_search.py builds ours, and answers searches one at a time, so
the sides take turns query by query. A figure beside ours, not a target: Spirit finds topics
with no snippet, ours finds articles, comments and topics, each with its snippet.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from bench.bench_peer import SPIRIT_REQUIREMENTS, SPIRIT_VENV, SPIRIT_VERSION, spirit_database
from bench.measure import ROOT, PeerProcess, human, median, p95, peer_python, settle, timed

SPIRIT_SEARCH = ROOT / "bench" / "spirit" / "search.py"


@dataclass
class SideBySide:
    """Per query: ours and Spirit's times, and what Spirit's page listed."""

    ours: dict[str, list[float]] = field(default_factory=dict)
    spirit: dict[str, list[float]] = field(default_factory=dict)
    listed: dict[str, int] = field(default_factory=dict)
    setup: str = ""

    def note(self, label: str) -> str:
        return (
            f"django-spirit {SPIRIT_VERSION}'s search on the same texts (haystack and Whoosh, "
            f"topics only, logged in; {self.listed[label]} topics listed): median "
            f"{human(median(self.spirit[label]))}, p95 {human(p95(self.spirit[label]))}; "
            f"our page (logged out) in the same turns: median "
            f"{human(median(self.ours[label]))}, p95 {human(p95(self.ours[label]))}; "
            f"{self.setup}"
        )


def spirit_side_by_side(
    queries: dict[str, str], ours: Callable[[str], Callable[[], object]], runs: int
) -> SideBySide:
    """`runs` searches of each query on each side, taking turns; `ours(query)` makes the call
    timed on our side."""
    result = SideBySide()
    with tempfile.TemporaryDirectory(prefix="bench-search-spirit-") as folder:
        env = {"SPIRIT_BENCH_DB": str(Path(folder) / "spirit.sqlite3")}
        if connection.vendor == "postgresql":
            env["SPIRIT_BENCH_DATABASE_URL"] = spirit_database()
        started = time.perf_counter()
        spirit = PeerProcess(peer_python(SPIRIT_VENV, SPIRIT_REQUIREMENTS), SPIRIT_SEARCH, env=env)
        ready = spirit.ready
        result.setup = (
            f"Spirit's forum of {ready['comments']:,} comments written and indexed in "
            f"{time.perf_counter() - started:.0f} s (update_index {ready['index_seconds']:.0f} s)"
        )
        try:
            for label, query in queries.items():
                call = ours(query)
                mine = result.ours.setdefault(label, [])
                theirs = result.spirit.setdefault(label, [])
                spirit.ask({"cmd": "search", "q": query})  # untimed: Whoosh's files opened
                for run in range(runs):
                    for side in ("ours", "spirit") if run % 2 == 0 else ("spirit", "ours"):
                        settle()
                        if side == "ours":
                            mine.append(timed(call))
                        else:
                            answer = spirit.ask({"cmd": "search", "q": query})
                            theirs.append(answer["seconds"])
                            result.listed[label] = answer["results"]
        finally:
            spirit.close()
    return result
