"""Recording what happened: a service writes the event into the outbox (NotificationEvent) in
its own transaction, and the fan-out task is queued for it after commit.

The fan-out task is imported here by name (the outbox itself imports no task), so
go-to-definition leads from a caller's `event_record(...)` here, from here to
`notification_event_fan_out_task`, and from that to the mail task: the whole path is written
down in forum/notifications/outbox.py.
"""

from __future__ import annotations

from accounts.models import User
from articles.models import ArticleNote
from forum.discussions.models import Post
from forum.notifications.models import NotificationEvent
from forum.notifications.outbox import queue_on_commit
from forum.notifications.tasks import notification_event_fan_out_task


def event_record(
    *,
    kind: NotificationEvent.Kind,
    post: Post | None = None,
    article_note: ArticleNote | None = None,
    actor: User | None = None,
    reason: str = "",
    count: int = 1,
) -> NotificationEvent:
    """Write an event into the outbox and have it fanned out once the transaction commits.

    Precondition: called inside the transaction that makes the event true.
    """
    event = NotificationEvent.objects.create(
        kind=kind, post=post, article_note=article_note, actor=actor, reason=reason, count=count
    )
    queue_on_commit(notification_event_fan_out_task, event.pk)
    return event
