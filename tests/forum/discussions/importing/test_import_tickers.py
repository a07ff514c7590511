"""Imported comments name tickers and companies as posted ones do: read while the threads are
prepared (in worker processes on a long import), from the company list the importing process
loaded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from forum.discussions.models import Post, PostTicker
from tests.factories import ArticleFactory
from tests.forum.discussions.importing.conftest import disqus_export

pytestmark = pytest.mark.django_db


def _tickers_by_external_id() -> dict[str, tuple[list[str], list[str]]]:
    """Each imported comment's Post.tickers and its PostTicker rows, by its id in the export."""
    external = dict(Post.objects.filter(external_id__isnull=False).values_list("pk", "external_id"))
    rows: dict[int, list[str]] = {}
    for post_id, ticker in PostTicker.objects.order_by("ticker").values_list("post_id", "ticker"):
        rows.setdefault(post_id, []).append(ticker)
    return {
        external[post.pk]: (post.tickers, rows.get(post.pk, []))
        for post in Post.objects.only("tickers")
    }


@pytest.mark.parametrize("workers", ["1", "2"])
def test_import_comments_reads_the_tickers_and_companies_each_comment_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    monkeypatch.setattr("forum.discussions.importing.preparing.PARALLEL_MIN_COMMENTS", 1)
    ArticleFactory(slug="lithium-prices", title="Lithium prices")
    export = disqus_export(
        tmp_path / "export.xml",
        [
            {"id": "1", "message": "<p>Long <strong>Lynas</strong> and $mp into the results.</p>"},
            {"id": "2", "parent": "1", "message": "<p>ASX: LYC again, and nothing else.</p>"},
            {"id": "3", "message": "<p>No company here, just the weather.</p>"},
        ],
    )

    call_command(
        "import_comments", "disqus", str(export), "--workers", workers, stdout=io.StringIO()
    )

    assert _tickers_by_external_id() == {
        "1": (["LYC.AX", "MP"], ["LYC.AX", "MP"]),
        "2": (["LYC.AX"], ["LYC.AX"]),
        "3": ([], []),
    }
