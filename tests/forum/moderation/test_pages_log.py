"""The moderation log at /moderation/log/: its entries newest first, its filters, its
paging, and its query count however long the log."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from forum.discussions.models import Topic
from forum.moderation.models import ModerationLogEntry
from forum.moderation.services.decisions import post_approve, post_reject
from tests.factories import ModeratorFactory, ReaderFactory
from tests.forum.moderation.helpers import LOG, Action, _held, _page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("premoderated")]


def test_log_page_lists_every_decision_newest_first(
    mod_client: Client, moderator: User, topic: Topic, reader: User
) -> None:
    post = _held(topic, author=reader)
    post_reject(post=post, moderator=moderator, reason="Off-topic")

    page = _page(mod_client, LOG)

    rows = re.findall(r"<tr>(.*?)</tr>", page, re.DOTALL)[1:]
    assert len(rows) == 2
    rejected, held = rows
    assert "Rejected" in rejected
    assert moderator.public_name in rejected
    assert f'<a href="/forum/p/{post.pk}/">comment #{post.pk}</a> in ' in rejected
    assert f'<a href="{topic.get_absolute_url()}">{topic.title}</a>' in rejected
    assert f'<a href="/u/{reader.username}/">@{reader.username}</a>' in rejected
    assert "pending → rejected" in rejected
    assert "<td>Off-topic</td>" in rejected
    assert "<em>a rule</em>" in held
    assert "Held by a rule" in held


def test_log_page_filters_by_action_actor_subject_and_dates(
    mod_client: Client, topic: Topic
) -> None:
    first, second = ModeratorFactory(), ModeratorFactory()
    author_a, author_b = ReaderFactory(), ReaderFactory()
    post_reject(post=_held(topic, author=author_a), moderator=first, reason="Off-topic A")
    post_approve(post=_held(topic, author=author_b), moderator=second)
    ModerationLogEntry.objects.filter(reason="Off-topic A").update(
        created_at=timezone.now() - timedelta(days=10)
    )
    today = timezone.now().date()

    def count(query: str) -> int:
        return len(re.findall(r"<tr>", _page(mod_client, f"{LOG}?{query}"))) - 1

    assert count("") == 4
    assert count("action=reject") == 1
    assert count(f"actor={first.username.upper()}") == 1
    assert count(f"actor=@{second.username}") == 1
    assert count(f"subject={author_a.username}") == 2
    assert count(f"since={today.isoformat()}") == 3
    assert count(f"until={(today - timedelta(days=10)).isoformat()}") == 1
    assert "<td>Off-topic A</td>" in _page(mod_client, f"{LOG}?action=reject")


def test_log_page_with_an_unknown_handle_says_so(mod_client: Client) -> None:
    page = _page(mod_client, f"{LOG}?actor=nobody_here")

    assert "No account has that handle." in page
    assert "No entries match these filters." in page


def test_log_page_pages_through_old_entries(
    mod_client: Client, topic: Topic, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("forum.moderation.views.queue.LOG_PAGE_SIZE", 2)
    for _ in range(3):
        _held(topic)

    first = _page(mod_client, f"{LOG}?action=hold")
    second = _page(mod_client, f"{LOG}?action=hold&page=2")

    assert 'href="?action=hold&amp;page=2">Older →</a>' in first
    assert "Page 1 of 2" in first
    assert 'href="?action=hold&amp;page=1">← Newer</a>' in second


def test_log_page_costs_the_same_queries_however_long_the_log(
    mod_client: Client, topic: Topic, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    post = _held(topic)
    ModerationLogEntry.objects.bulk_create(
        ModerationLogEntry(
            action=Action.APPROVE,
            actor=ModeratorFactory(),
            post=post,
            topic=topic,
            subject_user=post.author,
        )
        for _ in range(60)
    )

    with django_assert_num_queries(9):
        _page(mod_client, LOG)
