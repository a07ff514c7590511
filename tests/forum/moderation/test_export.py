"""What moderation adds to a person's data export (forum/moderation/export.py)."""

from __future__ import annotations

import pytest
from pytest_django import Settings

from accounts.models import User
from accounts.services.export import account_export
from forum.discussions.models import Post, Topic
from forum.moderation.services.decisions import post_reject, rejection_reason
from forum.moderation.services.reports import report_create
from tests.factories import comment

pytestmark = pytest.mark.django_db


def test_account_export_holds_the_reports_the_user_made(
    topic: Topic, reader: User, moderator: User
) -> None:
    reported = comment(topic, author=moderator)
    report_create(post=reported, reporter=reader, reason="other", text="Not about magnets.")

    reports = account_export(user=reader)["reports"]

    assert reports == [
        {
            "post": reported.pk,
            "reason": "other",
            "text": "Not about magnets.",
            "status": "open",
            "created_at": reported.reports.get().created_at.isoformat(),
        }
    ]


def test_account_export_holds_why_the_users_posts_were_rejected(
    topic: Topic, reader: User, moderator: User, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    held = comment(topic, author=reader)
    assert held.status == Post.Status.PENDING
    post_reject(post=held, moderator=moderator, reason=rejection_reason("off_topic"))
    held.refresh_from_db()

    data = account_export(user=reader)

    assert data["rejection_reasons"] == [
        {
            "post": held.pk,
            "status": "rejected",
            "reason": held.moderation_reason,
            "decided_at": held.moderated_at.isoformat(),
        }
    ]
    assert held.moderation_reason
    assert moderator.username not in str(data["rejection_reasons"])


def test_account_export_holds_no_one_elses_reports_or_rejections(
    topic: Topic, reader: User, moderator: User, settings: Settings
) -> None:
    settings.FORUM_PREMODERATE_FIRST_POSTS = 1
    held = comment(topic, author=reader)
    post_reject(post=held, moderator=moderator, reason=rejection_reason("spam"))
    report_create(post=comment(topic, author=moderator), reporter=reader, reason="spam")

    data = account_export(user=moderator)

    assert (data["reports"], data["rejection_reasons"]) == ([], [])
