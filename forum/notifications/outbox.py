"""The outbox's way out: tasks queued once the transaction that made their work true commits.

Only ids cross the queue. This module imports no task: whoever queues one names it by import
and hands it over, so go-to-definition leads from every `queue_on_commit(...)` to its task.
The path of an event, from a comment to its mail:

    forum/discussions/services/posting.py   event_record(kind=POST_PUBLISHED, ...)
    forum/notifications/events.py           event_record: the row, then
                                            queue_on_commit(notification_event_fan_out_task, id)
    forum/notifications/tasks.py            notification_event_fan_out_task: the fan-out service
                                            (services/fanout.py), then for each mail
                                            queue_on_commit(notification_email_send_task, id)
    forum/notifications/tasks.py            notification_email_send_task: services/mail.py

Imports run one way along it (events -> tasks -> services -> models, and each of them -> this
module), so there is no import circle. A broker that is down loses nothing: what was queued for
is in the database already, and `notifications_sweep_task` queues it again.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from functools import partial
from typing import Any

from celery import Task
from django.db import transaction
from kombu import Connection
from kombu.exceptions import OperationalError as KombuOperationalError

from config.celery import app as celery_app

logger = logging.getLogger(__name__)


def queue_on_commit(task: Task[..., Any], *ids: int) -> None:
    """Queue `task(*ids)` once the current transaction commits (at once outside of one); not at
    all if it rolls back."""
    transaction.on_commit(partial(task_queue, task, *ids))


def task_queue(task: Task[..., Any], *ids: int) -> None:
    """Queue `task(*ids)` now. A broker that is down is logged, not raised: what was queued for
    is in the database already, and the periodic sweep queues it again."""
    try:
        task.apply_async(args=ids, connection=_broker_connection(), retry=False)  # type: ignore[call-arg]  # `connection` goes on to app.send_task, which takes it; celery-types leaves it out
    except (KombuOperationalError, OSError) as error:
        _broker_connection_drop()
        logger.warning("Could not queue %s%r: %s", task.name, ids, error)


_broker = threading.local()


def _broker_connection() -> Connection:
    """This thread's connection to the broker, opened on first use and kept: opening one for
    every task cost more than a comment's other writes (bench/bench_posting.py). Dropped when
    it fails, or when the broker's URL changes. One attempt to reach the broker, not kombu's
    default of several with back-off: a reader posting while Redis is down should wait
    milliseconds, not seconds."""
    url = celery_app.conf.broker_write_url or celery_app.conf.broker_url
    kept: tuple[str, Connection] | None = getattr(_broker, "kept", None)
    if kept is None or kept[0] != url:
        _broker_connection_drop()
        options = {**celery_app.conf.broker_transport_options, "max_retries": 0}
        kept = (url, celery_app.connection_for_write(transport_options=options))
        _broker.kept = kept
    return kept[1]


def _broker_connection_drop() -> None:
    kept: tuple[str, Connection] | None = getattr(_broker, "kept", None)
    _broker.kept = None
    if kept is not None:
        with contextlib.suppress(Exception):  # closing what has failed may fail again
            kept[1].release()
