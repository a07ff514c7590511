"""manage.py rerender_posts: stored posts get the HTML and tickers today's rendering gives."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from forum.discussions.models import Post, PostTicker, Topic
from tests.factories import comment

pytestmark = pytest.mark.django_db


def test_old_posts_get_company_links_tickers_and_a_new_thread_version(topic: Topic) -> None:
    post = comment(topic, body="Lynas and $MP")
    Post.objects.filter(pk=post.pk).update(body_html="<p>Lynas and $MP</p>\n", tickers=[])
    PostTicker.objects.filter(post=post).delete()
    version = Topic.objects.get(pk=topic.pk).discussion_version
    out = StringIO()
    call_command("rerender_posts", "--batch-size", "1", stdout=out)
    post.refresh_from_db()
    assert 'href="/companies/lynas/" class="ticker"' in post.body_html
    assert post.tickers == ["LYC.AX", "MP"]
    assert sorted(PostTicker.objects.filter(post=post).values_list("ticker", flat=True)) == [
        "LYC.AX",
        "MP",
    ]
    assert Topic.objects.get(pk=topic.pk).discussion_version == version + 1
    assert "1 changed" in out.getvalue()


def test_posts_already_current_are_left_alone(topic: Topic) -> None:
    comment(topic, body="Lynas and $MP")
    version = Topic.objects.get(pk=topic.pk).discussion_version
    out = StringIO()
    call_command("rerender_posts", stdout=out)
    assert "0 changed" in out.getvalue()
    assert Topic.objects.get(pk=topic.pk).discussion_version == version


def test_a_bad_batch_size_is_refused() -> None:
    with pytest.raises(CommandError, match="at least 1"):
        call_command("rerender_posts", "--batch-size", "0")
