"""Rows the benchmarks write with ids they choose themselves (paths end with a post's id)."""

from __future__ import annotations

from django.core.management.color import no_style
from django.db import connection

from forum.discussions.models import Post


def posts_sequence_reset() -> None:
    """Move the posts' id sequence past the ids written, as loaddata does, or the next post
    made the usual way takes one of theirs (PostgreSQL; SQLite's AUTOINCREMENT moves by
    itself, and says nothing to do)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Post]):
            cursor.execute(sql)
