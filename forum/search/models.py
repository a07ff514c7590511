"""The search index: one row per searchable thing, kept current in the transaction that writes
the thing (receivers.py).

A row holds the text to match and rank, and the links to what it stands for. Whether a row may
be shown is never copied onto it: the search joins the article, post and topic it stands for
and applies their own visibility rules (selectors.py), so a moderator's decision or an article
reaching its publish time shows in the next search without the index being told.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils import timezone

from forum.search.fts5 import Fts5TableField

# PostgreSQL's text search configuration: English stemming (Snowball) and stop words.
CONFIG = "english"


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        COMMENT = "comment", "Comment"
        TOPIC = "topic", "Forum topic"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    article = models.OneToOneField(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="What an article's row stands for.",
    )
    post = models.OneToOneField(
        "discussions.Post",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A comment, or a forum topic's opening post.",
    )
    topic = models.ForeignKey(
        "discussions.Topic",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The discussion a comment or forum topic belongs to.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Only the link: names are read from the account when shown, so a deleted "
        "account's personal data is never in the index.",
    )
    title = models.TextField(blank=True, help_text="Weight A: an article's or topic's title.")
    summary = models.TextField(blank=True, help_text="Weight B: standfirst and Highlights.")
    body = models.TextField(blank=True, help_text="Weight C: the body as plain text.")
    published_at = models.DateTimeField(default=timezone.now)
    # Computed by PostgreSQL as the row is written, in the same write, whichever path writes
    # it (migration 0003). On SQLite it is a plain column left empty, FTS5 being the index: a
    # later migration that rebuilds this table on SQLite must keep it plain there, as 0003
    # does (SQLite has no to_tsvector), and make 0002's FTS5 triggers again.
    search_vector = models.GeneratedField(
        # The weighted tsvector: title A, standfirst and Highlights B, body C.
        expression=SearchVector(models.F("title"), weight="A", config=CONFIG)
        + SearchVector(models.F("summary"), weight="B", config=CONFIG)
        + SearchVector(models.F("body"), weight="C", config=CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
        null=True,
        help_text="PostgreSQL only: the weighted text, GIN-indexed.",
    )

    class Meta:
        indexes = [models.Index(fields=["-published_at", "-id"], name="search_doc_newest")]

    def __str__(self) -> str:
        return f"{self.kind} {self.article_id or self.post_id}"


class SearchFtsRow(models.Model):
    """SQLite only: a row of the FTS5 table that mirrors SearchDocument (migration 0002 makes
    it, and the triggers that keep it in step). Django has no FTS5 support, so the table is
    this unmanaged model: the search joins it through the ORM (fts5.py)."""

    document = models.OneToOneField(
        SearchDocument,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="fts",
    )
    # FTS5's hidden column named after its table: what MATCH and snippet() take.
    table = Fts5TableField(db_column="search_fts")
    # FTS5's hidden rank: bm25 with the columns' weights, configured by the migration.
    rank = models.FloatField()

    class Meta:
        managed = False
        db_table = "search_fts"

    def __str__(self) -> str:
        return f"FTS row {self.pk}"
