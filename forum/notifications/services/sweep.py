"""The sweep: what the broker never got. An event is written in the transaction that made it
true, and its task is queued only after the commit; a broker that was down then, or lost what
it held, leaves the event unprocessed or the mail pending, and the sweep finds it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from forum.notifications.models import Notification, NotificationEvent

SWEEP_BATCH = 1000


@dataclass(frozen=True)
class Overdue:
    """Events not fanned out and mails not sent, past the grace period: their ids."""

    events: tuple[int, ...]
    mails: tuple[int, ...]


def notifications_sweep() -> Overdue:
    """The events and mails to queue again: older than NOTIFICATIONS_SWEEP_GRACE_SECONDS (a
    younger one has its task queued already, most likely), at most SWEEP_BATCH of each.
    Queueing them twice is safe: each task does its work once
    (`notifications_sweep_task` in forum/notifications/tasks.py queues them)."""
    grace = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS)
    events = NotificationEvent.objects.filter(
        processed_at__isnull=True, created_at__lt=grace
    ).values_list("pk", flat=True)
    mails = Notification.objects.filter(
        email_status=Notification.EmailStatus.PENDING, created_at__lt=grace
    ).values_list("pk", flat=True)
    return Overdue(events=tuple(events[:SWEEP_BATCH]), mails=tuple(mails[:SWEEP_BATCH]))
