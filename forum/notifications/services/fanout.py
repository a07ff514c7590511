"""The fan-out: an outbox event turned into notifications, each recipient told once under the
reason that matters most to them. Idempotent: a second run, or a run after a crash, tells
nobody twice. It queues nothing itself: it returns the notifications to mail, and
`notification_event_fan_out_task` (forum/notifications/tasks.py) queues their mails."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import (
    DEFAULT_DELIVERY,
    Delivery,
    NotificationKind,
    NotificationPreference,
    User,
)
from accounts.roles import DISCUSSION_STAFF_ROLES
from forum.discussions.models import Post
from forum.discussions.permissions import topic_is_public
from forum.discussions.rendering import linked_mentions
from forum.notifications.models import Notification, NotificationEvent, TopicSubscription
from forum.notifications.selectors import ABOUT_A_POST, REACHABLE_STATES

Kind = NotificationEvent.Kind
STAFF_KINDS: dict[str, NotificationKind] = {
    Kind.POST_REPORTED: NotificationKind.MODERATION_REPORTED,
    Kind.QUEUE_WAITING: NotificationKind.MODERATION_QUEUE,
    Kind.QUEUE_REMINDER: NotificationKind.MODERATION_REMINDER,
    Kind.COORDINATED_PUSH: NotificationKind.MODERATION_ALERT,
}
BULK_BATCH = 1000


@dataclass(frozen=True)
class FanOut:
    """What one run did: how many notifications it wrote, and which of them wait for a mail."""

    written: int = 0
    to_mail: tuple[int, ...] = ()


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


def _article_note_audience(event: NotificationEvent) -> dict[int, NotificationKind]:
    """Who hears of an article's correction or update: everyone with a visible comment under
    it and everyone watching its discussion, once each; not those who muted the discussion, nor
    the editor who wrote the note. Nobody while the article is not live. Two queries,
    however many people."""
    note = event.article_note
    assert note is not None  # noqa: S101 - an article_corrected event is about a note
    topic = getattr(note.article, "discussion", None)
    if topic is None or not note.article.is_live:
        return {}
    commenters = (
        Post.objects.filter(topic=topic, status=Post.Status.VISIBLE)
        .order_by()  # not by path: each author once
        .values_list("author_id", flat=True)
        .distinct()
    )
    subscriptions = TopicSubscription.objects.filter(topic=topic).values_list("user_id", "level")
    watching: set[int] = set()
    muted: set[int] = set()
    for user_id, level in subscriptions.iterator(chunk_size=5000):
        (watching if level == TopicSubscription.Level.WATCHING else muted).add(user_id)
    told = (set(commenters) | watching) - muted
    if event.actor_id is not None:
        told.discard(event.actor_id)  # nobody is told of their own note
    return dict.fromkeys(told, NotificationKind.ARTICLE_CORRECTED)


def _audience(event: NotificationEvent) -> dict[int, NotificationKind]:
    post = event.post
    if event.kind == Kind.ARTICLE_CORRECTED:
        return _article_note_audience(event)
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
def notification_event_fan_out(*, event_id: int) -> FanOut:
    """Turn an outbox event into notifications, in bulk; a second run does nothing.

    Returns how many notifications were written, and the ids of those to mail: the caller
    queues their mails once this has committed.
    """
    event = (
        NotificationEvent.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related(
            "post__topic__article",
            "post__topic__opening_post",
            "post__reply_to",
            "article_note__article__discussion",
        )
        .filter(pk=event_id, processed_at__isnull=True)
        .first()
    )
    if event is None:
        return FanOut()  # done already, or another worker holds it
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
            actor_id=event.actor_id,
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
    to_mail = Notification.objects.filter(
        event=event, email_status=Notification.EmailStatus.PENDING
    ).values_list("pk", flat=True)
    return FanOut(written=len(notifications), to_mail=tuple(to_mail))
