"""A person's notifications, as their inbox shows them."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import NotificationKind, User
from articles.models import Article
from forum.discussions.models import Post
from forum.discussions.selectors import public_topic_q
from forum.notifications.models import Notification, TopicSubscription

ABOUT_A_POST = (NotificationKind.REPLY, NotificationKind.MENTION, NotificationKind.WATCHED_TOPIC)
# Who may be told anything, in the app or by mail: neither banned nor deleted.
REACHABLE_STATES = (User.State.ACTIVE, User.State.SUSPENDED)


def notification_inbox(*, user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first, leaving out those about a post that has since
    been held, removed or deleted, or whose discussion is no longer public, and those about a
    correction to an article no longer live."""
    still_shown = Q(post__status=Post.Status.VISIBLE) & public_topic_q("post__topic__")
    article_live = Q(
        event__article_note__article__status=Article.Status.PUBLISHED,
        event__article_note__article__publish_at__lte=timezone.now(),
    )
    return (
        Notification.objects.filter(recipient=user)
        .exclude(Q(kind__in=ABOUT_A_POST) & ~still_shown)
        .exclude(Q(kind=NotificationKind.ARTICLE_CORRECTED) & ~article_live)
        .select_related("actor", "event__article_note__article", "post__topic")
        .order_by("-created_at", "-id")
    )


def notification_unread_count(*, user: User) -> int:
    return notification_inbox(user=user).filter(read_at__isnull=True).count()


def notification_unread_badge(*, user: User) -> int:
    """The unread count as every page's header shows it. Most readers have nothing unread on
    most pages: that is asked first, of the unread index alone (a short statement), and the
    inbox's rules (nine joins to compose) are applied only when there is something to count."""
    if not Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).exists():
        return 0
    return notification_unread_count(user=user)


SUBSCRIPTION_NONE = "none"


def topic_subscription_level(*, user: User, topic_id: int) -> str:
    """Watching, muted, or "none" when the user never chose. (A user has one row a topic: no
    order to compose, every member's view of a discussion asks it.)"""
    levels = TopicSubscription.objects.filter(user_id=user.pk, topic_id=topic_id).order_by()
    level = next(iter(levels.values_list("level", flat=True)[:1]), None)
    return level or SUBSCRIPTION_NONE
