"""manage.py import_comments: the sample exports go in as the issue asks, and again as nothing."""

from __future__ import annotations

import io
import re
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import User
from articles.models import Article
from forum.discussions.models import ImportedAuthor, Post, Topic
from forum.notifications.models import Notification, NotificationEvent, TopicSubscription
from tests.forum.discussions.importing.conftest import DISQUS_SAMPLE, WORDPRESS_SAMPLE

pytestmark = pytest.mark.django_db

# What the Disqus sample holds in its two threads that link to articles (1001: 100 posts,
# 1002: 60); its third (40 posts) links to an old URL.
DELETED, SPAM, EMPTY = 4 + 3, 3 + 2, 1
LINKED_IMPORTED = 100 + 60 - DELETED - SPAM - EMPTY  # 147
OLD_URL_IMPORTED = 40 - 2 - 1  # 37


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _import(*args: str | Path, stderr: io.StringIO | None = None) -> str:
    out = io.StringIO()
    call_command("import_comments", *map(str, args), stdout=out, stderr=stderr or io.StringIO())
    return out.getvalue()


def _by_external() -> dict[str, int]:
    """The imported posts' ids, by their ids in the export."""
    return dict(Post.objects.filter(external_id__isnull=False).values_list("external_id", "pk"))


def _rows() -> tuple[int, ...]:
    """Everything an import writes, counted."""
    return (
        Post.objects.count(),
        Post.objects.filter(external_id__isnull=False).count(),
        ImportedAuthor.objects.count(),
        User.objects.count(),
        *Topic.objects.order_by("pk").values_list("post_count", "discussion_version"),
    )


def _written() -> list[tuple[object, ...]]:
    """Every imported post as written, by its id in the export, its place by those ids."""
    external = dict(Post.objects.filter(external_id__isnull=False).values_list("pk", "external_id"))
    return sorted(
        (
            external[post.pk],
            external.get(post.parent_id),
            external.get(post.reply_to_id),
            post.depth,
            post.body,
            post.body_html,
            post.status,
            post.created_at,
        )
        for post in Post.objects.all()
    )


def _posts(article: Article) -> list[Post]:
    return list(Post.objects.filter(topic__article=article).order_by("path"))


def test_import_comments_disqus_imports_the_threads_linking_to_articles(
    articles: dict[str, Article],
) -> None:
    out = _import("disqus", DISQUS_SAMPLE)

    assert Post.objects.count() == len(_by_external()) == LINKED_IMPORTED
    assert len(_posts(articles["lithium-prices"])) == 92
    assert len(_posts(articles["magnet-supply"])) == 55
    assert not _posts(articles["neodymium-outlook"])
    assert "threads: 2 of 3 matched to articles" in out
    assert f"imported {LINKED_IMPORTED} (0 hidden), 0 already imported" in out
    assert f"skipped {DELETED} deleted, {EMPTY} empty, {SPAM} spam" in out
    assert (
        "unmatched thread 1003: https://old.example.com/2019/05/neodymium-outlook/ "
        "(40 comments)" in out
    )


def test_import_comments_keeps_nesting_and_timestamps(
    articles: dict[str, Article], settings: Settings
) -> None:
    _import("disqus", DISQUS_SAMPLE)

    posts = {post.pk: post for post in _posts(articles["lithium-prices"])}
    by_external = _by_external()
    first, reply = posts[by_external["1001000"]], posts[by_external["1001001"]]
    assert first.created_at == datetime(2019, 1, 1, 9, 0, tzinfo=UTC)
    assert (reply.parent_id, reply.reply_to_id, reply.root_id, reply.depth) == (
        first.pk,
        first.pk,
        first.pk,
        1,
    )
    assert reply.path == first.path + f"{reply.pk:010d}"
    # Post 4 answers post 3 (depth 3) from depth 4: past FORUM_MAX_DEPTH it sits beside it.
    deep, answered = posts[by_external["1001004"]], posts[by_external["1001003"]]
    assert settings.FORUM_MAX_DEPTH == 4
    assert (deep.depth, deep.reply_to_id, deep.parent_id) == (3, answered.pk, answered.parent_id)
    assert deep.path[:-10] == answered.path[:-10]
    assert max(post.depth for post in posts.values()) == 3
    for post in posts.values():
        parent = posts.get(post.parent_id)
        assert post.path == (parent.path if parent else "") + f"{post.pk:010d}"
        assert post.root_id == (None if parent is None else parent.root_id or parent.pk)


