"""Notifications: the outbox is written with what happened, and turned into notifications and
mails by tasks after commit. Every step is idempotent, so a retry or a sweep never tells
anyone twice."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from kombu import Connection
from kombu.exceptions import OperationalError as KombuOperationalError

from accounts.models import (
    DEFAULT_DELIVERY,
    Delivery,
    NotificationKind,
    NotificationPreference,
    User,
)
from accounts.roles import DISCUSSION_STAFF_ROLES
from accounts.viewer import Viewer
from config.celery import app as celery_app
from forum.discussions.models import Post, Topic
from forum.discussions.permissions import check_can_watch_topic, topic_is_public
from forum.discussions.rendering import linked_mentions
from forum.notifications.models import Notification, NotificationEvent, TopicSubscription
from forum.notifications.selectors import ABOUT_A_POST

logger = logging.getLogger(__name__)

Kind = NotificationEvent.Kind
REACHABLE_STATES = (User.State.ACTIVE, User.State.SUSPENDED)
STAFF_KINDS = {
    Kind.POST_REPORTED: NotificationKind.MODERATION_REPORTED,
    Kind.QUEUE_WAITING: NotificationKind.MODERATION_QUEUE,
    Kind.QUEUE_REMINDER: NotificationKind.MODERATION_REMINDER,
}
BULK_BATCH = 1000


def event_record(
    *,
    kind: NotificationEvent.Kind,
    post: Post | None = None,
    actor: User | None = None,
    reason: str = "",
    count: int = 1,
) -> NotificationEvent:
    """Write an event into the outbox and have it fanned out once the transaction commits.

    Precondition: called inside the transaction that makes the event true.
    """
    event = NotificationEvent(kind=kind, post=post, actor=actor, reason=reason, count=count)
    _event_insert(event)
    transaction.on_commit(lambda: enqueue("notification_event_fan_out", event.pk))
    return event


_EVENT_INSERT = (
    'INSERT INTO "forum_notificationevent" '
    "(kind, post_id, actor_id, reason, count, created_at, processed_at) "
    "VALUES (%s, %s, %s, %s, %s, %s, NULL)"
)


def _event_insert(event: NotificationEvent) -> None:
    """event.save(force_insert=True), written out: every post writes an event, and the ORM took
    longer to build the INSERT than the database took to run it (bench/bench_posting.py). The
    new id comes back with the INSERT where the database can return it (PostgreSQL, SQLite
    3.35+), else from the cursor, as the ORM has it."""
    values = [
        event.kind,
        event.post_id,
        event.actor_id,
        event.reason,
        event.count,
        connection.ops.adapt_datetimefield_value(event.created_at),
    ]
    with connection.cursor() as cursor:
        if connection.features.can_return_columns_from_insert:
            cursor.execute(f"{_EVENT_INSERT} RETURNING id", values)
            (event.pk,) = cursor.fetchone()
        else:
            cursor.execute(_EVENT_INSERT, values)
            event.pk = connection.ops.last_insert_id(cursor, "forum_notificationevent", "id")
    event._state.adding, event._state.db = False, connection.alias  # as save() leaves it


def enqueue(task_name: str, *args: object) -> None:
    """Queue a task by name. A broker that is down is logged, not raised: what was queued for
    is in the database already, and the periodic sweep queues it again."""
    from forum.notifications import tasks

    task = getattr(tasks, task_name)
    try:
        task.apply_async(args=args, connection=_broker_connection(), retry=False)
    except (KombuOperationalError, OSError) as error:
        _broker_connection_drop()
        logger.warning("Could not queue %s%r: %s", task_name, args, error)


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


def _reachable() -> Q:
    """Accounts that may be told anything: active, neither banned nor deleted."""
    return Q(is_active=True, state__in=REACHABLE_STATES)


def _discussion_staff_ids() -> list[int]:
    return list(
        User.objects.filter(_reachable())
        .filter(Q(is_superuser=True) | Q(groups__name__in=DISCUSSION_STAFF_ROLES))
        .values_list("pk", flat=True)
        .distinct()
    )


def _post_audience(post: Post) -> dict[int, NotificationKind]:
    """Who hears of a newly visible post, each under the one reason that matters most to them:
    a reply to them, then a mention of them, then a topic they watch."""
    audience: dict[int, NotificationKind] = {}
    if post.reply_to_id and post.reply_to:
        audience[post.reply_to.author_id] = NotificationKind.REPLY
    # The mentions the page links (not those inside code or links), as rendering found them.
    handles = linked_mentions(post.body_html)
    if handles:
        mentioned = User.objects.annotate(handle_lower=Lower("username")).filter(
            handle_lower__in=handles
        )
        for user_id in mentioned.values_list("pk", flat=True):
            audience.setdefault(user_id, NotificationKind.MENTION)
    watchers = TopicSubscription.objects.filter(
        topic_id=post.topic_id, level=TopicSubscription.Level.WATCHING
    )
    for user_id in watchers.values_list("user_id", flat=True).iterator(chunk_size=5000):
        audience.setdefault(user_id, NotificationKind.WATCHED_TOPIC)
    muted = TopicSubscription.objects.filter(
        topic_id=post.topic_id, level=TopicSubscription.Level.MUTED
    ).values_list("user_id", flat=True)
    for user_id in muted:
        audience.pop(user_id, None)
    audience.pop(post.author_id, None)  # nobody is told about their own post
    return audience


def _audience(event: NotificationEvent) -> dict[int, NotificationKind]:
    post = event.post
    if event.kind in STAFF_KINDS:
        staff = _discussion_staff_ids()
        return {user_id: STAFF_KINDS[event.kind] for user_id in staff if user_id != event.actor_id}
    assert post is not None  # noqa: S101 - every other kind is about a post
    if event.kind in (Kind.POST_REJECTED, Kind.POST_REMOVED, Kind.POST_EDITED):
        return {post.author_id: NotificationKind.MODERATION_OUTCOME}
    if post.status != Post.Status.VISIBLE or not topic_is_public(post.topic):
        return {}  # held, removed or deleted before we got to it: nobody hears of it
    audience = _post_audience(post)
    if event.kind == Kind.POST_APPROVED:
        # A post hidden by reports or by an edit was visible before: whoever heard of it then
        # is not told again.
        already_told = Notification.objects.filter(post=post, kind__in=ABOUT_A_POST)
        for user_id in already_told.values_list("recipient_id", flat=True):
            audience.pop(user_id, None)
        audience = {post.author_id: NotificationKind.MODERATION_OUTCOME} | audience
    return audience


def _deliveries(audience: dict[int, NotificationKind]) -> dict[int, Delivery]:
    """Each recipient's chosen delivery for the kind they are told under (one query)."""
    chosen = {
        (user_id, kind): delivery
        for user_id, kind, delivery in NotificationPreference.objects.filter(
            user_id__in=list(audience), kind__in=set(audience.values())
        ).values_list("user_id", "kind", "delivery")
    }
    return {
        user_id: Delivery(chosen.get((user_id, kind), DEFAULT_DELIVERY[kind]))
        for user_id, kind in audience.items()
    }


