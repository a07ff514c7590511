"""On SQLite, the embedded default, a member's comment page reads the page's threads, not the
whole topic: SQLite plans without statistics (nothing runs ANALYZE on a site's file), and given
a choice it read every comment of the topic for the member's reports and held comments, so a
page of 20 cost 1.5x more at 20,000 comments than at 20 (issue 14). PostgreSQL's plans are
pinned by test_query_plans.py; a suite run on PostgreSQL runs this test again on SQLite."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from forum.discussions.models import Post, Reaction
from forum.moderation.models import Report
from tests.factories import ArticleFactory, ReaderFactory
from tests.forum.discussions.page_plans import page_plans, threads_written

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]

# Reading every comment of a topic: the topic's id alone, through an index on it.
WHOLE_TOPIC = re.compile(r"SCAN forum_post\b|INDEX \w*topic_id\w* \(topic_id=\?\)$", re.MULTILINE)


def test_a_members_page_reads_the_page_not_the_topic(client: Client) -> None:
    if connection.vendor != "sqlite":
        _again_on_sqlite()
        return
    authors = [ReaderFactory() for _ in range(5)]
    member = authors[0]
    article = ArticleFactory()
    posts = threads_written(article.discussion, authors, threads=30)  # more than a page's 20
    Reaction.objects.bulk_create(Reaction(post=post, user=member) for post in posts[::3])
    Report.objects.create(post=posts[1], reporter=member, reason=Report.Reason.SPAM)
    Post.objects.filter(pk__in=[posts[30].pk, posts[2].pk]).update(
        status=Post.Status.PENDING, author=member
    )
    client.force_login(member)

    for url in (article.get_absolute_url(), article.discussion.get_absolute_url()):
        plans = page_plans(client, url)
        assert any("forum_reaction" in sql for sql in plans), "the page reads the member's likes"
        whole = {sql: plan for sql, plan in plans.items() if WHOLE_TOPIC.search(plan)}
        assert not whole, "\n\n".join(f"{sql}\n{plan}" for sql, plan in whole.items())


def _again_on_sqlite() -> None:
    """This test again, in a pytest of its own on SQLite: the suite runs on another engine."""
    test = f"{Path(__file__).relative_to(ROOT)}::test_a_members_page_reads_the_page_not_the_topic"
    environment = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    ran = subprocess.run(  # noqa: S603 (this interpreter, this repository's test)
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