def test_import_comments_replies_to_a_left_out_comment_answer_the_one_above_it(
    articles: dict[str, Article],
) -> None:
    """Post 32 (depth 2) is deleted; post 33 answered it, and answers post 31 (depth 1), the
    comment kept above it."""
    _import("disqus", DISQUS_SAMPLE)

    by_external = _by_external()
    assert "1001032" not in by_external
    orphan = Post.objects.get(pk=by_external["1001033"])
    assert orphan.reply_to_id == by_external["1001031"]
    assert orphan.depth == 2


def test_import_comments_bodies_are_markdown_rendered_and_sanitised(
    articles: dict[str, Article],
) -> None:
    _import("disqus", DISQUS_SAMPLE)

    by_external = _by_external()
    plain = Post.objects.get(pk=by_external["1001000"])
    assert plain.body == "Comment 0 on *Lithium prices*: prices **moved** 0 percent."
    assert plain.body_html == (
        "<p>Comment 0 on <em>Lithium prices</em>: prices <strong>moved</strong> 0 percent.</p>\n"
    )
    for post in Post.objects.all():
        html = post.body_html.lower()
        assert "<script" not in html
        assert "<iframe" not in html
        assert "<img" not in html
        assert "javascript:" not in html
        assert not re.search(r"<[^>]*\son\w+=", html)  # no onclick=, onerror=, onmouseover=
    linked = Post.objects.get(pk=by_external["1001033"])  # the fourth hostile body
    assert linked.body_html == (
        '<p><a href="https://example.com/report" rel="nofollow ugc noopener">the report</a> '
        "&lt;script&gt;not code&lt;/script&gt;</p>\n"
    )


def test_import_comments_counters_and_cache_version_are_right_at_the_end(
    articles: dict[str, Article],
) -> None:
    topic = articles["lithium-prices"].discussion
    version_before = topic.discussion_version

    _import("disqus", DISQUS_SAMPLE)

    topic.refresh_from_db()
    assert topic.post_count == 92
    assert topic.discussion_version > version_before
    newest = Post.objects.filter(topic=topic).aggregate(newest=Max("created_at"))["newest"]
    assert topic.last_activity_at >= newest
    replies = dict(
        Post.objects.filter(topic=topic, parent__isnull=False)
        .values("parent_id")
        .annotate(n=Count("pk"))
        .values_list("parent_id", "n")
    )
    for post in Post.objects.filter(topic=topic):
        assert post.reply_count == replies.get(post.pk, 0)
        assert post.like_count == 0


def test_import_comments_again_changes_nothing(articles: dict[str, Article]) -> None:
    _import("disqus", DISQUS_SAMPLE)
    before = _rows()

    out = _import("disqus", DISQUS_SAMPLE)

    assert _rows() == before
    assert f"imported 0 (0 hidden), {LINKED_IMPORTED} already imported" in out
    assert "authors: imported 0 new" in out


def test_import_comments_dry_run_writes_nothing_and_says_what_it_would_do(
    articles: dict[str, Article],
) -> None:
    before = _rows()

    out = _import("disqus", DISQUS_SAMPLE, "--dry-run")

    assert _rows() == before
    assert f"would import {LINKED_IMPORTED} (0 hidden), 0 already imported" in out
    assert "authors: would import 6 new" in out


