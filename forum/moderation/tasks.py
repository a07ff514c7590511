"""Celery entry points for the moderators' periodic alerts: thin, each safe to run twice.

Each is named after what it runs, with `_task`; the alerts are outbox events
(forum/notifications/events.py), fanned out and mailed by the notifications' tasks.
"""

from __future__ import annotations

from celery import shared_task

from forum.moderation.coordinated import push_watches_prune
from forum.moderation.services.alerts import moderation_queue_alert, moderation_reminders_send


@shared_task(acks_late=True)
def moderation_queue_alert_task() -> int:
    return moderation_queue_alert()


@shared_task(acks_late=True)
def moderation_reminders_send_task() -> int:
    return moderation_reminders_send()


@shared_task(acks_late=True)
def push_watches_prune_task() -> int:
    return push_watches_prune()
