"""Search (issue 16): 1,000 articles and 200,000 comments, searched for one word, three words
and a phrase through the selector the page uses (`forum.search.selectors.search`, its first
page of results and its count, each result made ready to show) and through the page itself
(GET /search/?q=, anonymous). Budget: p95 at most 100 ms for each, a row each.

Side by side, the plain way: the same visible rows filtered with `icontains` on the same
text (every word in the title, the standfirst and Highlights, or the body; the phrase as one
string), newest first, its first page and count. It is a baseline to look at, not to beat by
a ratio: it finds less (no stemming, no ranking) and grows with the table.

The text is bench/search_corpus.py's, the same every run. Written with bulk_create, then
indexed by `search_index_rebuild`, the rebuild command's bulk path.

Beside ours, django-spirit's search on the same texts (bench/search_spirit.py): a figure in
the notes, not a target, since Spirit finds topics with no snippet.

What it now costs: three statements however many match (forum/search/hits.py), as search
products answer: the candidates (the first 1,001 matches best first, from the index and the
document rows alone: on PostgreSQL a bitmap heap scan of every match, ts_rank over them and a
top-N heapsort; on SQLite FTS5 alone, MATCH with bm25 and a sort), the visible ones among those
ids (the joins visibility reads, for 1,001 rows at most), and the first page's rows with
their snippets (ts_headline or snippet() for those 20 only). The count is of the visible
candidates: at most 1,000, then "more than 1,000". Before, the page joined every match for
visibility before ranking it, and the count joined them all again: a word in 4% of the rows
(8,500 matches) cost that much on both engines. What still grows with the matches: reading
and ranking them (PostgreSQL reads a heap page for nearly each one). The notes give each
query's matches in the index, and a word in a third of the rows for scale.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.test import Client
from django.utils import timezone

from accounts.viewer import Viewer
from articles.models import Article
from bench.measure import Budget, Comparison, human, median, p95, query_mix, settle, timed
from bench.people import users_bulk_create
from bench.rows import posts_sequence_reset
from bench.search_corpus import ARTICLES, AUTHORS, COMMENTS, QUERIES, Corpus
from bench.search_spirit import spirit_side_by_side
from forum.discussions.models import ARTICLES_CATEGORY_SLUG, Category, Post, Topic, path_segment
from forum.search.engines import documents_ranked
from forum.search.models import SearchDocument
from forum.search.paging import SearchPaginator
from forum.search.query import query_parse
from forum.search.results import search_result
from forum.search.selectors import _visible, search
from forum.search.services import search_index_rebuild

BATCH = 2_000
RUNS = 40  # timed runs each way, taking turns, after WARMUP untimed
WARMUP = 3
SPIRIT_RUNS = 10  # Spirit's search takes a second under load: fewer, taking turns with ours
BUDGET = 0.100  # p95, seconds
BROAD_RANK = 9  # the made-up word of this rank is in about a third of the comments


class Scene:
    def __init__(self) -> None:
        self.corpus = corpus = Corpus()
        now = timezone.now()
        authors = users_bulk_create("bench_search_", AUTHORS)
        Article.objects.bulk_create(
            [
                Article(
                    title=text.title,
                    slug=f"bench-search-{n}",
                    standfirst=text.standfirst,
                    body=text.body,
                    body_html=f"<p>{text.body}</p>",
                    status=Article.Status.PUBLISHED,
                    publish_at=now - timedelta(hours=n * 17),
                    author=authors[n % AUTHORS],
                )
                for n, text in enumerate(corpus.articles())
            ],
            batch_size=BATCH,
        )
        articles = list(Article.objects.filter(slug__startswith="bench-search-").order_by("pk"))
        category = Category.objects.get(slug=ARTICLES_CATEGORY_SLUG)
        Topic.objects.bulk_create(
            [Topic(category=category, article=a, title=a.title, slug=a.slug) for a in articles],
            batch_size=BATCH,
        )
        topics = list(Topic.objects.filter(article__in=articles).order_by("pk"))
        first = (Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        bodies = corpus.comments()
        for start in range(0, COMMENTS, BATCH):
            posts = []
            for n, body in zip(range(start, min(start + BATCH, COMMENTS)), bodies, strict=False):
                posts.append(
                    Post(
                        pk=first + n,
                        topic=topics[n % ARTICLES],
                        author=authors[(n * 7) % AUTHORS],
                        path=path_segment(first + n),
                        body=body,
                        body_html=f"<p>{body}</p>",
                        # One in fifty held or removed: rows the search must step over.
                        status=Post.Status.PENDING if n % 50 == 7 else Post.Status.VISIBLE,
                        created_at=now - timedelta(minutes=n * 5),
                    )
                )
            Post.objects.bulk_create(posts)
        posts_sequence_reset()
        started = time.perf_counter()
        self.indexed = search_index_rebuild(batch_size=BATCH)
        self.index_time = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {SearchDocument._meta.db_table}")
                cursor.execute(f"ANALYZE {Post._meta.db_table}")
        self.client = Client(SERVER_NAME="localhost")  # an allowed host, outside a test run


def selector_page(query: str) -> Callable[[], object]:
    """What the page asks of the selector: the first page, the count, results to show."""

    def run() -> object:
        hits = search(query, viewer=Viewer.of(None))
        page = SearchPaginator(hits, settings.SEARCH_RESULTS_PER_PAGE).get_page(1)
        return page.paginator.count, [search_result(d) for d in page]

    return run


COLUMNS = ("title", "summary", "body")


def _icontains(query: str) -> QuerySet[SearchDocument]:
    """The plain way: every word (or the phrase) somewhere in the text, case aside."""
    terms = [" ".join(term.words) for group in query_parse(query).groups for term in group.include]
    matched = reduce(
        and_,
        (
            reduce(
                or_,
                (Q(**{f"{column}__icontains": term}) for column in ("title", "summary", "body")),
            )
            for term in terms
        ),
    )
    return (
        SearchDocument.objects.filter(_visible(Viewer.of(None)))
        .filter(matched)
        .select_related("article", "post", "topic", "author")
        .order_by("-published_at", "-id")
    )


def icontains_page(query: str) -> Callable[[], object]:
    def run() -> object:
        page = Paginator(_icontains(query), settings.SEARCH_RESULTS_PER_PAGE).get_page(1)
        return page.paginator.count, list(page)

    return run


def page_get(client: Client, query: str) -> Callable[[], object]:
    def get() -> None:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, response.status_code  # noqa: S101

    return get


def take_turns(sides: list[tuple[Callable[[], object], list[float]]]) -> None:
    for fn, _times in sides:
        for _ in range(WARMUP):
            fn()
    for run_number in range(RUNS):
        for fn, times in sides if run_number % 2 == 0 else list(reversed(sides)):
            settle()
            times.append(timed(fn))


def plan_line(query: str) -> str:
    """How the candidates are read (EXPLAIN's key line; on PostgreSQL with ANALYZE)."""
    sql, params = search(query, viewer=Viewer.of(None)).candidates.query.sql_with_params()
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            lines = [row[-1] for row in cursor.fetchall()]
        return next((line for line in lines if "search_fts" in line), "?")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
        lines = [row[0] for row in cursor.fetchall()]
    key = next((line.strip() for line in lines if "Bitmap Heap Scan" in line), "?")
    timing = "; ".join(line for line in lines if line.startswith("Execution"))
    return f"{key.removeprefix('->').strip()}; {timing}"


def matches_in_index(query: str) -> int:
    """Every match of `query` in the index, visible or not: the candidates are the first
    1,001 of them."""
    return documents_ranked(SearchDocument.objects.all(), query_parse(query)).count()


def run() -> list[Comparison]:
    print(
        f"search: {ARTICLES:,} articles and {COMMENTS:,} comments, the selector and the page "
        "against an icontains scan of the same rows"
    )
    started = time.perf_counter()
    scene = Scene()
    setup = time.perf_counter() - started
    print(f"  written and indexed in {setup:.0f} s (the rebuild {scene.index_time:.0f} s)")
    rows = measure(scene, setup)
    print(f"  {time.perf_counter() - started:.0f} s in all")
    return rows


def measure(scene: Scene, setup: float) -> list[Comparison]:
    """The timings, on a scene written (by `Scene`) `setup` seconds long."""
    rows: list[Comparison] = []
    for label, query in QUERIES.items():
        matches = matches_in_index(query)
        hits = search(query, viewer=Viewer.of(None))
        found = f"{'more than ' if hits.capped else ''}{hits.count():,}"
        plain_matches = _icontains(query).count()
        selector_times: list[float] = []
        page_times: list[float] = []
        plain_times: list[float] = []
        take_turns(
            [
                (selector_page(query), selector_times),
                (page_get(scene.client, query), page_times),
                (icontains_page(query), plain_times),
            ]
        )
        page_mix = query_mix(page_get(scene.client, query))
        notes = [
            f"query `{query}`: {matches:,} matches in the index, {found} found (icontains "
            f"finds {plain_matches:,}: no stemming); first page of "
            f"{settings.SEARCH_RESULTS_PER_PAGE} and the capped count; beside it, the plain "
            f"way (icontains, same visible rows, first page and count): median "
            f"{human(median(plain_times))}, p95 {human(p95(plain_times))}",
            f"page statements: {page_mix}; candidates' plan: `{plan_line(query)}`",
        ]
        for measured, times in (
            ("search selector (first page + count)", selector_times),
            ("GET /search/?q=", page_times),
        ):
            rows.append(
                Budget.of(
                    title=f"search, {label}, {ARTICLES:,} articles + {COMMENTS:,} comments",
                    measured=measured,
                    unit="search",
                    times=times,
                    budget=BUDGET,
                    target=f"p95 ≤ {BUDGET * 1e3:.0f} ms",
                    notes=notes if measured.startswith("search") else [notes[0]],
                )
            )
            print(rows[-1].report())
    common = scene.corpus.words[BROAD_RANK]
    broad = [timed(selector_page(common)) for _ in range(10)]
    broad_matches = matches_in_index(common)
    rows[0].notes.append(
        f"a broad word for comparison, `{common}` ({broad_matches:,} matches, every one ranked "
        f"for the candidates): selector median {human(median(broad))}, slowest "
        f"{human(max(broad))}; setup {setup:.0f} s, the rebuild of {scene.indexed:,} "
        f"documents {scene.index_time:.0f} s"
    )
    print(f"  {rows[0].notes[-1]}")
    spirit = spirit_side_by_side(QUERIES, lambda query: page_get(scene.client, query), SPIRIT_RUNS)
    for label, row in zip(QUERIES, rows[1::2], strict=True):  # the GET rows
        row.notes.append(spirit.note(label))
        print(f"  {label}: {row.notes[-1]}")
    return rows
