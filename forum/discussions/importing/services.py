"""Writing an export's comments under the articles their threads belong to.

Imported comments were moderated on the old site: they pass no gate, raise no notification
(no NotificationEvent is written, no one watches a topic through them), and link no @mention
(a handle there is not a person here). Each thread goes in its own transaction, written in
bulk: its comments in one INSERT, ids and paths made beforehand, each with its id in the
export, then the counters. What an earlier import wrote is found by that id and left alone,
so importing twice changes nothing.
"""

from __future__ import annotations

import gc
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from articles.models import Article
from forum.discussions.importing.authors import author_key, imported_authors_ensure
from forum.discussions.importing.plan import Entry, ThreadPlan
from forum.discussions.importing.preparing import threads_prepared
from forum.discussions.importing.sources import SourceExport, SourceThread
from forum.discussions.importing.threads import ThreadMapping, threads_match
from forum.discussions.models import (
    ImportedAuthor,
    ImportSource,
    Post,
    Topic,
    path_segment,
)
from forum.discussions.poll_cache import latest_visible_raise
from forum.discussions.services.cache_versions import NEXT_VERSION, topic_threads_changed
from forum.discussions.services.post_tickers import post_tickers_put
from forum.discussions.services.topics import topic_ensure_for_article
from forum.discussions.signals import posts_imported

HIDDEN_REASONS = {
    Post.Status.REMOVED: "Marked as spam on the old comment system.",
    Post.Status.PENDING: "Awaiting approval on the old comment system when it was imported.",
}


@dataclass
class ImportSummary:
    threads: int = 0
    unmatched: list[SourceThread] = field(default_factory=list)
    imported: int = 0
    imported_hidden: int = 0
    already_imported: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    not_comments: int = 0
    authors_created: int = 0

    def lines(self, *, dry_run: bool) -> list[str]:
        verb = "would import" if dry_run else "imported"
        skipped = ", ".join(f"{count} {why}" for why, count in sorted(self.skipped.items()))
        lines = [
            f"threads: {self.threads - len(self.unmatched)} of {self.threads} matched to articles",
            f"comments: {verb} {self.imported} ({self.imported_hidden} hidden), "
            f"{self.already_imported} already imported, skipped {skipped or 'none'}",
            f"authors: {verb} {self.authors_created} new",
        ]
        if self.not_comments:
            lines.append(f"left out {self.not_comments} pingbacks, trackbacks and the like")
        lines += [
            f"unmatched thread {thread.external_id}: {thread.link or thread.title} "
            f"({len(thread.posts)} comments)"
            for thread in self.unmatched
        ]
        return lines


