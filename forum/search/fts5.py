"""SQLite's FTS5, reached through the ORM. Django supports PostgreSQL's full-text search
(django.contrib.postgres.search) but not FTS5, so its two SQL forms used here are written
out: the MATCH operator, as a lookup, and the snippet() auxiliary function. Every value is a
parameter; the table itself, its triggers and its ranking are made by migration 0002."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Func, Lookup, Value
from django.db.models.sql.compiler import SQLCompiler

# Around each match in a snippet: control characters that indexed text never holds
# (documents.py takes them out), so escaping the snippet leaves them for <mark> to replace.
START_MARK = "\x02"
STOP_MARK = "\x03"
ELLIPSIS = "…"


class Fts5TableField(models.TextField[str, str]):
    """FTS5's hidden column named after its table: the left side of MATCH, the first
    argument of snippet()."""


@Fts5TableField.register_lookup
class Fts5Match(Lookup):
    lookup_name = "fts5_match"

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", (*lhs_params, *rhs_params)


class Fts5Snippet(Func):
    """snippet(table, column, start, stop, ellipsis, tokens): up to `tokens` words around the
    best match, in the column with most matches (-1)."""

    function = "snippet"
    output_field = models.TextField()

    def __init__(self, table: str, *, tokens: int) -> None:
        super().__init__(
            models.F(table),
            Value(-1),
            Value(START_MARK),
            Value(STOP_MARK),
            Value(ELLIPSIS),
            Value(tokens),
        )
