"""Mailing notifications: at once, or gathered in a daily digest; and unsubscribing."""

from __future__ import annotations

from itertools import groupby

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import Delivery, NotificationKind, NotificationPreference, User
from accounts.selectors import notification_preferences_for
from accounts.viewer import Viewer
from forum.discussions.models import Post
from forum.discussions.permissions import topic_is_public
from forum.notifications.messages import DIGEST, digest_message, notification_message
from forum.notifications.models import Notification
from forum.notifications.selectors import ABOUT_A_POST, REACHABLE_STATES


def _recipient_reachable(recipient: User) -> bool:
    """Active, neither banned nor deleted, with an address they proved is theirs."""
    if not recipient.is_active or recipient.state not in REACHABLE_STATES or not recipient.email:
        return False
    return EmailAddress.objects.filter(
        user=recipient, email__iexact=recipient.email, verified=True
    ).exists()


def _post_still_told(notification: Notification) -> bool:
    """Re-checked at delivery: the post may have been taken down, its discussion withdrawn, the
    corrected article unpublished."""
    if notification.kind == NotificationKind.ARTICLE_CORRECTED:
        note = notification.event.article_note
        return note is not None and note.article.is_live
    if notification.kind not in ABOUT_A_POST:
        return True
    post = notification.post
    return post is not None and post.status == Post.Status.VISIBLE and topic_is_public(post.topic)


@transaction.atomic
def notification_email_send(*, notification_id: int) -> Notification.EmailStatus | None:
    """Send one notification's mail, once.

    The row stays locked while the mail goes out and is marked sent in the same transaction,
    so a second run, or a retry after a crash, finds it sent. Raises what the mail backend
    raises; the task retries.
    """
    notification = (
        Notification.objects.select_for_update(no_key=True, of=("self",))
        .select_related(
            "recipient",
            "actor",
            "event__article_note__article",
            "post__topic__article",
            "post__topic__opening_post",
        )
        .filter(pk=notification_id, email_status=Notification.EmailStatus.PENDING)
        .first()
    )
    if notification is None:
        return None
    notification.email_attempts += 1
    worth_telling = _recipient_reachable(notification.recipient) and _post_still_told(notification)
    if notification.read_at is not None or not worth_telling:
        notification.email_status = Notification.EmailStatus.SKIPPED
    else:
        notification_message(notification).send()
        notification.email_status = Notification.EmailStatus.SENT
        notification.emailed_at = timezone.now()
    notification.save(update_fields=["email_status", "email_attempts", "emailed_at"])
    return Notification.EmailStatus(notification.email_status)


def notification_email_give_up(*, notification_id: int, error: str) -> None:
    """Record that a mail could not be sent after every retry."""
    Notification.objects.filter(
        pk=notification_id, email_status=Notification.EmailStatus.PENDING
    ).update(email_status=Notification.EmailStatus.FAILED, email_error=error[:2000])


def notifications_digest_send() -> int:
    """Mail each user their digest notifications not yet read nor digested, in one mail.

    Returns how many mails went out. Each user's mail is its own transaction: one failing
    mail leaves the others sent and itself due tomorrow.
    """
    due = (
        Notification.objects.filter(delivery=Delivery.DIGEST, digested_at__isnull=True)
        .select_related(
            "recipient",
            "actor",
            "event__article_note__article",
            "post__topic__article",
            "post__topic__opening_post",
        )
        .order_by("recipient_id", "created_at")
    )
    sent = 0
    for _, group in groupby(due.iterator(chunk_size=2000), key=lambda n: n.recipient_id):
        notifications = list(group)
        with transaction.atomic():
            ids = [n.pk for n in notifications]
            locked = Notification.objects.select_for_update(no_key=True).filter(
                pk__in=ids, digested_at__isnull=True
            )
            ids = list(locked.values_list("pk", flat=True))
            reachable = _recipient_reachable(notifications[0].recipient)
            worth = [
                n
                for n in notifications
                if reachable and n.pk in ids and n.read_at is None and _post_still_told(n)
            ]
            if worth:
                digest_message(worth[0].recipient, worth).send()
                sent += 1
            Notification.objects.filter(pk__in=ids).update(digested_at=timezone.now())
    return sent


@transaction.atomic
def notifications_unsubscribe(*, user_id: int, kind: str) -> User | None:
    """Stop mails of `kind` (or the whole digest) for the user; in-app notices stay."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return None
    kinds = (
        [
            k
            for k, delivery in notification_preferences_for(viewer=Viewer.of(user)).items()
            if delivery == Delivery.DIGEST
        ]
        if kind == DIGEST
        else [kind]
    )
    for each in kinds:
        NotificationPreference.objects.update_or_create(
            user=user, kind=each, defaults={"delivery": Delivery.IN_APP}
        )
    return user
