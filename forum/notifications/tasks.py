"""Celery entry points for the discussions: thin, by id, each safe to run twice."""

from __future__ import annotations

from smtplib import SMTPException
from typing import Any

from celery import shared_task
from django.conf import settings

from forum.notifications.services.fanout import notification_event_fan_out as fan_out
from forum.notifications.services.fanout import notifications_sweep as sweep
from forum.notifications.services.mail import (
    notification_email_deliver,
    notification_email_give_up,
    notifications_digest_send,
)

MAIL_ERRORS = (SMTPException, OSError, ConnectionError)


@shared_task(acks_late=True)
def notification_event_fan_out(event_id: int) -> int:
    return fan_out(event_id=event_id)


@shared_task(bind=True, acks_late=True, max_retries=settings.NOTIFICATIONS_EMAIL_MAX_RETRIES)
def notification_email_send(self: Any, notification_id: int) -> str | None:
    """Mail one notification; on a mail error retry with exponential backoff, then give up
    and record why."""
    try:
        status = notification_email_deliver(notification_id=notification_id)
    except MAIL_ERRORS as error:
        if self.request.retries >= self.max_retries:
            notification_email_give_up(notification_id=notification_id, error=repr(error))
            return "failed"
        raise self.retry(exc=error, countdown=min(3600, 30 * 2**self.request.retries)) from error
    return status


@shared_task(acks_late=True)
def notifications_digest() -> int:
    return notifications_digest_send()


@shared_task(acks_late=True)
def notifications_sweep() -> dict[str, int]:
    return sweep()
