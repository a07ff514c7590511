"""The reply counters an import writes: new comments come with theirs, and a comment imported
before counts the replies a later export adds under it. Hidden replies count for nothing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from forum.discussions.models import Post
from tests.forum.discussions.importing.conftest import disqus_export

pytestmark = pytest.mark.django_db


def _import(path: Path, *options: str) -> None:
    call_command("import_comments", "disqus", str(path), *options, stdout=StringIO())


def _reply_counts() -> dict[str, int]:
    external = dict(Post.objects.filter(external_id__isnull=False).values_list("pk", "external_id"))
    return {
        external[post_id]: count for post_id, count in Post.objects.values_list("pk", "reply_count")
    }


def test_import_comments_counts_only_visible_replies_of_new_comments(
    articles: dict[str, Article], tmp_path: Path
) -> None:
    export = disqus_export(
        tmp_path / "export.xml",
        [
            {"id": "1"},
            {"id": "2", "parent": "1"},
            {"id": "3", "parent": "1", "isSpam": "true"},
            {"id": "4", "parent": "2"},
        ],
    )

    _import(export, "--hidden-too")

    assert _reply_counts() == {"1": 1, "2": 1, "3": 0, "4": 0}
    topic = articles["lithium-prices"].discussion
    topic.refresh_from_db()
    assert topic.post_count == 3


def test_import_comments_counts_new_replies_under_a_comment_imported_before(
    articles: dict[str, Article], tmp_path: Path
) -> None:
    first = [{"id": "1"}, {"id": "2", "parent": "1"}]
    _import(disqus_export(tmp_path / "first.xml", first))

    later = [*first, {"id": "3", "parent": "1"}, {"id": "4", "parent": "2"}]
    _import(disqus_export(tmp_path / "later.xml", later))

    assert _reply_counts() == {"1": 2, "2": 1, "3": 0, "4": 0}
    topic = articles["lithium-prices"].discussion
    topic.refresh_from_db()
    assert topic.post_count == 4
