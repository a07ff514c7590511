"""Celery entry points for the moderators' periodic alerts: thin, each safe to run twice."""

from __future__ import annotations

from celery import shared_task

from forum.moderation.services.alerts import moderation_queue_alert, moderation_reminders_send


@shared_task(acks_late=True)
def moderation_queue_alerts() -> int:
    return moderation_queue_alert()


@shared_task(acks_late=True)
def moderation_reminders() -> int:
    return moderation_reminders_send()
