"""`{% topic_subscription_level topic as level %}`: how the reader of the page follows a
discussion, and `{% topic_watch_refusal topic as refusal %}`: why they may not change it, for
the buttons that change it (notifications/_topic_subscription.html)."""

from __future__ import annotations

from django import template

from accounts.permissions import Refusal
from accounts.viewer import viewer_for
from forum.discussions.models import Topic
from forum.discussions.permissions import topic_watch_refusal as watch_refusal
from forum.notifications.selectors import topic_subscription_level as level_of

register = template.Library()


@register.simple_tag(takes_context=True)
def topic_subscription_level(context: template.Context, topic: Topic) -> str:
    """ "watching", "muted" or "none" for the logged-in reader in `context` (one query)."""
    return level_of(user=context["user"], topic_id=topic.pk)


@register.simple_tag(takes_context=True)
def topic_watch_refusal(context: template.Context, topic: Topic) -> Refusal | None:
    return watch_refusal(viewer_for(context["request"]), topic)
