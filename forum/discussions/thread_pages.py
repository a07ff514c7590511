"""A page of threads, and where the next starts: just after the last thread of the page before
(keyset paging), so that the hundredth page costs what the first does.

An offset makes the database walk past every thread before the page. Here a page is asked for
by the last root of the page before (`?after=<id>`): its sort key is read by id, and the roots
after it are those whose key compares greater, as one row value against another,
`(created_at, id) > (%s, %s)`. PostgreSQL and SQLite both read that as the start of a range of
the roots' index for the sort (PostgreSQL as an Index Cond; SQLite as its "scrolling window"
query), so the statement walks the page alone. Featured roots lead in every sort, and a row
value cannot mix directions, so the flag is compared apart: after a featured root come the
featured ones after it, then every other.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Field, Func, Q, QuerySet, Subquery, Value
from django.db.models.lookups import GreaterThan, LessThan

from accounts.viewer import Viewer
from config.web.query_params import InvalidQueryParameter
from forum.discussions.models import Post, Topic
from forum.discussions.selectors import (
    ROOT_ORDERING,
    PostNode,
    Sort,
    thread_roots,
    thread_trees,
)


class Row(Func):
    """A row value, `(a, b, c)`, compared whole."""

    template = "(%(expressions)s)"
    output_field = Field()


def _field(name: str) -> Field[object, object]:
    field = Post._meta.get_field(name)
    assert isinstance(field, Field)  # noqa: S101 - a column of Post, named in our orderings
    return field


def roots_after(ordering: tuple[str, ...], cursor: Post) -> Q:
    """The roots that come after `cursor` in `ordering`: "-is_featured" and then keys all in one
    direction (as every sort of selectors.ROOT_ORDERING is)."""
    featured, *keys = ordering
    assert featured == "-is_featured"  # noqa: S101
    names = [key.removeprefix("-") for key in keys]
    descending = keys[0].startswith("-")
    columns = Row(*(F(name) for name in names))
    values = Row(*(Value(getattr(cursor, name), output_field=_field(name)) for name in names))
    beyond = LessThan(columns, values) if descending else GreaterThan(columns, values)
    # The flag as a Value: compared to a plain bool, Django writes `NOT is_featured`, which
    # SQLite cannot read as the index's second column.
    after = Q(beyond, is_featured=Value(cursor.is_featured))
    if cursor.is_featured:
        after |= Q(is_featured=Value(False))
    return after


def sort_key_fields(ordering: tuple[str, ...]) -> list[str]:
    """The columns a cursor's row must hold for `roots_after`."""
    return ["pk", *(key.removeprefix("-") for key in ordering)]


def topic_newest_post_id(topic: Topic) -> QuerySet[Post, int]:
    """The id of the newest post in `topic`, as a one-row query to run or to nest: read at the
    end of the topic's `(topic_id, id)` index, one entry, however many posts the table holds.

    `MAX(id) ... WHERE topic_id = %s` leaves PostgreSQL two ways, that index or the primary key
    walked backwards until a row of the topic turns up; short of a vacuumed visibility map, it
    estimates the walk from the topic's share of the table and takes it, and every post newer
    than the topic's last, in other topics, is stepped over (160 ms with 200,000 newer posts
    elsewhere, against 0.1 ms). Ordered by the topic as well as the id, which the primary key
    cannot give, only the index answers; the topic is bounded above and below, not compared equal,
    because PostgreSQL drops an ORDER BY column compared equal to a constant, and with it that
    difference."""
    return (
        Post.objects.filter(topic_id__gte=topic.pk, topic_id__lte=topic.pk)
        .order_by("-topic_id", "-id")
        .values_list("id", flat=True)[:1]
    )


@dataclass
class ThreadPage:
    """One page of top-level threads as a viewer sees them, and where the next starts."""

    threads: list[PostNode]
    sort: str
    next_after: int | None
    """The last thread's root, which the next page starts after; None on the last page."""
    single_thread: bool
    """A permalink's view: one thread alone."""
    latest_post_id: int
    """The newest post in the topic when the page was read: where "new replies" start."""


def thread_page(
    *,
    topic: Topic,
    viewer: Viewer,
    sort: str,
    after: int | None = None,
    thread: int | None = None,
) -> ThreadPage:
    """A page of threads: the first, the one after the thread whose root is `after` (below),
    or the one `thread` a permalink points into. Raises InvalidQueryParameter when `after` is
    not a thread of this topic."""
    sort = sort if sort in Sort.CHOICES else Sort.DEFAULT
    per_page = settings.FORUM_THREADS_PER_PAGE
    roots = thread_roots(topic=topic, viewer=viewer, sort=sort)
    if thread is not None:
        roots = roots.filter(pk=thread)
    elif after is not None:
        ordering = ROOT_ORDERING[sort]
        cursor = (
            Post.objects.filter(pk=after, topic=topic, depth=0)
            .only(*sort_key_fields(ordering))
            .first()
        )
        if cursor is None:
            raise InvalidQueryParameter("?after= must name a thread of this discussion.")
        roots = roots.filter(roots_after(ordering, cursor))
    # Where "new replies" start (the topic's newest post) comes with the roots, as a subquery
    # the database runs once; asked apart only when there is no root to carry it.
    newest = topic_newest_post_id(topic)
    rows = list(roots.annotate(newest=Subquery(newest)).values_list("pk", "newest")[: per_page + 1])
    page = [pk for pk, _newest in rows]
    latest = rows[0][1] if rows else next(iter(newest), 0)
    return ThreadPage(
        threads=thread_trees(topic=topic, order=page[:per_page], viewer=viewer),
        sort=sort,
        next_after=page[per_page - 1] if len(page) > per_page else None,
        single_thread=thread is not None,
        latest_post_id=latest or 0,
    )
