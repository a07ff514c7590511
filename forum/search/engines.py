"""Matching, ranking and snippets, one function per engine, from the same parse (query.py):
`documents_ranked` matches and annotates `relevance` (higher is better), for the whole
search; `documents_shown` annotates `snippet` (text with START_MARK and STOP_MARK around each
match, not yet escaped: results.py), for a page's rows only (hits.py)."""

from __future__ import annotations

from functools import reduce
from operator import and_, or_
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Concat

from forum.search.fts5 import START_MARK, STOP_MARK, Fts5Snippet
from forum.search.models import CONFIG, SearchDocument, SearchFtsRow
from forum.search.query import ParsedQuery, Term, fts5_expression

SNIPPET_WORDS = 30
BEST_FIRST: tuple[str, ...] = ("-relevance", "-id")
"""The order of a search by relevance: ties, the later written first."""


def _tsquery_term(term: Term) -> SearchQuery:
    if term.prefix:  # a run of word characters: nothing in it is tsquery syntax
        return SearchQuery(f"{term.words[0]}:*", search_type="raw", config=CONFIG)
    return SearchQuery(" ".join(term.words), search_type="phrase", config=CONFIG)


def _tsquery(query: ParsedQuery, *, exclusions: bool = True) -> SearchQuery:
    groups = []
    for group in query.groups:
        if not group.include:
            continue
        matched = reduce(and_, (_tsquery_term(term) for term in group.include))
        for term in group.exclude if exclusions else ():
            matched &= ~_tsquery_term(term)
        groups.append(matched)
    return reduce(or_, groups)


def _headline(wanted: SearchQuery) -> SearchHeadline:
    return SearchHeadline(
        Concat("summary", Value(" "), "body", output_field=TextField()),
        wanted,
        config=CONFIG,
        start_sel=START_MARK,
        stop_sel=STOP_MARK,
        max_words=SNIPPET_WORDS,
        min_words=SNIPPET_WORDS // 2,
        # One excerpt around the best match, short words at its ends kept ("note 0"):
        # as FTS5's snippet() gives.
        short_word=0,  # type: ignore[arg-type]  # an int, as ts_headline reads it
    )


def _postgresql_ranked(
    documents: QuerySet[SearchDocument], query: ParsedQuery
) -> QuerySet[SearchDocument]:
    # Ranked by what is looked for: ts_rank scores a negation as all but nothing, which
    # would rank every match of `pipeline -smelter` alike.
    wanted = _tsquery(query, exclusions=False)
    return documents.filter(search_vector=_tsquery(query)).annotate(
        relevance=SearchRank(F("search_vector"), wanted)
    )


def _postgresql_shown(
    documents: QuerySet[SearchDocument], query: ParsedQuery
) -> QuerySet[SearchDocument]:
    # The page's rows, matches already: not filtered by the tsquery again.
    return documents.annotate(snippet=_headline(_tsquery(query, exclusions=False)))


def _sqlite_ranked(
    documents: QuerySet[SearchDocument], query: ParsedQuery
) -> QuerySet[SearchDocument]:
    return documents.filter(fts__table__fts5_match=fts5_expression(query)).annotate(
        # FTS5's rank is bm25 negated: the lower, the better.
        relevance=ExpressionWrapper(F("fts__rank") * Value(-1.0), output_field=FloatField()),
    )


def _sqlite_shown(
    documents: QuerySet[SearchDocument], query: ParsedQuery
) -> QuerySet[SearchDocument]:
    # FTS5 gives snippet() only to the rows of a MATCH. Joined, the MATCH would read every
    # match of the query to find the page's; as a subquery of each page row, FTS5 seeks
    # that one row (its plan: `VIRTUAL TABLE INDEX 0:=M3`, rowid and MATCH).
    matched = SearchFtsRow.objects.filter(
        table__fts5_match=fts5_expression(query), document=OuterRef("pk")
    )
    snippet = matched.annotate(snippet=Fts5Snippet("table", tokens=SNIPPET_WORDS))
    return documents.annotate(snippet=Subquery(snippet.values("snippet")))


def documents_ranked(
    documents: QuerySet[SearchDocument], query: ParsedQuery
) -> QuerySet[SearchDocument]:
    """The matches of `query` among `documents`, annotated with `relevance` (no snippet):
    what candidates are chosen from. Precondition: the query has something to include (not
    `query.is_empty`)."""
    if connection.vendor == "postgresql":
        return _postgresql_ranked(documents, query)
    return _sqlite_ranked(documents, query)


def documents_shown(
    documents: QuerySet[SearchDocument], query: ParsedQuery
) -> QuerySet[SearchDocument]:
    """`documents`, a page's matches of `query` (from `documents_ranked`), annotated with
    their `snippet`: computed for these rows only."""
    if connection.vendor == "postgresql":
        return _postgresql_shown(documents, query)
    return _sqlite_shown(documents, query)


def ids_best_first(query: ParsedQuery) -> QuerySet[Any, int]:
    """The ids of every document matching `query`, best first, ties the later written first:
    for a search without filters. On SQLite FTS5 alone reads and ranks them (its table is
    the index; the documents' rows are not read at all), which halves the time of a common
    word's candidates. Precondition: as `documents_ranked`."""
    if connection.vendor == "postgresql":
        ranked = _postgresql_ranked(SearchDocument.objects.all(), query)
        return ranked.order_by(*BEST_FIRST).values_list("pk", flat=True)
    matched = SearchFtsRow.objects.filter(table__fts5_match=fts5_expression(query))
    # FTS5's rank is bm25 negated: the lowest first is the best first.
    return matched.order_by("rank", "-document_id").values_list("document_id", flat=True)
