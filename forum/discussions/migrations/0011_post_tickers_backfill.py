"""PostTicker rows for the posts written before the table: from their Post.tickers."""

from __future__ import annotations

from typing import Any

from django.db import migrations

BATCH = 2000


def backfill(apps: Any, schema_editor: Any) -> None:
    Post = apps.get_model("discussions", "Post")
    PostTicker = apps.get_model("discussions", "PostTicker")
    rows = []
    posts = Post.objects.only("id", "tickers", "created_at").order_by("id")
    for post in posts.iterator(chunk_size=BATCH):
        rows += [
            PostTicker(post_id=post.pk, ticker=ticker, created_at=post.created_at)
            for ticker in dict.fromkeys(post.tickers or [])
        ]
        if len(rows) >= BATCH:
            PostTicker.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    PostTicker.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("discussions", "0010_post_tickers")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
