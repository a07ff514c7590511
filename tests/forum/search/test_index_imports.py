"""Comments brought in by `import_comments` are in the search index when it ends: indexed in
bulk with each thread, no rebuild needed; hidden ones are indexed but never found."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from forum.discussions.models import Post
from forum.search.models import SearchDocument
from tests.factories import ArticleFactory
from tests.forum.discussions.importing.conftest import disqus_export

pytestmark = pytest.mark.django_db

Found = Callable[..., list[SearchDocument]]


def _import(path: Path) -> None:
    call_command("import_comments", "disqus", str(path), stdout=StringIO(), stderr=StringIO())


def test_imported_comment_is_found_by_search_when_the_import_ends(
    tmp_path: Path, found: Found
) -> None:
    ArticleFactory(slug="lithium-prices", title="Lithium prices")
    export = disqus_export(
        tmp_path / "export.xml",
        [
            {"id": "1", "message": "<p>Gadolinium <em>contrast agents</em> are scarce.</p>"},
            {"id": "2", "parent": "1", "message": "<p>Dysprosium too.</p>"},
            {"id": "3", "message": "<p>Praseodymium spam.</p>", "isSpam": "true"},
        ],
    )

    _import(export)

    imported = dict(Post.objects.filter(external_id__isnull=False).values_list("external_id", "pk"))
    assert [d.post_id for d in found("gadolinium")] == [imported["1"]]
    assert [d.post_id for d in found("dysprosium")] == [imported["2"]]
    assert found("praseodymium") == []
    assert SearchDocument.objects.filter(post__isnull=False).count() == Post.objects.count() == 2


def test_imported_hidden_comment_is_indexed_but_not_found(tmp_path: Path, found: Found) -> None:
    ArticleFactory(slug="lithium-prices", title="Lithium prices")
    export = disqus_export(
        tmp_path / "export.xml",
        [{"id": "1", "message": "<p>Praseodymium spam.</p>", "isSpam": "true"}],
    )

    call_command("import_comments", "disqus", str(export), "--hidden-too", stdout=StringIO())

    assert SearchDocument.objects.filter(post__isnull=False).count() == 1
    assert found("praseodymium") == []


def test_importing_again_indexes_nothing_twice(tmp_path: Path, found: Found) -> None:
    ArticleFactory(slug="lithium-prices", title="Lithium prices")
    export = disqus_export(tmp_path / "export.xml", [{"id": "1", "message": "<p>Holmium.</p>"}])

    _import(export)
    _import(export)

    assert len(found("holmium")) == 1
    assert SearchDocument.objects.filter(post__isnull=False).count() == 1
