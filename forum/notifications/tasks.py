"""Celery entry points for the notifications: thin, by id, each safe to run twice.

Each is named after the service it calls, with `_task`. What a task queues next it queues
here, by name and after commit (forum/notifications/outbox.py): the services queue nothing.
"""

from __future__ import annotations

from smtplib import SMTPException
from typing import Any

from celery import shared_task
from django.conf import settings

from forum.notifications.outbox import queue_on_commit
from forum.notifications.services.fanout import notification_event_fan_out
from forum.notifications.services.mail import (
    notification_email_give_up,
    notification_email_send,
    notifications_digest_send,
)
from forum.notifications.services.sweep import notifications_sweep

MAIL_ERRORS = (SMTPException, OSError, ConnectionError)


@shared_task(bind=True, acks_late=True, max_retries=settings.NOTIFICATIONS_EMAIL_MAX_RETRIES)
def notification_email_send_task(self: Any, notification_id: int) -> str | None:
    """Mail one notification; on a mail error retry with exponential backoff, then give up
    and record why."""
    try:
        status = notification_email_send(notification_id=notification_id)
    except MAIL_ERRORS as error:
        if self.request.retries >= self.max_retries:
            notification_email_give_up(notification_id=notification_id, error=repr(error))
            return "failed"
        raise self.retry(exc=error, countdown=min(3600, 30 * 2**self.request.retries)) from error
    return status


@shared_task(acks_late=True)
def notification_event_fan_out_task(event_id: int) -> int:
    """Fan the event out, then queue a mail for each notification to be mailed at once."""
    fan_out = notification_event_fan_out(event_id=event_id)
    for notification_id in fan_out.to_mail:
        queue_on_commit(notification_email_send_task, notification_id)
    return fan_out.written


@shared_task(acks_late=True)
def notifications_digest_send_task() -> int:
    return notifications_digest_send()


@shared_task(acks_late=True)
def notifications_sweep_task() -> dict[str, int]:
    """Queue again what the broker never got. Safe any time: each task does its work once."""
    overdue = notifications_sweep()
    for event_id in overdue.events:
        queue_on_commit(notification_event_fan_out_task, event_id)
    for notification_id in overdue.mails:
        queue_on_commit(notification_email_send_task, notification_id)
    return {"events": len(overdue.events), "mails": len(overdue.mails)}
