"""What a notification says, in the site and by mail, and the signed unsubscribe links."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import NotificationKind, User
from articles.models import ArticleNote
from forum.notifications.models import Notification

UNSUBSCRIBE_SALT = "forum.notifications.unsubscribe"
DIGEST = "digest"  # an unsubscribe token for the daily digest as a whole
# Kinds renamed since mails went out: their unsubscribe links carry the old name and must work.
RENAMED_KINDS = {"moderation_flagged": NotificationKind.MODERATION_REPORTED}


def absolute(path: str) -> str:
    site_url: str = settings.SITE_URL
    return site_url.rstrip("/") + path


def notification_text(notification: Notification) -> str:
    """One sentence saying what happened, as the recipient reads it."""
    actor = notification.actor.public_name if notification.actor else "Someone"
    post = notification.post
    where = f"“{post.topic.title}”" if post else "the forum"
    event = notification.event
    match notification.kind:
        case NotificationKind.REPLY:
            return f"{actor} replied to your comment in {where}."
        case NotificationKind.MENTION:
            return f"{actor} mentioned you in {where}."
        case NotificationKind.WATCHED_TOPIC:
            return f"{actor} posted in {where}, which you watch."
        case NotificationKind.MODERATION_OUTCOME if event.kind == event.Kind.POST_EDITED:
            reason = f" Reason: {event.reason}" if event.reason else ""
            return f"A moderator edited your comment in {where}.{reason}"
        case NotificationKind.MODERATION_OUTCOME if post and post.status == post.Status.VISIBLE:
            return f"Your comment in {where} was approved and is now visible."
        case NotificationKind.MODERATION_OUTCOME:
            verb = "removed" if post and post.status == post.Status.REMOVED else "not approved"
            reason = f" Reason: {event.reason}" if event.reason else ""
            return f"Your comment in {where} was {verb}.{reason}"
        case NotificationKind.MODERATION_REPORTED:
            return f"A comment in {where} was reported by several readers and is hidden for review."
        case NotificationKind.MODERATION_QUEUE:
            count = event.count
            return (
                f"{count} new comment{'s' * (count != 1)} wait{'s' * (count == 1)} for moderation."
            )
        case NotificationKind.MODERATION_REMINDER:
            return f"A comment in {where} has waited for moderation for over a day."
        case NotificationKind.ARTICLE_CORRECTED if event.article_note is not None:
            note = event.article_note
            done = "corrected" if note.kind == note.Kind.CORRECTION else "updated"
            return f"“{note.article.title}”, an article you discussed, was {done}."
        case NotificationKind.MODERATION_ALERT:
            return f"A coordinated push: {event.reason} Its posts wait for moderation."
    return "Something happened in the discussions."


def _article_note(notification: Notification) -> ArticleNote | None:
    """The correction or update an article_corrected notification tells of (None for any
    other kind, without a query)."""
    if notification.kind != NotificationKind.ARTICLE_CORRECTED:
        return None
    return notification.event.article_note


def notification_path(notification: Notification) -> str:
    """Where the notification leads on this site: the exact comment, or the moderation queue."""
    if notification.kind in (
        NotificationKind.MODERATION_QUEUE,
        NotificationKind.MODERATION_REMINDER,
        NotificationKind.MODERATION_REPORTED,
        NotificationKind.MODERATION_ALERT,
    ):
        return reverse("moderation:queue")
    note = _article_note(notification)
    if note is not None:
        return f"{note.article.get_absolute_url()}#note-{note.pk}"
    if notification.post_id:
        return reverse("forum:post", kwargs={"pk": notification.post_id})
    return reverse("notifications:list")


def notification_url(notification: Notification) -> str:
    """The same, absolute, for mail."""
    return absolute(notification_path(notification))


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    """The user id and kind a token was made for; BadSignature when it was tampered with."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict):
        raise signing.BadSignature("Not an unsubscribe token.")
    named = data.get("k")
    kind = RENAMED_KINDS.get(named, named) if isinstance(named, str) else named
    if kind not in [*NotificationKind.values, DIGEST]:
        raise signing.BadSignature("Not an unsubscribe token.")
    return int(data["u"]), str(kind)


def _message(
    *, user: User, kind: str, subject: str, template: str, context: dict[str, object]
) -> EmailMultiAlternatives:
    """A mail in the site's style with a one-click unsubscribe for `kind` (RFC 8058)."""
    unsubscribe_url = absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind)])
    )
    context = context | {
        "user": user,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url,
        "kind_label": "the daily digest" if kind == DIGEST else NotificationKind(kind).label,
        "settings_url": absolute(reverse("accounts:settings_notifications")),
    }
    message = EmailMultiAlternatives(
        # One line: a display name or a moderator's reason in it may hold line breaks, which
        # Django refuses in a header (BadHeaderError) rather than send.
        subject=f"[{settings.SITE_NAME}] {' '.join(subject.split())}",
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def notification_message(notification: Notification) -> EmailMultiAlternatives:
    text = notification_text(notification)
    return _message(
        user=notification.recipient,
        kind=notification.kind,
        subject=text,
        template="notification",
        context={
            "text": text,
            "url": notification_url(notification),
            "post": notification.post,
            "note": _article_note(notification),
        },
    )


def digest_message(user: User, notifications: list[Notification]) -> EmailMultiAlternatives:
    items = [{"text": notification_text(n), "url": notification_url(n)} for n in notifications]
    count = len(items)
    return _message(
        user=user,
        kind=DIGEST,
        subject=f"Your daily digest: {count} update{'s' * (count != 1)}",
        template="digest",
        context={"items": items},
    )