@transaction.atomic
def notification_event_fan_out(*, event_id: int) -> int:
    """Turn an outbox event into notifications, in bulk; a second run does nothing.

    Returns how many notifications were written.
    """
    event = (
        NotificationEvent.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("post__topic__article", "post__topic__opening_post", "post__reply_to")
        .filter(pk=event_id, processed_at__isnull=True)
        .first()
    )
    if event is None:
        return 0  # done already, or another worker holds it
    audience = _audience(event)
    if audience:
        reachable = set(
            User.objects.filter(_reachable(), pk__in=list(audience)).values_list("pk", flat=True)
        )
        audience = {user_id: kind for user_id, kind in audience.items() if user_id in reachable}
    deliveries = _deliveries(audience)
    notifications = [
        Notification(
            recipient_id=user_id,
            event=event,
            kind=kind,
            delivery=deliveries[user_id],
            post=event.post,
            actor=event.actor,
            email_status=(
                Notification.EmailStatus.PENDING
                if deliveries[user_id] == Delivery.EMAIL
                else Notification.EmailStatus.NONE
            ),
        )
        for user_id, kind in audience.items()
        if deliveries[user_id] != Delivery.OFF
    ]
    Notification.objects.bulk_create(notifications, batch_size=BULK_BATCH, ignore_conflicts=True)
    event.processed_at = timezone.now()
    event.save(update_fields=["processed_at"])
    to_mail = list(
        Notification.objects.filter(
            event=event, email_status=Notification.EmailStatus.PENDING
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: [enqueue("notification_email_send", pk) for pk in to_mail])
    return len(notifications)


def topic_watch(*, user: User, topic_id: int, level: TopicSubscription.Level) -> None:
    """Watch or mute a topic. Raises PermissionDenied where watching is refused (a discussion
    the public cannot see: forum.discussions.permissions.topic_watch_refusal)."""
    topic = Topic.objects.select_related("article", "opening_post").get(pk=topic_id)
    check_can_watch_topic(Viewer.of(user), topic)
    TopicSubscription.objects.update_or_create(
        user=user, topic_id=topic_id, defaults={"level": level}
    )


def topic_unwatch(*, user: User, topic_id: int) -> None:
    """Neither watch nor mute the topic: replies and mentions still reach the user, and posting
    there again watches it."""
    TopicSubscription.objects.filter(user=user, topic_id=topic_id).delete()


def topic_watch_on_post(*, user: User, topic_id: int) -> None:
    """Posting in a topic watches it, unless the user muted it: one INSERT that leaves a row
    already there (watching or muted) as it is."""
    watching = TopicSubscription.Level.WATCHING
    TopicSubscription.objects.bulk_create(
        [TopicSubscription(user=user, topic_id=topic_id, level=watching)], ignore_conflicts=True
    )


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read: the given ones, or all. Returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def notifications_sweep() -> dict[str, int]:
    """Queue again what the broker never got: events not fanned out and mails not sent after
    a grace period. Safe to run any time: each task does its work once."""
    grace = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS)
    events = list(
        NotificationEvent.objects.filter(
            processed_at__isnull=True, created_at__lt=grace
        ).values_list("pk", flat=True)[:1000]
    )
    mails = list(
        Notification.objects.filter(
            email_status=Notification.EmailStatus.PENDING, created_at__lt=grace
        ).values_list("pk", flat=True)[:1000]
    )
    for pk in events:
        enqueue("notification_event_fan_out", pk)
    for pk in mails:
        enqueue("notification_email_send", pk)
    return {"events": len(events), "mails": len(mails)}
