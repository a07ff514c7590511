"""The Celery entry points as the scheduler and the workers find them."""

from __future__ import annotations

from django.conf import settings

from config.celery import app


def test_beat_schedule_names_only_registered_tasks() -> None:
    """A task renamed without its schedule would never run again, silently."""
    app.loader.import_default_modules()  # the apps' tasks modules, as a worker loads them

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled == {
        "forum.notifications.tasks.notifications_sweep_task",
        "forum.notifications.tasks.notifications_digest_send_task",
        "forum.moderation.tasks.moderation_queue_alert_task",
        "forum.moderation.tasks.moderation_reminders_send_task",
        "forum.moderation.tasks.push_watches_prune_task",
    }
    assert scheduled <= set(app.tasks)
