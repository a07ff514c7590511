"""Where a page of threads starts: just after the last thread of the page before (keyset paging),
so that the hundredth page costs what the first does.

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

from django.db.models import F, Field, Func, Q, Value
from django.db.models.lookups import GreaterThan, LessThan

from forum.discussions.models import Post


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
    direction (as every sort of selectors._ROOT_ORDERING is)."""
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