def test_import_comments_sends_no_notification(
    articles: dict[str, Article], django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        _import("disqus", DISQUS_SAMPLE)
        _import("wordpress", WORDPRESS_SAMPLE)

    assert Post.objects.exists()
    assert not NotificationEvent.objects.exists()
    assert not Notification.objects.exists()
    assert not TopicSubscription.objects.exists()
    assert mail.outbox == []


def test_import_comments_hidden_too_imports_spam_and_deleted_hidden(
    articles: dict[str, Article],
) -> None:
    out = _import("disqus", DISQUS_SAMPLE, "--hidden-too")

    by_external = _by_external()
    assert Post.objects.get(pk=by_external["1001007"]).status == Post.Status.DELETED
    spam = Post.objects.get(pk=by_external["1001013"])
    assert spam.status == Post.Status.REMOVED
    assert spam.moderation_reason == "Marked as spam on the old comment system."
    assert f"imported {LINKED_IMPORTED + DELETED + SPAM} ({DELETED + SPAM} hidden)" in out
    assert Topic.objects.get(article=articles["lithium-prices"]).post_count == 92
    # Post 33 now sits under the deleted post 32 it answered, as replies to a deleted comment do.
    assert Post.objects.get(pk=by_external["1001033"]).reply_to_id == by_external["1001032"]


def test_import_comments_wordpress_leaves_pingbacks_and_unapproved_out(
    articles: dict[str, Article],
) -> None:
    out = _import("wordpress", WORDPRESS_SAMPLE, "--rule", r"/\d{4}/\d{2}/(?P<slug>[^/]+)/$")

    assert "threads: 1 of 2 matched to articles" in out
    assert "left out 2 pingbacks, trackbacks and the like" in out
    assert "imported 4 (0 hidden), 0 already imported, skipped 1 unapproved" in out
    assert [post.body for post in _posts(articles["rare-earth-magnets"])] == [
        "Magnets need **neodymium**.\n\nSecond paragraph,\nwith a line break and a "
        "[USGS link](https://example.com/usgs).",
        "> Magnets need neodymium.\n\nAnd dysprosium for heat.",
        "Fair: terbium too.",
        "1\\. Mines\n2\\. Refineries\n\\- and \\*magnet\\* makers",
    ]
    # Rules given: a link's path to an article is not taken as well.
    assert not _posts(articles["yttrium-demand"])


def test_import_comments_wordpress_maps_by_file_and_keeps_the_thread(
    articles: dict[str, Article], tmp_path: Path
) -> None:
    mapping = tmp_path / "map.csv"
    mapping.write_text(
        "# thread,article\n42,neodymium-outlook\nyttrium-demand,/articles/yttrium-demand/\n"
    )

    _import("wordpress", WORDPRESS_SAMPLE, "--map", mapping)

    posts = _posts(articles["neodymium-outlook"])
    by_external = _by_external()
    assert sorted(by_external) == ["11", "12", "13", "16", "21"]
    assert [post.pk for post in posts] == [
        by_external["11"],
        by_external["12"],
        by_external["13"],
        by_external["16"],
    ]
    quote = Post.objects.get(pk=by_external["12"])
    assert (quote.parent_id, quote.depth) == (by_external["11"], 1)
    assert quote.body == "> Magnets need neodymium.\n\nAnd dysprosium for heat."
    assert Post.objects.get(pk=by_external["11"]).created_at == datetime(
        2018, 3, 2, 9, 0, tzinfo=UTC
    )


def test_import_comments_wordpress_hidden_too_holds_the_unapproved_for_moderators(
    articles: dict[str, Article], tmp_path: Path
) -> None:
    mapping = tmp_path / "map.csv"
    mapping.write_text("https://old.example.com/?p=42,neodymium-outlook\n")

    _import("wordpress", WORDPRESS_SAMPLE, "--map", mapping, "--hidden-too")

    held = Post.objects.get(external_id="17")
    assert held.status == Post.Status.PENDING
    assert held.held_reason == "Awaiting approval on the old comment system when it was imported."
    assert held.held_at is not None
    # WordPress left its GMT date unset: the local one is taken.
    assert held.created_at == datetime(2018, 3, 5, 10, 0, tzinfo=UTC)
    assert Topic.objects.get(article=articles["neodymium-outlook"]).post_count == 4


def test_import_comments_authors_are_placeholders_nobody_can_log_in_as(
    articles: dict[str, Article], client: object
) -> None:
    _import("disqus", DISQUS_SAMPLE)

    ada = ImportedAuthor.objects.get(name="Ada Lovelace")
    user = User.objects.get(pk=ada.user_id)
    assert (user.display_name, user.email, user.is_active) == ("Ada Lovelace", "", False)
    assert not user.has_usable_password()
    assert not user.groups.exists()
    assert user.username.startswith("imported_")
    assert len(ada.email_hash) == 64
    assert "ada" not in ada.email_hash
    # One author per person across threads; a guest without an address is known by name.
    assert ImportedAuthor.objects.count() == 6
    assert ImportedAuthor.objects.get(name="Dana Scully").email_hash == ""


def test_import_comments_article_page_shows_imported_comments_by_name(
    articles: dict[str, Article], client: object
) -> None:
    _import("disqus", DISQUS_SAMPLE)

    page = client.get(articles["lithium-prices"].get_absolute_url())  # type: ignore[attr-defined]

    html = page.content.decode()
    assert page.status_code == 200
    assert "Ada Lovelace" in html
    assert "Comment 0 on <em>Lithium prices</em>" in html
    assert 'alert("pwned")' not in html


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("<disqus><post>", "is not well-formed XML (no element found: line 1, column 14)"),
        (
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><disqus>&b;</disqus>',
            "declares an entity ('a'): refused, as entities make entity bombs (at line 1)",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<disqus xmlns:dsq="http://disqus.com/disqus-internals"><post dsq:id="1">'
            "<message>&x;</message></post></disqus>",
            "declares an external entity ('x', file:///etc/passwd): refused (at line 1)",
        ),
        ("<rss><channel/></rss>", "is not a Disqus export (its root is <rss>)"),
    ],
)
def test_import_comments_hostile_or_broken_file_fails_in_one_line_importing_nothing(
    articles: dict[str, Article], tmp_path: Path, content: str, problem: str
) -> None:
    export = tmp_path / "export.xml"
    export.write_text(content)
    before = _rows()

    with pytest.raises(CommandError) as caught:
        _import("disqus", export)

    assert str(caught.value) == f"export.xml: {problem}"
    assert "\n" not in str(caught.value)
    assert _rows() == before


