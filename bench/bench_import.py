"""Bringing comments in: `manage.py import_comments disqus` on a generated export of 10,000
comments, timed from reading the file to the last thread committed. Target: at least 2,000
comments a second (issue 18), so the budget, 5 s for 10,000, is the baseline.

The export is what a news site brings: 50 articles' threads of 200 comments each, replies
nested up to 5 deep (so some attach at FORUM_MAX_DEPTH), HTML bodies of some 300 characters
with emphasis, a quote and a link, one in ten carrying a script, 500 people with addresses.
Each run imports a fresh export (new ids) under 50 new articles, so every run writes all of it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from bench.measure import (
    Budget,
    Comparison,
    human,
    median,
    p95,
    profile_top,
    query_mix,
    settle,
    timed,
)
from forum.discussions.importing.disqus import disqus_read
from forum.discussions.importing.preparing import usable_cores
from forum.discussions.importing.services import comments_import
from forum.discussions.importing.threads import ThreadMapping
from forum.discussions.models import Post
from tests.factories import ArticleFactory

THREADS = 50
PER_THREAD = 200
COMMENTS = THREADS * PER_THREAD
PEOPLE = 500
RUNS = 3  # timed, after one untimed
BUDGET_PER_SECOND = 2000
WORKERS = usable_cores()
DEPTHS = (0, 1, 2, 3, 4, 5, 2, 1, 2, 3, 0, 1, 1, 2, 0, 1, 2, 3, 4, 1)
STAGES = {
    "read the XML": "forum/discussions/importing/xml_reading.py:xml_read",
    "prepare threads (convert, render; in workers, waited for here)": (
        "forum/discussions/importing/preparing.py:threads_prepared"
    ),
    "authors": "forum/discussions/importing/authors.py:imported_authors_ensure",
    "bulk_create": "django/db/models/query.py:bulk_create",
    "counters": "forum/discussions/importing/services.py:_counters_count",
    "search index": "forum/search/services.py:documents_posts_add",
    "commit": "django/db/backends/base/base.py:_commit",
}


def _body(n: int) -> str:
    script = '<script>alert("x")</script>' if n % 10 == 3 else ""
    return (
        f"<p>Point {n}: the <em>spot price</em> of neodymium oxide moved again this week, and "
        f"separation capacity outside China is still <strong>thin</strong>.{script}</p>"
        "<blockquote><p>Magnet makers are stockpiling ahead of the licence round.</p>"
        '</blockquote><p>The <a href="https://example.com/exports">customs figures</a> tell '
        "the same story.</p>"
    )


def export_write(folder: Path, run: int, slugs: list[str]) -> Path:
    """A Disqus export of THREADS threads linking to the articles `slugs`."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">'
    ]
    parts += [
        f'<thread dsq:id="r{run}t{t}"><id>{slug}</id><link>https://old.example.com/articles/'
        f"{slug}/</link><title>{slug}</title></thread>"
        for t, slug in enumerate(slugs)
    ]
    for t in range(THREADS):
        last_at: dict[int, str] = {}
        for n in range(PER_THREAD):
            post_id, depth = f"r{run}t{t}p{n}", DEPTHS[n % len(DEPTHS)]
            parent = f'<parent dsq:id="{last_at[depth - 1]}"/>' if depth else ""
            last_at[depth] = post_id
            person = (t * PER_THREAD + n) % PEOPLE
            parts.append(
                f'<post dsq:id="{post_id}"><message>{escape(_body(n))}</message>'
                f"<createdAt>2021-0{1 + t % 9}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z"
                "</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author>"
                f"<name>Reader {person}</name><email>reader{person}@old.example.com</email>"
                f'<isAnonymous>false</isAnonymous></author><thread dsq:id="r{run}t{t}"/>'
                f"{parent}</post>"
            )
    parts.append("</disqus>\n")
    path = folder / f"export-{run}.xml"
    path.write_text("".join(parts))
    return path


def _import(path: Path) -> None:
    """What the command does: every usable core preparing threads while this process writes."""
    summary = comments_import(export=disqus_read(path), mapping=ThreadMapping(), workers=WORKERS)
    assert summary.imported == COMMENTS, summary.lines(dry_run=False)  # noqa: S101


def run() -> Comparison:
    print(f"import: manage.py import_comments's service on a Disqus export of {COMMENTS:,}")
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    exports = []
    for run_number in range(RUNS + 2):  # one untimed, RUNS timed, one counted or profiled
        slugs = [f"bench-import-{run_number}-{t}" for t in range(THREADS)]
        for slug in slugs:
            ArticleFactory(slug=slug, title=f"Import bench {slug}")
        exports.append(export_write(folder, run_number, slugs))

    mix = query_mix(lambda: _import(exports[0]))  # untimed: also warms the caches
    times = []
    for path in exports[1 : RUNS + 1]:
        settle()
        times.append(timed(lambda path=path: _import(path)))
    rate = COMMENTS / median(times)
    budget = COMMENTS / BUDGET_PER_SECOND
    comparison = Budget.of(
        title=f"importing {COMMENTS:,} comments",
        measured="import_comments (read, convert, write)",
        unit=f"{COMMENTS:,} comments",
        times=times,
        budget=budget,
        target=f"at least {BUDGET_PER_SECOND:,} comments/s (p95 ≤ {human(budget)})",
        notes=[
            f"{rate:,.0f} comments/s at the median of {RUNS} runs, "
            f"{COMMENTS / p95(times):,.0f} at the p95 ({human(median(times))} for "
            f"{COMMENTS:,}), after one untimed; each run a fresh export under new articles",
            f"export: {THREADS} threads x {PER_THREAD} comments, replies up to "
            f"{max(DEPTHS)} deep, {PEOPLE} people with addresses, {exports[0].stat().st_size:,} "
            "bytes; read, converted from HTML, rendered and sanitised, written in bulk "
            "(a transaction per thread), counters counted, indexed for search",
            f"{WORKERS} worker processes prepare the threads (convert, render) while the "
            "importing process writes, as the command does by default",
            f"statements per import: {mix}",
        ],
    )
    print(comparison.report())
    for note in comparison.notes:
        print(f"  - {note}")
    if not comparison.met:
        print("  profile of one import, top 10 by cumulative time:")
        comparison.profile = profile_top(lambda: _import(exports[-1]), stages=STAGES)
        print("\n".join(comparison.profile))
    assert Post.objects.filter(external_id__isnull=False).count() >= COMMENTS * (RUNS + 1)  # noqa: S101
    return comparison
