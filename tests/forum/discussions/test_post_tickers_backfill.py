"""The data migration giving posts written before PostTicker their rows, from Post.tickers."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from forum.discussions.models import Post, PostTicker, Topic
from tests.factories import comment

pytestmark = pytest.mark.django_db

backfill = importlib.import_module(
    "forum.discussions.migrations.0011_post_tickers_backfill"
).backfill


def test_backfill_writes_a_row_per_post_and_ticker_with_the_posts_date(topic: Topic) -> None:
    named = comment(topic, body="Lynas and $MP")
    comment(topic, body="Nothing named here.")
    Post.objects.filter(pk=named.pk).update(tickers=["LYC.AX", "MP", "LYC.AX"])
    PostTicker.objects.all().delete()
    backfill(apps, None)
    rows = PostTicker.objects.order_by("ticker")
    assert [(row.post_id, row.ticker) for row in rows] == [(named.pk, "LYC.AX"), (named.pk, "MP")]
    assert {row.created_at for row in rows} == {named.created_at}
    backfill(apps, None)  # run again: nothing doubled
    assert PostTicker.objects.count() == 2
