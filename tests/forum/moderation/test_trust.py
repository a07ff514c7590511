"""Trust levels: what they take, what they allow, how they weigh reports, and what they cost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, Settings

from accounts.models import User
from forum.discussions.models import HoldCode, Post, Topic, path_segment
from forum.discussions.services.posting import post_create
from forum.moderation.gate import post_hold
from forum.moderation.models import Report
from forum.moderation.services.decisions import post_reject, post_remove, rejection_reason
from forum.moderation.services.reports import report_create
from forum.moderation.trust import TrustLevel, author_trust_level, authors_trust_levels
from tests.factories import ArticleFactory, ModeratorFactory, ReaderFactory, comment

pytestmark = pytest.mark.django_db

LINKS = "www.a.io www.b.io www.c.io"  # too short for the coordinated-push rule to compare


def author_with(
    *, approved: int = 0, days: int = 0, visits: int = 0, upheld: int = 0, granted: int = 0
) -> User:
    author = ReaderFactory(
        date_joined=timezone.now() - timedelta(days=days),
        visit_days=visits,
        upheld_reports=upheld,
        trust_level_granted=granted,
    )
    elsewhere = ArticleFactory().discussion
    posts = Post.objects.bulk_create(
        Post(
            topic=elsewhere,
            author=author,
            body=f"Approved comment {n}.",
            body_html=f"<p>Approved comment {n}.</p>",
            created_at=timezone.now() - timedelta(days=1),
        )
        for n in range(approved)
    )
    for post in posts:
        post.path = path_segment(post.pk)
    Post.objects.bulk_update(posts, ["path"])
    return author


@pytest.mark.parametrize(
    ("figures", "level"),
    [
        ({}, TrustLevel.NEW),
        ({"approved": 1}, TrustLevel.BASIC),
        ({"approved": 3, "days": 3, "visits": 2}, TrustLevel.MEMBER),
        ({"approved": 3, "days": 2, "visits": 2}, TrustLevel.BASIC),  # too new an account
        ({"approved": 3, "days": 3, "visits": 1}, TrustLevel.BASIC),  # too few visits
        ({"approved": 30, "days": 60, "visits": 20}, TrustLevel.TRUSTED),
        ({"approved": 30, "days": 60, "visits": 20, "upheld": 1}, TrustLevel.MEMBER),
        ({"approved": 3, "days": 3, "visits": 2, "upheld": 2}, TrustLevel.BASIC),
        ({"approved": 3, "upheld": 3}, TrustLevel.NEW),
        ({"granted": 1}, TrustLevel.BASIC),
        ({"approved": 3, "days": 3, "visits": 2, "granted": 1}, TrustLevel.MEMBER),
    ],
)
def test_author_trust_level_is_the_highest_whose_every_figure_is_met(
    figures: dict[str, int], level: TrustLevel
) -> None:
    author = author_with(**figures)

    assert author_trust_level(author) == level
    assert authors_trust_levels([author]) == {author.pk: level}


def test_trust_levels_thresholds_are_settings(settings: Settings) -> None:
    settings.FORUM_TRUST_LEVELS = {
        1: {"approved_posts": 2, "account_days": 0, "visit_days": 0, "max_upheld_reports": 0}
    }

    assert author_trust_level(author_with(approved=1)) == TrustLevel.NEW
    assert author_trust_level(author_with(approved=2)) == TrustLevel.BASIC


def test_many_links_are_held_below_the_links_level_and_shown_from_it(topic: Topic) -> None:
    basic = author_with(approved=3)  # enough posts, but a new account with no visits
    member = author_with(approved=3, days=3, visits=2)

    held = post_create(topic=topic, author=basic, body=LINKS)
    shown = post_create(topic=topic, author=member, body=LINKS)

    assert (held.status, held.held_code) == (Post.Status.PENDING, HoldCode.MANY_LINKS)
    assert shown.status == Post.Status.VISIBLE


def test_an_author_whose_posts_were_taken_down_on_reports_is_held_for_low_trust(
    topic: Topic,
) -> None:
    author = author_with(approved=5, upheld=3)

    post = post_create(topic=topic, author=author, body="Back again with a plain comment.")

    assert (post.status, post.held_code) == (Post.Status.PENDING, HoldCode.LOW_TRUST)
    assert post.held_reason == (
        "Trust level 0 (new): 3 of the author's posts were taken down on readers' reports."
    )


def test_a_moderators_trust_outweighs_upheld_reports(topic: Topic) -> None:
    author = author_with(approved=5, upheld=3, granted=1)

    assert post_create(topic=topic, author=author, body="A plain comment.").status == "visible"


def test_the_gate_asks_nothing_more_for_trust(
    topic: Topic, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    """Two statements, as before trust levels: the word rules and the author's history."""
    author = author_with(approved=3, days=3, visits=2)

    with django_assert_num_queries(2):
        assert post_hold(author=author, topic=topic, body=LINKS) is None


def _report_by(post: Post, reporter: User) -> Report:
    return report_create(post=post, reporter=reporter, reason=Report.Reason.SPAM)


def test_reports_from_trusted_readers_hide_a_post_sooner(topic: Topic, settings: Settings) -> None:
    settings.FORUM_REPORT_THRESHOLD = 3
    post = comment(topic)
    member = author_with(approved=3, days=3, visits=2)

    first = _report_by(post, member)
    post.refresh_from_db()
    assert (first.weight, post.status) == (2, Post.Status.VISIBLE)
    _report_by(post, ReaderFactory())

    post.refresh_from_db()
    assert (post.status, post.held_code) == (Post.Status.PENDING, HoldCode.REPORTS)
    assert post.held_reason == "Reported by 2 readers, weighing 3 by their trust (spam)."


def test_reports_from_new_readers_count_once_each(topic: Topic, settings: Settings) -> None:
    settings.FORUM_REPORT_THRESHOLD = 3
    post = comment(topic)

    for _ in range(2):
        _report_by(post, ReaderFactory())

    post.refresh_from_db()
    assert post.status == Post.Status.VISIBLE


@pytest.mark.parametrize("decision", ["reject", "remove"])
def test_a_post_taken_down_on_reports_counts_once_against_its_author(
    decision: str, topic: Topic, settings: Settings
) -> None:
    settings.FORUM_REPORT_THRESHOLD = 2
    post = comment(topic)
    for _ in range(2 if decision == "reject" else 1):  # reject: hidden by reports first
        _report_by(post, ReaderFactory())
    post.refresh_from_db()
    decide = post_reject if decision == "reject" else post_remove

    decide(post=post, moderator=ModeratorFactory(), reason=rejection_reason("spam"))

    assert User.objects.get(pk=post.author_id).upheld_reports == 1


def test_a_post_taken_down_without_reports_does_not_count_as_reports_upheld(
    topic: Topic,
) -> None:
    post = comment(topic)

    post_remove(post=post, moderator=ModeratorFactory(), reason=rejection_reason("spam"))

    assert User.objects.get(pk=post.author_id).upheld_reports == 0


def test_the_queue_shows_each_authors_trust_level(mod_client: Client, held: Post) -> None:
    User.objects.filter(pk=held.author_id).update(trust_level_granted=2)

    page = mod_client.get("/moderation/").content.decode()

    assert "trust level 2 (member)" in page


def test_the_moderation_queue_api_gives_each_authors_trust_level(
    mod_client: Client, held: Post
) -> None:
    body = mod_client.get("/api/v1/moderation/queue/").json()

    (author,) = (item["author"] for item in body["results"])
    assert (author["trust_level"], author["trust_level_name"]) == (0, "new")