def test_import_comments_bad_rule_fails_in_one_line(articles: dict[str, Article]) -> None:
    with pytest.raises(CommandError, match=r"has no \(\?P<slug>\.\.\.\) group"):
        _import("disqus", DISQUS_SAMPLE, "--rule", "/articles/")


def test_import_comments_progress_bar_shows_on_a_terminal_for_long_runs(
    articles: dict[str, Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "forum.discussions.management.commands.import_comments.PROGRESS_MIN_COMMENTS", 100
    )
    terminal, log = Tty(), io.StringIO()

    _import("disqus", DISQUS_SAMPLE, stderr=terminal)
    _import("disqus", DISQUS_SAMPLE, stderr=log)

    assert terminal.getvalue().endswith("\r[" + "#" * 30 + "] 200/200 comments\n")
    assert log.getvalue() == ""


def test_import_comments_each_thread_takes_a_fixed_number_of_queries(
    articles: dict[str, Article], django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """Not one per comment: a thread's comments go in one INSERT (on SQLite in batches of the
    38 rows its parameter limit allows): 36 statements for the sample's 147 comments."""
    with django_assert_max_num_queries(40):
        _import("disqus", DISQUS_SAMPLE)


def test_import_comments_prepared_by_workers_writes_the_same(
    articles: dict[str, Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker processes prepare the threads of a long import: what is written is the same."""
    with transaction.atomic():  # undone after, so the second import writes afresh
        _import("disqus", DISQUS_SAMPLE, "--workers", "1")
        alone = _written()
        transaction.set_rollback(True)
    assert not Post.objects.exists()
    monkeypatch.setattr("forum.discussions.importing.preparing.PARALLEL_MIN_COMMENTS", 100)
    sent: list[str] = []

    class Pool(ProcessPoolExecutor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
            sent.append(args[0].external_id)
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr("forum.discussions.importing.preparing.ProcessPoolExecutor", Pool)

    _import("disqus", DISQUS_SAMPLE, "--workers", "2")

    assert sent == ["1001", "1002"]
    assert _written() == alone
