"""The tickers each post names, one row per post and ticker: what a company's page and the
search's ticker filter look up. Post.tickers holds the same list on the post, but a JSON list
cannot be searched by an index on both engines (SQLite has no `contains` on JSON); this
table can, newest first, through its (ticker, -created_at) index.

Written with the post, in the same transaction (services/post_tickers.py)."""

from __future__ import annotations

from django.db import models


class PostTicker(models.Model):
    post = models.ForeignKey("discussions.Post", on_delete=models.CASCADE, related_name="+")
    ticker = models.CharField(max_length=40, help_text="A symbol as Post.tickers holds it.")
    created_at = models.DateTimeField(help_text="The post's: for listing a ticker's newest.")

    class Meta:
        app_label = "discussions"
        constraints = [
            models.UniqueConstraint(fields=["post", "ticker"], name="post_ticker_unique"),
        ]
        indexes = [
            models.Index(fields=["ticker", "-created_at", "-post"], name="post_ticker_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.ticker} in post {self.post_id}"
