"""Everything the site holds about a person, as JSON they can download and keep.

One key per kind of data, each from a function of its own.
"""

from __future__ import annotations

from datetime import datetime

from allauth.account.models import EmailAddress

from forum.discussions.models import Post

from ..models import DEFAULT_DELIVERY, NotificationKind, User


def account_export(*, user: User) -> dict[str, object]:
    """The user's data; every value is JSON-serialisable (times as ISO 8601 strings)."""
    return {
        "profile": _profile(user),
        "notification_preferences": _notification_preferences(user),
        "account_state_history": _account_state_history(user),
        "posts": _posts(user),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _profile(user: User) -> dict[str, object]:
    return {
        "handle": user.username,
        "display_name": user.display_name,
        "bio": user.bio,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "avatar": user.avatar.url if user.avatar else None,
        "email": user.email,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "state": user.effective_state.value,
        "suspended_until": _iso(user.suspended_until),
        "state_reason": user.state_reason,
    }


def _notification_preferences(user: User) -> dict[str, str]:
    """How each kind of notification reaches the user: their choice, or the default."""
    chosen = dict(user.notification_preferences.values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULT_DELIVERY[kind]) for kind in NotificationKind.values}


def _account_state_history(user: User) -> list[dict[str, object]]:
    """Suspensions, bans, reinstatements: what, when, until when and why, newest first.

    Who made each change is left out: moderators act for the site, not as themselves.
    """
    return [
        {
            "from_state": change.from_state,
            "to_state": change.to_state,
            "until": _iso(change.until),
            "reason": change.reason,
            "created_at": _iso(change.created_at),
        }
        for change in user.state_changes.all()
    ]


def _posts(user: User) -> list[dict[str, object]]:
    """Everything the user wrote, whatever became of it, oldest first, with its history."""
    posts = (
        Post.objects.filter(author=user)
        .select_related("topic")
        .prefetch_related("revisions")
        .order_by("created_at", "id")
    )
    return [
        {
            "id": post.pk,
            "topic": post.topic.title,
            "in_reply_to": post.reply_to_id,
            "body": post.body,
            "status": post.status,
            "created_at": _iso(post.created_at),
            "edited_at": _iso(post.edited_at),
            "earlier_versions": [
                {"body": revision.body, "replaced_at": _iso(revision.created_at)}
                for revision in post.revisions.all()
            ],
        }
        for post in posts
    ]
