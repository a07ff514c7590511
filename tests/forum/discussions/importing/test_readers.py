"""Reading the exports: disqus_read and wordpress_read, and the XML they are read with."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from forum.discussions.importing.disqus import disqus_read
from forum.discussions.importing.sources import ImportFileError, SourceState
from forum.discussions.importing.wordpress import wordpress_read
from forum.discussions.importing.xml_reading import xml_read
from tests.forum.discussions.importing.conftest import (
    DISQUS_SAMPLE,
    WORDPRESS_SAMPLE,
    disqus_export,
)


def _depth(post_id: str, parents: dict[str, str | None]) -> int:
    depth = 0
    while (post_id := parents[post_id]) is not None:  # type: ignore[assignment]
        depth += 1
    return depth


def test_disqus_read_gives_each_thread_its_posts_nested_and_dated() -> None:
    export = disqus_read(DISQUS_SAMPLE)

    assert [(t.external_id, len(t.posts)) for t in export.threads] == [
        ("1001", 100),
        ("1002", 60),
        ("1003", 40),
    ]
    first = export.threads[0]
    assert first.link == "https://old.example.com/articles/lithium-prices/"
    assert first.identifiers == ("lithium-prices 1001",)
    parents = {post.external_id: post.parent_id for post in first.posts}
    assert max(_depth(post_id, parents) for post_id in parents) == 4
    assert first.posts[0].created_at == datetime(2019, 1, 1, 9, 0, tzinfo=UTC)
    states = [post.state for thread in export.threads for post in thread.posts]
    assert states.count(SourceState.DELETED) == 9
    assert states.count(SourceState.SPAM) == 6
    assert "<script>" in first.posts[3].body_html
    ada = first.posts[0].author
    assert (ada.name, ada.email, ada.username) == ("Ada Lovelace", "ada@example.com", "ada_l")
    emeka = next(p.author for p in first.posts if p.author.name == "Emeka Obi")
    assert emeka.username == ""  # anonymous: no account to know them by


def test_disqus_read_refuses_a_post_without_a_date(tmp_path: Path) -> None:
    export = disqus_export(tmp_path / "export.xml", [{"id": "9", "createdAt": "yesterday"}])

    with pytest.raises(ImportFileError) as caught:
        disqus_read(export)

    assert str(caught.value) == "export.xml: post 9 has no valid createdAt ('yesterday')"


def test_disqus_read_refuses_an_id_too_long_to_keep(tmp_path: Path) -> None:
    export = disqus_export(tmp_path / "export.xml", [{"id": "9" * 101}])

    with pytest.raises(ImportFileError, match="a <post> has an id of 101 characters"):
        disqus_read(export)


def test_disqus_read_refuses_a_post_of_a_thread_it_lacks(tmp_path: Path) -> None:
    export = disqus_export(tmp_path / "export.xml", [{"id": "9"}])
    export.write_text(export.read_text().replace('<thread dsq:id="1"/>', '<thread dsq:id="7"/>'))

    with pytest.raises(ImportFileError, match="post 9 is in thread 7, which the file lacks"):
        disqus_read(export)


def test_wordpress_read_leaves_pingbacks_out_and_keeps_what_wordpress_made_of_each() -> None:
    export = wordpress_read(WORDPRESS_SAMPLE)

    assert export.not_comments == 2
    assert [(t.external_id, [p.external_id for p in t.posts]) for t in export.threads] == [
        ("42", ["11", "12", "13", "16", "17"]),
        ("43", ["21", "22"]),
    ]
    magnets = export.threads[0]
    assert magnets.identifiers == ("rare-earth-magnets", "https://old.example.com/?p=42")
    states = {post.external_id: post.state for t in export.threads for post in t.posts}
    assert states["17"] == SourceState.UNAPPROVED
    assert states["22"] == SourceState.SPAM
    assert states["11"] == SourceState.PUBLISHED
    first = magnets.posts[0]
    assert first.created_at == datetime(2018, 3, 2, 9, 0, tzinfo=UTC)  # the GMT date
    assert first.body_html == (
        "<p>Magnets need <strong>neodymium</strong>.</p><p>Second paragraph,<br>\nwith a line "
        'break and a <a href="https://example.com/usgs">USGS link</a>.</p>'
    )
    assert magnets.posts[1].parent_id == "11"
    assert first.parent_id is None


def test_wordpress_read_refuses_what_is_not_an_export(tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    export.write_text("<disqus/>")

    with pytest.raises(ImportFileError, match=r"^export.xml: is not a WordPress export"):
        wordpress_read(export)


def test_xml_read_refuses_an_entity_bomb_before_expanding_it(tmp_path: Path) -> None:
    lol = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1 if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    export = tmp_path / "bomb.xml"
    export.write_text(f'<?xml version="1.0"?><!DOCTYPE lolz [{lol}]><lolz>&lol9;</lolz>')

    with pytest.raises(ImportFileError, match=r"^bomb.xml: declares an entity \('lol'\)"):
        xml_read(export)


def test_xml_read_refuses_an_external_entity_without_reading_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret")
    export = tmp_path / "xxe.xml"
    export.write_text(f'<!DOCTYPE r [<!ENTITY % p SYSTEM "file://{secret}"> %p;]><r>x</r>')

    with pytest.raises(ImportFileError) as caught:
        xml_read(export)

    assert "declares an external entity ('p'" in str(caught.value)
    assert "the secret" not in str(caught.value)


def test_xml_read_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"^gone.xml: cannot be read \(No such file"):
        xml_read(tmp_path / "gone.xml")
