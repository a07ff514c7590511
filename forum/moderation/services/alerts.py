"""Telling moderators what waits for them: new items in batches, and items waiting too long."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from forum.discussions.models import Post
from forum.notifications.events import event_record
from forum.notifications.models import NotificationEvent


@transaction.atomic
def moderation_queue_alert() -> int:
    """One batched alert for the posts held since the last one (none when nothing is new).

    Returns how many posts the alert stands for.
    """
    last = (
        NotificationEvent.objects.select_for_update()
        .filter(kind=NotificationEvent.Kind.QUEUE_WAITING)
        .order_by("-created_at")
        .first()
    )
    waiting = Post.objects.filter(status=Post.Status.PENDING, open_report_count=0)
    if last is not None:
        waiting = waiting.filter(held_at__gt=last.created_at)
    count = waiting.count()
    if count:
        event_record(kind=NotificationEvent.Kind.QUEUE_WAITING, count=count)
    return count


def moderation_reminders_send() -> int:
    """A reminder, once per post, for each held post older than a day. Returns how many."""
    overdue = Post.objects.filter(
        status=Post.Status.PENDING,
        held_at__lt=timezone.now() - timedelta(hours=settings.MODERATION_REMINDER_HOURS),
    ).exclude(notification_events__kind=NotificationEvent.Kind.QUEUE_REMINDER)
    sent = 0
    for post in overdue[:500]:
        try:
            with transaction.atomic():
                event_record(kind=NotificationEvent.Kind.QUEUE_REMINDER, post=post)
        except IntegrityError:
            continue  # another run reminded of it a moment ago
        sent += 1
    return sent