def comments_import(
    *,
    export: SourceExport,
    mapping: ThreadMapping,
    hidden_too: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> ImportSummary:
    """Import every thread that maps to an article, each in its own transaction; with
    `dry_run`, write nothing and say what would be done. `hidden_too` imports spam, deleted
    and unapproved comments hidden instead of leaving them out. `progress` hears how many of
    the export's comments each thread done held. `workers` processes prepare the threads of a
    long import (preparing.py)."""
    summary = ImportSummary(threads=len(export.threads), not_comments=export.not_comments)
    matched, summary.unmatched = threads_match(export.threads, mapping)
    if progress is not None:  # nothing to do for those
        progress(sum(len(thread.posts) for thread in summary.unmatched))
    new_authors: set[str] = set()  # for a dry run: those it would make, over all threads
    # What the threads before committed, so later threads look neither up again.
    known_authors: dict[str, int] = {}
    topics = _topics_of([article for _thread, article in matched])
    post_ids = PostIds()
    with _loaded_kept_out_of_collections():
        plans = threads_prepared(
            [thread for thread, _article in matched],
            hidden_too=hidden_too,
            max_depth=settings.FORUM_MAX_DEPTH,
            workers=workers,
        )
        for (thread, article), plan in zip(matched, plans, strict=True):
            summary.skipped.update(plan.skipped)
            if dry_run:
                _dry_run_count(summary, plan, export.source, new_authors)
            else:
                known_authors |= thread_import(
                    summary=summary,
                    plan=plan,
                    article=article,
                    source=export.source,
                    topic=topics.get(article.pk),
                    known_authors=known_authors,
                    post_ids=post_ids,
                )
            if progress is not None:
                progress(len(thread.posts))
    return summary


@contextmanager
def _loaded_kept_out_of_collections() -> Iterator[None]:
    """Everything loaded so far, the export above all, lives until the import ends. Frozen out
    of the garbage collector's reach, it is not walked again by each full collection that the
    writing's short-lived rows set off (0.5 s of CPU in an import of 10,000 comments, 0.2 s
    once frozen), and the forked workers share its memory rather than copying the pages the
    collector would touch."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _topics_of(articles: list[Article]) -> dict[int, Topic]:
    """The discussion topics the articles already have, by article id (one query)."""
    topics = Topic.objects.filter(article__in=articles, article__isnull=False)
    return {topic.article_id: topic for topic in topics if topic.article_id is not None}


def _found_attach(entries: list[Entry], source: ImportSource) -> None:
    """Give each entry an earlier import wrote its post's id and path (one query)."""
    by_id = {entry.source.external_id: entry for entry in entries}
    found = Post.objects.filter(imported_from=source, external_id__in=by_id).values_list(
        "external_id", "pk", "path"
    )
    for external_id, post_id, path in found:
        entry = by_id[str(external_id)]  # one of by_id's: not NULL
        entry.post_id, entry.path = post_id, path


def _dry_run_count(
    summary: ImportSummary, plan: ThreadPlan, source: ImportSource, new_authors: set[str]
) -> None:
    """Add what importing the thread would do to `summary`, and the authors it would make to
    `new_authors` (two queries)."""
    _found_attach(plan.entries, source)
    new = [entry for entry in plan.entries if entry.post_id is None]
    keys = {author_key(entry.source.author, source) for entry in new} - new_authors
    keys -= set(ImportedAuthor.objects.filter(key__in=keys).values_list("key", flat=True))
    new_authors |= keys
    summary.already_imported += len(plan.entries) - len(new)
    summary.imported += len(new)
    summary.imported_hidden += sum(entry.status != Post.Status.VISIBLE for entry in new)
    summary.authors_created += len(keys)


@transaction.atomic
def thread_import(
    *,
    summary: ImportSummary,
    plan: ThreadPlan,
    article: Article,
    source: ImportSource,
    topic: Topic | None = None,
    known_authors: Mapping[str, int] | None = None,
    post_ids: PostIds | None = None,
) -> dict[str, int]:
    """Write the plan's new comments under the article, adding what was done to `summary`.

    `topic` is the article's discussion when the caller has it (else it is made), and
    `known_authors` the accounts of authors committed by earlier threads, `post_ids` where the
    import takes its new posts' ids. Returns the
    accounts of this thread's authors, for the threads after it.
    """
    _found_attach(plan.entries, source)
    new = [entry for entry in plan.entries if entry.post_id is None]
    summary.already_imported += len(plan.entries) - len(new)
    if not new:
        return {}  # imported before: nothing is written, not even a new cache version
    if topic is None:
        topic = topic_ensure_for_article(article=article)
    # The topic's row lock before the posts are written, as posting takes it: the counters are
    # counted at the end with no comment arriving in between.
    topic_threads_changed(topic_id=topic.pk)
    # Each comment's author's key once: a keyed hash of the address, the costliest part.
    keys = [author_key(entry.source.author, source) for entry in new]
    authors, created = imported_authors_ensure(
        authors=dict(zip(keys, (entry.source.author for entry in new), strict=True)),
        known=known_authors,
    )
    # In the plan's order, each after the comment it answers: its parent's path is known when
    # its own is made, and siblings' ids, so their order by path, follow their dates.
    ids = (post_ids or PostIds()).take(len(new))
    for entry, post_id in zip(new, ids, strict=True):
        entry.post_id = post_id
        entry.path = (entry.parent.path if entry.parent else "") + path_segment(post_id)
    posts = Post.objects.bulk_create(
        _posts_build(topic, new, [authors[key] for key in keys], source)
    )
    post_tickers_put(posts=posts, created=True)
    _counters_count(topic, new)
    # The search index (forum.search, above this app) takes them in bulk, in this transaction.
    posts_imported.send(sender=Post, posts=posts)
    summary.imported += len(new)
    summary.imported_hidden += sum(entry.status != Post.Status.VISIBLE for entry in new)
    summary.authors_created += created
    return authors


def post_ids_reserve(count: int) -> list[int]:
    """`count` ids for new posts, taken ahead of their INSERT: a post's path ends with its own
    id, and with the ids known the posts go in with their paths, in one INSERT.

    PostgreSQL hands them out from the table's sequence, as posting takes one
    (services/posting.py, `_topic_locked`). SQLite's AUTOINCREMENT records the highest id
    it ever gave in sqlite_sequence: the ids after it are free, and stay so, since the
    transaction took the write lock as it began (the settings' IMMEDIATE); inserting them
    moves the record past them. Precondition: inside a transaction.
    """
    table = Post._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
    first = (row[0] if row else 0) + 1
    return list(range(first, first + count))


def _posts_build(
    topic: Topic, new: list[Entry], author_ids: list[int], source: ImportSource
) -> list[Post]:
    """`author_ids`: each new comment's author's account, in their order."""
    replies = Counter(
        id(entry.parent) for entry in new if entry.parent and entry.status == Post.Status.VISIBLE
    )
    return [
        _post_build(topic, entry, author_id, source, reply_count=replies[id(entry)])
        for entry, author_id in zip(new, author_ids, strict=True)
    ]


class PostIds:
    """Ids for an import's new posts. PostgreSQL's sequence hands them out outside any
    transaction, so there they are taken ahead, `AHEAD` at a time, rather than one statement
    per thread (an id taken and not used is a gap, as a rolled-back post leaves). SQLite's
    are free only inside the transaction that takes them: each thread takes its own."""

    AHEAD = 2000

    def __init__(self) -> None:
        self._ahead: deque[int] = deque()

    def take(self, count: int) -> list[int]:
        if connection.vendor != "postgresql":
            return post_ids_reserve(count)
        if len(self._ahead) < count:
            self._ahead.extend(post_ids_reserve(max(count - len(self._ahead), self.AHEAD)))
        return [self._ahead.popleft() for _ in range(count)]


def _post_build(
    topic: Topic, entry: Entry, author_id: int, source: ImportSource, *, reply_count: int
) -> Post:
    """`reply_count`: its visible replies among the comments written with it, which are all
    it has, being new."""
    hidden_reason = HIDDEN_REASONS.get(entry.status, "")
    pending = entry.status == Post.Status.PENDING
    return Post(
        id=entry.post_id,
        topic=topic,
        author_id=author_id,
        parent_id=entry.parent.post_id if entry.parent else None,
        reply_to_id=entry.reply_to.post_id if entry.reply_to else None,
        root_id=entry.root.post_id if entry.root else None,
        path=entry.path,
        depth=entry.depth,
        body=entry.body,
        body_html=entry.html,
        tickers=entry.tickers,
        status=entry.status,
        reply_count=reply_count,
        created_at=entry.source.created_at,
        held_reason=hidden_reason if pending else "",
        held_at=timezone.now() if pending else None,
        moderation_reason="" if pending else hidden_reason,
        imported_from=source,
        external_id=entry.source.external_id,
    )


def _counters_count(topic: Topic, new: list[Entry]) -> None:
    """The counters the new comments change, counted afresh from the rows: the replies of
    every post written before that they went under (the new ones were written with theirs),
    and the topic's comments, latest activity and version."""
    new_ids = {entry.post_id for entry in new}
    parent_ids = {
        entry.parent.post_id
        for entry in new
        if entry.parent and entry.parent.post_id is not None and entry.parent.post_id not in new_ids
    }
    if parent_ids:
        replies = (
            Post.objects.filter(parent_id=OuterRef("pk"), status=Post.Status.VISIBLE)
            .order_by()
            .values("parent_id")
            .annotate(count=Count("pk"))
            .values("count")
        )
        Post.objects.filter(pk__in=parent_ids).update(reply_count=Coalesce(Subquery(replies), 0))
    comments = Post.objects.filter(topic_id=topic.pk, status=Post.Status.VISIBLE)
    if topic.opening_post_id:
        comments = comments.exclude(pk=topic.opening_post_id)
    count = comments.order_by().values("topic_id").annotate(count=Count("pk")).values("count")
    changes: dict[str, object] = {
        "post_count": Coalesce(Subquery(count), 0),
        "discussion_version": NEXT_VERSION,
    }
    shown = [entry.source.created_at for entry in new if entry.status == Post.Status.VISIBLE]
    if shown:
        changes["last_activity_at"] = Greatest("last_activity_at", Value(max(shown)))
    Topic.objects.filter(pk=topic.pk).update(**changes)
    shown_ids = [e.post_id for e in new if e.status == Post.Status.VISIBLE and e.post_id]
    if shown_ids:  # under the topic's row lock, which that update holds
        latest_visible_raise(topic_id=topic.pk, post_id=max(shown_ids))
