"""What moderation holds about a person, in their data export (accounts.services.export): the
history of their account's state, the reports they made, and why moderators rejected or removed
their posts. Registered in ModerationConfig.ready().

Who made each decision is left out: moderators act for the site, not as themselves.
"""

from __future__ import annotations

from accounts.models import User
from accounts.services.export import export_time
from forum.discussions.models import Post
from forum.moderation.models import AccountStateChange, Report


def account_state_history_export(user: User) -> list[dict[str, object]]:
    """Suspensions, bans, reinstatements: what, when, until when and why, newest first."""
    return [
        {
            "from_state": change.from_state,
            "to_state": change.to_state,
            "until": export_time(change.until),
            "reason": change.reason,
            "created_at": export_time(change.created_at),
        }
        for change in AccountStateChange.objects.filter(user=user)
    ]


def reports_export(user: User) -> list[dict[str, object]]:
    """The reports the user made, oldest first, and what became of each."""
    return [
        {
            "post": report.post_id,
            "reason": report.reason,
            "text": report.text,
            "status": report.status,
            "created_at": export_time(report.created_at),
        }
        for report in Report.objects.filter(reporter=user).order_by("created_at", "id")
    ]


def rejection_reasons_export(user: User) -> list[dict[str, object]]:
    """Why each of the user's rejected or removed posts was taken down, oldest decision first."""
    posts = (
        Post.objects.filter(author=user, status__in=[Post.Status.REJECTED, Post.Status.REMOVED])
        .order_by("moderated_at", "id")
        .only("status", "moderation_reason", "moderated_at")
    )
    return [
        {
            "post": post.pk,
            "status": post.status,
            "reason": post.moderation_reason,
            "decided_at": export_time(post.moderated_at),
        }
        for post in posts
    ]
